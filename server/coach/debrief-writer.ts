// Writes one person's private debrief from their quest record: two or three observations (strengths first, then at
// most one growth edge), each quoting a moment of theirs, and one thing to practise. Which patterns apply depends on
// what happened; which wording is used depends on a seed of person and quest, so the same quest reads differently
// for different people and the same person reads differently across quests, while a rerun gives the same text.
import { type FrameworkStep, STEP_TITLES } from './framework.ts';
import { act, at, clock, MOMENT_FORMS, placeMoment, sceneName } from './moment-phrases.ts';
import { EDGES, type Evidence, type ObservationPattern, STRENGTHS, type Tone } from './observation-patterns.ts';
import { OWN_NEED_LINES, PRACTICE } from './practice-suggestions.ts';
import { type BehaviourSignals, type Moment, type PersonalQuestRecord, QuestLogError } from './quest-moments.ts';
import { Variation } from './variation.ts';

export interface DebriefObservation {
  pattern: string;
  step: FrameworkStep;
  stepTitle: string;
  tone: Tone;
  text: string;
  /** Where the quoted moment happened. */
  scene: string;
  time: string;
}

export interface PersonalDebrief {
  version: 1;
  questId: string;
  scenarioId: string;
  scenarioTitle: string;
  role: string;
  roleName: string;
  roleTitle: string;
  opening: string;
  observations: DebriefObservation[];
  practise: { step: FrameworkStep; stepTitle: string; text: string; line: string };
  closing: string;
}

/** The behaviour behind a debrief, kept (sealed) so later coaching can draw on the person's own history. */
export interface QuestSignals {
  version: 1;
  questId: string;
  scenarioId: string;
  scenarioTitle: string;
  role: string;
  roleName: string;
  signals: BehaviourSignals;
  /** One of the person's own moments per strength observed: "at 7:23 in ‘Monday’ you proposed “…”". */
  strengths: { step: FrameworkStep; moment: string }[];
  practise: FrameworkStep;
}

const MAX_STRENGTHS = 2;
const MAX_OBSERVATIONS = 3;
const MIN_OBSERVATIONS = 2;
/** Strengths at least this clear are chosen before the growth edge; weaker ones only fill remaining room. */
const TELLING = 2;

const OPENINGS: readonly ((r: PersonalQuestRecord) => string)[] = [
  (r) => `Here is what stood out to me in how you played ${r.roleName}, ${r.roleTitle}, in ${sceneName(r.scenarioTitle)}.`,
  (r) => `A few things I noticed about your play as ${r.roleName} in ${sceneName(r.scenarioTitle)}, starting with what worked.`,
  (r) => `You played ${r.roleName} (${r.roleTitle}) in ${sceneName(r.scenarioTitle)}. Here is what I saw, strengths first.`,
  (r) =>
    `Thanks for playing ${sceneName(r.scenarioTitle)}. Looking back at your moves as ${r.roleName}, a few moments are worth a second look.`,
];

const SCENE_COUNT = ['no scenes', 'one scene', 'two scenes', 'three scenes', 'four scenes', 'five scenes', 'six scenes'];
const scenes = (n: number) => SCENE_COUNT[n] ?? `${n} scenes`;

/**
 * Openings that start from what this quest was like for this person, offered beside the general ones whenever the
 * log bears them out: a coach who was in the room would begin with the room.
 */
const FITTING_OPENINGS: readonly { fits(r: PersonalQuestRecord): boolean; write(r: PersonalQuestRecord): string }[] = [
  {
    fits: (r) => r.scenes.some((s) => s.heatAt !== null),
    write: (r) => {
      const heated = r.scenes.filter((s) => s.heatAt !== null).length;
      return heated === 1
        ? `${sceneName(r.scenarioTitle)} heated up at least once, in ${sceneName(r.scenes.find((s) => s.heatAt !== null)?.title ?? '')}. Here is how you played ${r.roleName} through it, and what I would carry into the next one.`
        : `Objections piled up in ${scenes(heated)} of ${sceneName(r.scenarioTitle)}: not an easy room. Here is how you played ${r.roleName} through it, and what I would carry into the next one.`;
    },
  },
  {
    fits: (r) => r.signals.messages + r.signals.questions >= 4,
    write: (r) =>
      `You were in the conversation all the way through ${sceneName(r.scenarioTitle)} as ${r.roleName}. From everything you said and did, these are the moments I would pick out.`,
  },
  {
    fits: (r) => r.scenes.length >= 3 && r.scenes.filter((s) => s.iTookPart).length <= 1,
    write: (r) =>
      `${sceneName(r.scenarioTitle)} ran over ${scenes(r.scenes.length)}, and as ${r.roleName} you chose your moments. Here is what I noticed in them, and one idea for the next quest.`,
  },
  {
    fits: (r) => r.scenes.some((s) => s.decision?.iProposed),
    write: (r) =>
      `As ${r.roleName} in ${sceneName(r.scenarioTitle)} you put options on the table yourself. A few things I noticed, starting with what worked.`,
  },
];

