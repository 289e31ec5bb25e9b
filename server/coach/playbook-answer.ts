// The playbook coach: an answer assembled from the best-matching entry (its idea, what to try, lines to say, questions
// to think on) and, where the person's own history speaks to it, one of their own moments or practice items. This is
// the answer whenever no model is configured, and the fallback whenever the model does not answer well in time.
import { type FrameworkStep, STEP_TITLES } from './framework.ts';
import { sceneName } from './moment-phrases.ts';
import type { PersonalHistory } from './personal-history.ts';
import type { PlaybookEntry } from './playbook/playbook-entry.ts';
import type { PlaybookMatch } from './playbook/playbook-search.ts';
import type { Variation } from './variation.ts';

export interface CoachAnswer {
  question: string;
  /** Who wrote the text: the playbook, or the configured model (drawing on the same entries). */
  source: 'playbook' | 'model';
  text: string;
  entries: { id: string; title: string }[];
  advice: string[];
  phrasings: string[];
  followUps: string[];
  /** The part drawn from the person's own history, if any. */
  personal: string | null;
}

const MAX_ADVICE = 4;
const MAX_PHRASINGS = 2;
const MAX_FOLLOW_UPS = 2;

const OPENERS: readonly ((e: PlaybookEntry) => string)[] = [
  (e) => `${e.title}.`,
  (e) => `The playbook calls this one "${e.title.toLowerCase()}".`,
  (e) => `This sounds like a case for: ${e.title.toLowerCase()}.`,
];

/** A line tying the advice to the person's own quests, or null when their history has nothing to say about it. */
export function personalNote(steps: readonly FrameworkStep[], history: PersonalHistory, v: Variation): string | null {
  if (history.quests === 0) return null;
  const shown = history.strengths.find((s) => steps.includes(s.step));
  if (shown) {
    const step = STEP_TITLES[shown.step].toLowerCase();
    return v.pick('personal-strength', [
      `You have done this before (${step}): in ${sceneName(shown.scenarioTitle)}, ${shown.moment}. Bring the same move into this conversation.`,
      `This builds on something you already do. In ${sceneName(shown.scenarioTitle)}, ${shown.moment}; that was "${step}", and the real conversation needs the same move.`,
      `From your own quests: in ${sceneName(shown.scenarioTitle)}, ${shown.moment}. That is "${step}", exactly the muscle this situation calls for.`,
    ]);
  }
  const practised = history.practised.find((p) => steps.includes(p.step));
  if (practised) {
    return v.pick('personal-practice', [
      `Your debrief from ${sceneName(practised.scenarioTitle)} suggested practising "${STEP_TITLES[practised.step].toLowerCase()}"; this is a good, real place to try it.`,
      `This lines up with your practice item from ${sceneName(practised.scenarioTitle)} (${STEP_TITLES[practised.step].toLowerCase()}), so treat it as the rehearsal made real.`,
    ]);
  }
  const strength = history.strengths[0];
  if (strength) {
    return `A strength you can lean on: in ${sceneName(strength.scenarioTitle)}, ${strength.moment}. Start from there, then try the advice above.`;
  }
  return null;
}

export function playbookAnswer(
  question: string,
  matches: readonly PlaybookMatch[],
  history: PersonalHistory,
  v: Variation,
): CoachAnswer {
  const best = matches[0]?.entry;
  if (!best) return noMatch(question);
  const related = matches.slice(1).filter((m) => m.score >= (matches[0]?.score ?? 0) * 0.5);
  const advice = best.advice.slice(0, MAX_ADVICE);
  const phrasings = best.phrasings.slice(0, MAX_PHRASINGS);
  const followUps = best.followUps.slice(0, MAX_FOLLOW_UPS);
  const personal = personalNote(best.steps, history, v);
  const parts = [
    `${v.pick('opener', OPENERS)(best)} ${best.summary}`,
    ['What to try:', ...advice.map((a) => `- ${a}`)].join('\n'),
    ['You could say:', ...phrasings.map((p) => `“${p}”`)].join('\n'),
  ];
  if (personal) parts.push(personal);
  parts.push(['To think about:', ...followUps.map((f) => `- ${f}`)].join('\n'));
  if (related.length > 0) parts.push(`Related: ${related.map((m) => m.entry.title).join('; ')}.`);
  return {
    question,
    source: 'playbook',
    text: parts.join('\n\n'),
    entries: [best, ...related.map((m) => m.entry)].map((e) => ({ id: e.id, title: e.title })),
    advice,
    phrasings,
    followUps,
    personal,
  };
}

function noMatch(question: string): CoachAnswer {
  return {
    question,
    source: 'playbook',
    text:
      'I do not have a playbook entry that fits that question yet. I can help with deadlines promised to customers, ' +
      'tech debt and refactors, naming and pricing trade-offs, who gets to decide, tense planning meetings, people who ' +
      'have gone quiet, and rebuilding trust after something broke. Try describing the situation you are in, in a sentence or two.',
    entries: [],
    advice: [],
    phrasings: [],
    followUps: ['What is the situation, and what outcome would you like from the next conversation about it?'],
    personal: null,
  };
}