function openingFor(r: PersonalQuestRecord, v: Variation): string {
  const fitting = FITTING_OPENINGS.filter((o) => o.fits(r)).map((o) => o.write);
  // Most of the time the opening speaks to this quest; now and then a plain one keeps it from becoming a formula.
  return fitting.length > 0 && v.index('opening-kind', 4) > 0 ? v.pick('opening', fitting)(r) : v.pick('opening', OPENINGS)(r);
}

const CLOSINGS: readonly ((practise: string) => string)[] = [
  () => 'This debrief is yours alone: nobody on your team, and no lead or admin, can see it.',
  () => 'Only you can read this. Ask me about any of these moments, or about a real conversation you have coming up.',
  () => 'This stays private to you. If you want to rehearse the practice item for a real situation, ask me.',
  () =>
    'Nobody else sees this, not your team, not your lead. Bring a real situation to the coach any time you want to try the practice line on it.',
  (practise) =>
    `Only you can see this. If a moment for “${practise.toLowerCase()}” comes up at work this week, ask me and we can rehearse it first.`,
  (practise) =>
    `This is between you and the coach. One quest is a small sample; “${practise}” is worth trying a few times before you judge how it works for you.`,
];

interface Chosen {
  pattern: ObservationPattern;
  evidence: Evidence;
}

function momentKey(e: Evidence): string {
  return `${e.moment.at}|${e.moment.kind ?? 'context'}`;
}

function choose(r: PersonalQuestRecord, v: Variation): { strengths: Chosen[]; edge: Chosen | null } {
  const found = (patterns: readonly ObservationPattern[]) =>
    patterns
      .map((pattern) => ({ pattern, evidence: pattern.detect(r) }))
      .filter((c): c is Chosen => c.evidence !== null && c.evidence.weight > 0)
      .sort((a, b) => b.evidence.weight - a.evidence.weight || v.rank('pattern', a.pattern.id) - v.rank('pattern', b.pattern.id));
  const strengths: Chosen[] = [];
  const steps = new Set<FrameworkStep>();
  const moments = new Set<string>();
  const kinds = new Set<string>();
  const take = (c: Chosen, into: Chosen[]) => {
    into.push(c);
    steps.add(c.pattern.step);
    moments.add(momentKey(c.evidence));
    if (c.evidence.moment.kind) kinds.add(c.evidence.moment.kind);
  };
  // Each observation covers its own step and its own moment; while there is a choice, its own kind of move too, so
  // a debrief is not two observations about two votes.
  const fresh = (c: Chosen, varied: boolean) =>
    !steps.has(c.pattern.step) &&
    !moments.has(momentKey(c.evidence)) &&
    (!varied || !c.evidence.moment.kind || !kinds.has(c.evidence.moment.kind));

  const strong = found(STRENGTHS);
  // Telling strengths first, then the edge, and only then the quieter strengths that fill a debrief out: an edge
  // never loses its moment to a filler.
  for (const c of strong) {
    if (strengths.length < MAX_STRENGTHS && c.evidence.weight >= TELLING && fresh(c, true)) take(c, strengths);
  }
  // A growth edge never contradicts a strength: it is about another step and another moment.
  const edges = found(EDGES);
  const edge = edges.find((c) => fresh(c, true)) ?? edges.find((c) => fresh(c, false)) ?? null;
  if (edge) take(edge, []);
  const most = edge ? MAX_STRENGTHS : MAX_OBSERVATIONS;
  for (const c of strong) if (strengths.length < most && fresh(c, true)) take(c, strengths);
  for (const c of strong) if (strengths.length + (edge ? 1 : 0) < MIN_OBSERVATIONS && fresh(c, false)) take(c, strengths);
  return { strengths, edge };
}

const STEP_USE: Partial<Record<FrameworkStep, (s: BehaviourSignals) => number>> = {
  name_tradeoff: (s) => s.risksNamed + s.objections,
  price_risks: (s) => s.risksPriced,
  bearers_decide: (s) => s.proposalsWithBearers + s.decisionsByVote,
  surface_needs: (s) => s.needsOwn + s.needsOthers + s.questions,
  protect_relationship: (s) => s.checkIns + s.talkDuringCheckIns,
  problem_first: (s) => s.shares,
  shared_language: (s) => s.bridges + s.supports,
};

/** With no growth edge in the log, the practice item stretches the step this person used least. */
function stretchStep(r: PersonalQuestRecord, v: Variation, exclude: Set<FrameworkStep>): FrameworkStep {
  const candidates = (Object.keys(STEP_USE) as FrameworkStep[]).filter((s) => !exclude.has(s));
  const pool = candidates.length > 0 ? candidates : (Object.keys(STEP_USE) as FrameworkStep[]);
  const use = (s: FrameworkStep) => STEP_USE[s]?.(r.signals) ?? 0;
  return pool.sort((a, b) => use(a) - use(b) || v.rank('stretch', a) - v.rank('stretch', b))[0] as FrameworkStep;
}

/**
 * The nth observation of a debrief. Each one places its moment in time in its own way (the forms rotate from a seeded
 * start), so a debrief reads like someone recalling moments rather than a form filled in three times.
 */
function observation(c: Chosen, r: PersonalQuestRecord, v: Variation, nth: number): DebriefObservation {
  const phrase = v.pick(`phrasing:${c.pattern.id}`, c.pattern.phrasings);
  const form = v.index('moment-form', MOMENT_FORMS.length) + nth;
  return {
    pattern: c.pattern.id,
    step: c.pattern.step,
    stepTitle: STEP_TITLES[c.pattern.step],
    tone: c.pattern.tone,
    text: placeMoment(phrase(c.evidence, r), c.evidence.moment, form),
    scene: c.evidence.moment.scene,
    time: clock(c.evidence.moment.at),
  };
}

/** The lines to try; for surfacing needs, ones that name the need this person's role carries, and asking for others'. */
function practiseLines(step: FrameworkStep, r: PersonalQuestRecord): readonly string[] {
  if (step !== 'surface_needs') return PRACTICE[step].lines;
  return [...OWN_NEED_LINES[r.ownNeed], 'What would you need from this to be able to say yes?'];
}

export function writeDebrief(r: PersonalQuestRecord, ids: { personId: string; questId: string }): PersonalDebrief {
  if (r.scenes.length === 0) throw new QuestLogError('the quest ended before its first scene: there is nothing to debrief');
  const v = new Variation(`${ids.personId}\0${ids.questId}`);
  const { strengths, edge } = choose(r, v);
  const observations = [...strengths, ...(edge ? [edge] : [])].map((c, nth) => observation(c, r, v, nth));
  if (observations.length === 0) {
    const s = r.scenes[r.scenes.length - 1] as (typeof r.scenes)[number];
    observations.push({
      pattern: 'ended-early',
      step: 'structural',
      stepTitle: STEP_TITLES.structural,
      tone: 'strength',
      text:
        `The quest stopped ${at({ at: s.startedAt, scene: s.title })}, before the team reached a decision, so there is ` +
        'little to reflect on yet. Next time, watch for the first moment the trade-off appears and try one move from the practice item below.',
      scene: s.title,
      time: clock(s.startedAt),
    });
  }
  const practiseStep = edge ? edge.pattern.step : stretchStep(r, v, new Set(strengths.map((c) => c.pattern.step)));
  const suggestion = PRACTICE[practiseStep];
  return {
    version: 1,
    questId: ids.questId,
    scenarioId: r.scenarioId,
    scenarioTitle: r.scenarioTitle,
    role: r.role,
    roleName: r.roleName,
    roleTitle: r.roleTitle,
    opening: openingFor(r, v),
    observations,
    practise: {
      step: practiseStep,
      stepTitle: STEP_TITLES[practiseStep],
      text: v.pick('practise-text', suggestion.texts),
      line: v.pick('practise-line', practiseLines(practiseStep, r)),
    },
    closing: v.pick('closing', CLOSINGS)(STEP_TITLES[practiseStep]),
  };
}

export function signalsOfDebrief(r: PersonalQuestRecord, d: PersonalDebrief): QuestSignals {
  const strengths: QuestSignals['strengths'] = [];
  for (const o of d.observations) {
    if (o.tone !== 'strength') continue;
    const pattern = STRENGTHS.find((p) => p.id === o.pattern);
    const e = pattern?.detect(r);
    if (pattern && e?.moment.kind) strengths.push({ step: pattern.step, moment: `${at(e.moment)}, ${act(e.moment as Moment)}` });
  }
  return {
    version: 1,
    questId: d.questId,
    scenarioId: r.scenarioId,
    scenarioTitle: r.scenarioTitle,
    role: r.role,
    roleName: r.roleName,
    signals: r.signals,
    strengths,
    practise: d.practise.step,
  };
}

/** The debrief as plain text, for a chat message or an email-like view. */
export function debriefText(d: PersonalDebrief): string {
  const strengths = d.observations.filter((o) => o.tone === 'strength');
  const edges = d.observations.filter((o) => o.tone === 'edge');
  const lines = [d.opening, ''];
  if (strengths.length > 0) {
    lines.push('What worked');
    for (const o of strengths) lines.push(`- ${o.text}`);
    lines.push('');
  }
  if (edges.length > 0) {
    lines.push('Worth a second look');
    for (const o of edges) lines.push(`- ${o.text}`);
    lines.push('');
  }
  lines.push(
    `One thing to practise (${d.practise.stepTitle}): ${d.practise.text}`,
    `Try saying: “${d.practise.line}”`,
    '',
    d.closing,
  );
  return lines.join('\n');
}
