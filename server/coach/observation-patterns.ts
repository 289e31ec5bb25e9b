// The coach's library of observations. Each pattern looks for one behaviour in a person's quest record, says how
// clearly the log shows it, and offers several ways of telling it back, each quoting the moment it rests on.
// Strengths say what worked and why it matters in the framework; growth edges name one moment and what to try, in
// the second person, about the person's own moves only: never a comparison with anyone else, never a verdict.
import type { Risk } from '../../engine/index.ts';
import type { FrameworkStep } from './framework.ts';
import { At, act, at, NEED_WORDS, questTime, quote, riskPhrase, sceneName } from './moment-phrases.ts';
import type { Moment, PersonalQuestRecord, SceneRecord } from './quest-moments.ts';

export type Tone = 'strength' | 'edge';

export interface Evidence {
  /** How clearly the log shows the behaviour; 0 or less means not at all. */
  weight: number;
  /** The moment quoted first. */
  moment: Pick<Moment, 'at' | 'scene'> & Partial<Moment>;
  risk?: Risk;
  scene?: SceneRecord;
  count?: number;
}

export interface ObservationPattern {
  id: string;
  step: FrameworkStep;
  tone: Tone;
  detect(r: PersonalQuestRecord): Evidence | null;
  phrasings: readonly ((e: Evidence, r: PersonalQuestRecord) => string)[];
}

const priced = (k: Risk) => k.probability > 0 && k.cost > 0;
const proposing = (m: Moment) => m.kind === 'proposal' || m.kind === 'amendment';
const first = <T>(list: readonly T[]): T | undefined => list[0];
const m = (e: Evidence) => e.moment as Moment;

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function quotedList(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).map((t) => quote(t, 80));
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  return `${listOf(shown)}${more}`;
}

/** The first (or last) decision of the quest, as a moment: public, seen by every seat. */
function decisionMoment(r: PersonalQuestRecord, which: 'first' | 'last' = 'first'): Evidence['moment'] | null {
  const decided = r.scenes.filter((x) => x.decision);
  const s = which === 'first' ? decided[0] : decided[decided.length - 1];
  return s?.decision ? { at: s.decision.at, scene: s.title, subject: s.decision.label } : null;
}

export const STRENGTHS: readonly ObservationPattern[] = [
  {
    id: 'priced-risk',
    step: 'price_risks',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => (x.risks ?? []).some(priced));
      if (!hit) return null;
      return { weight: 5 + Math.min(2, r.signals.risksPriced - 1), moment: hit, risk: (hit.risks ?? []).find(priced) as Risk };
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))} and put a price on what could go wrong: ${riskPhrase(e.risk as Risk)}. ` +
        'That is the second step of the trade-off framework done properly: a number, even a rough one, turns ' +
        '"this feels risky" into something the whole team can weigh.',
      (e) =>
        `Putting numbers on a risk is the step most teams skip, and you took it: ${at(m(e))}, ${act(m(e))}, ` +
        `pricing ${riskPhrase(e.risk as Risk)}. An estimate is enough; what matters is that everyone could see the size of the bet.`,
      (e) =>
        `One moment worth keeping: ${at(m(e))}, ${act(m(e))} with a priced risk attached, ${riskPhrase(e.risk as Risk)}. ` +
        'Pricing a risk like that moves a conversation from competing assertions to shared numbers.',
    ],
  },
  {
    id: 'named-tradeoff',
    step: 'name_tradeoff',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => (x.risks?.length ?? 0) > 0);
      if (!hit) return null;
      return { weight: 4, moment: hit, risk: (hit.risks as Risk[])[0] as Risk };
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))} and named what the team would be accepting with it: ${riskPhrase(e.risk as Risk)}. ` +
        'Saying the risk out loud before the vote is the first step of the framework: the trade-off becomes visible ' +
        'instead of argued about.',
      (e) =>
        `You made the trade-off explicit. ${At(m(e))}, ${act(m(e))}, and you listed the risk that came with it, ` +
        `${riskPhrase(e.risk as Risk)}. Specific risks give people something concrete to agree or disagree with.`,
      (e) =>
        `Something that helped the team: ${at(m(e))}, ${act(m(e))} along with the risk it carried, ${riskPhrase(e.risk as Risk)}. ` +
        'Naming the cost of a choice keeps a speed-versus-quality call from turning into a contest.',
    ],
  },
  {
    id: 'problem-first',
    step: 'problem_first',
    tone: 'strength',
    detect: (r) => {
      const shares = r.moments.filter((x) => x.kind === 'share');
      const hit = first(shares);
      if (!hit) return null;
      const beforeProposing = !r.moments.some((x) => proposing(x) && x.at < hit.at);
      return { weight: 3 + Math.min(2, shares.length - 1) + (beforeProposing ? 1 : 0), moment: hit, count: shares.length };
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Bringing what you know before arguing for an answer is the "problem before ` +
        'solution" move: it lets the others reach a conclusion with you instead of being handed one.',
      (e) =>
        `You brought context, not just a conclusion. ${At(m(e))}, ${act(m(e))}` +
        `${(e.count ?? 1) === 2 ? ', and another of your cards followed' : (e.count ?? 1) > 2 ? `, and ${(e.count ?? 1) - 1} more of your cards followed` : ''}. ` +
        'When people see the problem and the facts first, they often find an option nobody walked in with.',
      (e) =>
        `${At(m(e))}, ${act(m(e))}. That is what the playbook means by bringing the problem: the team got the facts ` +
        'behind your view, so they could weigh them for themselves.',
    ],
  },
  {
    id: 'own-need',
    step: 'surface_needs',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => x.kind === 'need' && x.ofSelf);
      return hit ? { weight: 4, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Much of the friction between product and engineering comes from needs nobody says ` +
        'out loud; you said yours, which makes it easier for the others to say theirs.',
      (e) =>
        `You surfaced an unspoken need: ${at(m(e))}, ${act(m(e))}. It is a small move that changes the conversation, ` +
        'because a need can be met in more ways than a position can.',
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Naming the need underneath a position is the heart of the relationship framework, ` +
        'and it is the step people find hardest in the moment.',
    ],
  },
  {
    id: 'asked-others',
    step: 'surface_needs',
    tone: 'strength',
    detect: (r) => {
      const asks = r.moments.filter((x) => x.kind === 'question' || (x.kind === 'need' && !x.ofSelf));
      const hit = first(asks);
      return hit ? { weight: 3 + Math.min(2, asks.length - 1), moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Asking before arguing is how hidden information and unspoken needs come out, and ` +
        'it tells the other person their view counts.',
      (e) =>
        `You were curious about the other side. ${At(m(e))}, ${act(m(e))}: a question like that often moves a team further than a well-made argument.`,
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Questions like this are how a team gets out of "you versus me" and into ` +
        '"this tension versus us".',
    ],
  },
  {
    id: 'check-in',
    step: 'protect_relationship',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => x.kind === 'check_in');
      return hit ? { weight: hit.afterHeat ? 6 : 4, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${heatWords(e)}, ${act(m(e))}. Pausing the argument about scope to check on the relationship ` +
        'is one of the most useful moves in a tense planning meeting, and you made it.',
      (e) =>
        `You protected the relationship when it counted: ${at(m(e))}, ${heatWords(e)}, ${act(m(e))}. Stepping back ` +
        'to ask what matters to each person usually produces a better decision than arguing harder.',
      (e) =>
        `${At(m(e))}, ${act(m(e))}, ${heatWords(e)}. That pause is not indecision; it is how people who keep ` +
        'disagreeing find out what they are missing about each other.',
    ],
  },
  {
    id: 'check-in-talk',
    step: 'protect_relationship',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => x.inCheckIn && (x.kind === 'message' || x.kind === 'question'));
      return hit ? { weight: 3, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `When the team paused for a check-in, you used it: ${at(m(e))}, ${act(m(e))}. Saying plainly what matters to ` +
        'you during the pause is what makes a check-in work.',
      (e) => `${At(m(e))}, during the check-in, ${act(m(e))}. A check-in only helps if people speak honestly in it, and you did.`,
      (e) =>
        `You took the check-in seriously. ${At(m(e))}, ${act(m(e))}: plain words about what matters to you, which is ` +
        'the whole point of stepping back.',
    ],
  },
  {
    id: 'bridged',
    step: 'shared_language',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => x.kind === 'amendment' && x.bridging);
      return hit ? { weight: 5, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Reworking someone else's proposal instead of competing with it is a bridging ` +
        'move: it builds on their concern instead of replacing it.',
      (e) =>
        `You built on what was already on the table: ${at(m(e))}, ${act(m(e))}. That is what a shared language for trade-offs looks like in practice.`,
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Amending a teammate's idea keeps both perspectives in the decision, which is ` +
        'where the strongest outcomes come from.',
    ],
  },
  {
    id: 'bearers-named',
    step: 'bearers_decide',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => proposing(x) && (x.bearers?.length ?? 0) > 0);
      return hit ? { weight: 3, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))} and said who would live with the consequences: ${listOf(m(e).bearers ?? [])}. ` +
        'Naming the bearers is the third step of the framework; it keeps one side from choosing speed while the other pays for it.',
      (e) =>
        `You were explicit about who carries the cost. ${At(m(e))}, ${act(m(e))}, naming ${listOf(m(e).bearers ?? [])} ` +
        'as the people who bear it. When the bearers are part of the call, nobody is surprised when the consequences arrive.',
      (e) =>
        `${At(m(e))}, ${act(m(e))} with ${listOf(m(e).bearers ?? [])} named as the people who would bear the outcome. ` +
        'That keeps the decision with the people who will live with it.',
    ],
  },
  {
    id: 'debt-first-class',
    step: 'tech_debt',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => proposing(x) && (x.debtItems?.length ?? 0) > 0);
      return hit ? { weight: 4, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}, with ${quotedList(m(e).debtItems ?? [])} in the plan next to the feature work. ` +
        'Treating tech debt as a first-class backlog item, weighed on the same terms as features, is exactly what the playbook recommends.',
      (e) =>
        `You gave the debt a row of its own: ${at(m(e))}, ${act(m(e))}, including ${quotedList(m(e).debtItems ?? [])}. ` +
        'Debt that is planned and sized stops being a private worry of engineering and becomes a shared decision.',
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Putting ${quotedList(m(e).debtItems ?? [])} into the same plan as the features ` +
        'is how a team keeps paying down interest before it compounds.',
    ],
  },
  {
    id: 'backed-proposal',
    step: 'shared_language',
    tone: 'strength',
    detect: (r) => {
      const scene = r.scenes.find((s) => s.decision?.via === 'vote' && s.decision.iBacked);
      if (!scene) return null;
      const hit = r.moments.filter((x) => x.sceneIndex === scene.index && (x.kind === 'support' || x.kind === 'vote')).pop();
      return hit ? { weight: 2, moment: hit, scene } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}, and it helped the decision land by vote, with the team behind it, before the clock made it.`,
      (e) =>
        `You helped the team converge: ${at(m(e))}, ${act(m(e))}, and the decision was settled by vote. ` +
        'Decisions a team makes together are easier to live with later.',
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Lending your support let the team settle it together instead of leaving it to the default.`,
    ],
  },
  {
    id: 'concern-raised',
    step: 'name_tradeoff',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => x.kind === 'objection');
      return hit ? { weight: 2, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Voicing a concern before the vote, instead of carrying it silently, is what keeps tension healthy.`,
      (e) =>
        `You spoke up when you disagreed: ${at(m(e))}, ${act(m(e))}. A concern on the table before the decision is ` +
        'a sign of a team where people feel safe enough to argue.',
      (e) =>
        `${At(m(e))}, ${act(m(e))}. A concern said out loud can be priced and answered; one kept quiet tends to come back later.`,
    ],
  },
  {
    id: 'took-initiative',
    step: 'name_tradeoff',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find(proposing);
      return hit ? { weight: 1.5, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}, putting a concrete option on the table for the team to work with. Concrete options move a discussion along.`,
      (e) =>
        `You gave the team something to react to: ${at(m(e))}, ${act(m(e))}. A clear proposal is a good starting point for naming what it trades away.`,
      (e) =>
        `${At(m(e))}, ${act(m(e))}. Getting a real option in front of people early gives the discussion something to push against.`,
    ],
  },
  {
    id: 'took-part',
    step: 'bearers_decide',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => x.kind === 'vote' || x.kind === 'support');
      return hit ? { weight: 1, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(m(e))}, ${act(m(e))}: your voice was part of the decision, and that is a real commitment to what the team chose.`,
      (e) =>
        `You made your call ${at(m(e))}: ${act(m(e))}. Decisions made with the people who live with them, not around ` +
        'them, depend on exactly this.',
      (e) => `${At(m(e))}, ${act(m(e))}. Taking part in the decision means you can hold the team, and yourself, to it later.`,
    ],
  },
  {
    id: 'said-where-you-stood',
    step: 'surface_needs',
    tone: 'strength',
    detect: (r) => {
      const hit = r.moments.find((x) => x.kind === 'message' || x.kind === 'question') ?? first(r.moments);
      return hit ? { weight: 0.8, moment: hit } : null;
    },
    phrasings: [
      (e) => `${At(m(e))}, ${act(m(e))}. Letting the team know where you stand, even briefly, saves them from guessing.`,
      (e) =>
        `You put yourself on the record ${at(m(e))}: ${act(m(e))}. Short contributions still tell the others you are in the conversation.`,
      (e) => `${At(m(e))}, ${act(m(e))}. Every move you make in the open gives the team something to build on.`,
    ],
  },
  {
    id: 'stayed-with-it',
    step: 'structural',
    tone: 'strength',
    detect: (r) => {
      // The last call: the first is where a growth edge about a quiet quest points.
      const d = decisionMoment(r, 'last');
      if (!d) return null;
      return { weight: 0.5, moment: d, count: r.scenes.length };
    },
    phrasings: [
      (e, r) =>
        `You stayed with the team through ${r.scenes.length === 1 ? 'the quest' : `all ${r.scenes.length} scenes`}, and ` +
        `you were there ${at(e.moment)}, when ${quote(e.moment.subject ?? '')} was settled. Seeing how each call plays ` +
        'out is where the pattern of a team becomes visible.',
      (e, r) =>
        `You saw the whole arc of ${sceneName(r.scenarioTitle)}, through to the last call, ${quote(e.moment.subject ?? '')} ` +
        `${at(e.moment)}. Watching the consequences arrive is half of what makes this practice.`,
      (e) =>
        `${At(e.moment)}, the team settled ${quote(e.moment.subject ?? '')}, and you were part of the room for it. ` +
        'Being present for the consequences of a call is where the lessons of a quest come from.',
    ],
  },
];

function heatWords(e: Evidence): string {
  return e.moment.afterHeat ? 'with objections starting to pile up' : 'before the discussion could harden';
}

export const EDGES: readonly ObservationPattern[] = [
  {
    id: 'quiet-presence',
    step: 'surface_needs',
    tone: 'edge',
    detect: (r) => {
      const s = r.signals;
      // Quiet through what? A quest stopped before anything was decided had no discussion to stay out of.
      if (!r.scenes.some((sc) => sc.decision)) return null;
      // A few short lines and votes, nothing put on the table: about one remark per scene at most.
      const moves = s.proposals + s.amendments + s.objections + s.shares + s.needsOwn + s.needsOthers + s.checkIns + s.questions;
      if (moves > 0 || s.messages > Math.max(1, s.scenes)) return null;
      const hit = r.moments.find((x) => x.kind === 'vote' || x.kind === 'message') ?? decisionMoment(r);
      return hit ? { weight: 6, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `Most of the discussion went on without your voice in it; ${at(e.moment)}, ${e.moment.kind ? act(m(e)) : `the team settled ${quote(e.moment.subject ?? '')}`}. ` +
        'Going quiet is a very human response when a debate feels like it belongs to other people, and the view only you have ' +
        'is exactly what the team then goes without.',
      (e) =>
        `${At(e.moment)}, ${e.moment.kind ? act(m(e)) : `the team settled ${quote(e.moment.subject ?? '')}`}, and that was most of what the ` +
        'team heard from you. Quiet agreement can look like support while holding back a concern; one sentence about what you ' +
        'need gives the others a lot to work with.',
      (e) =>
        `You kept your thoughts mostly to yourself this time: ${at(e.moment)}, ${e.moment.kind ? act(m(e)) : `the team settled ${quote(e.moment.subject ?? '')}`}. ` +
        'The playbook calls this the withdrawal part of the cycle, and the way out is small: one question, or one need said aloud, per scene.',
    ],
  },
  {
    id: 'kept-back',
    step: 'problem_first',
    tone: 'edge',
    detect: (r) => {
      if (r.keptBack.length === 0) return null;
      const d = decisionMoment(r);
      if (!d) return null;
      return { weight: r.signals.shares === 0 ? 5 : 3, moment: d, count: r.keptBack.length };
    },
    phrasings: [
      (e, r) =>
        `One thing to look at: ${quotedList(r.keptBack)} stayed in your hand for the whole quest, and the team settled ` +
        `${quote(e.moment.subject ?? '')} ${at(e.moment)}, before it was on the table. What you know is often the exact piece ` +
        'of the problem the others are missing.',
      (e, r) =>
        `Your intel was still private at the end: ${quotedList(r.keptBack)}. ${At(e.moment)}, the team went with ` +
        `${quote(e.moment.subject ?? '')}. Next time, try putting one card in front of everyone early, before anyone proposes.`,
      (e, r) =>
        `There was more in your hand than the team got to see: ${quotedList(r.keptBack)} never left it. ${At(e.moment)}, ` +
        `the call was ${quote(e.moment.subject ?? '')}; with your context in front of everyone, the options might have looked different.`,
    ],
  },
  {
    id: 'same-words-again',
    step: 'structural',
    tone: 'edge',
    detect: (r) => {
      const hit = first(r.repeats);
      return hit ? { weight: 4 + Math.min(2, r.repeats.length - 1), moment: hit, count: r.repeats.length } : null;
    },
    phrasings: [
      (e) =>
        `${At(e.moment)}, you came back to the same words: ${quote(e.moment.words ?? '')}. When a point has to be made ` +
        'twice, the need underneath it usually has not been heard yet; saying the need, instead of the position again, tends to break the loop.',
      (e) =>
        `A loop worth noticing: ${at(e.moment)}, you repeated ${quote(e.moment.words ?? '')}. Restating a position is how ` +
        'proxy arguments start in the trigger, escalation, withdrawal cycle. Next time, try asking what the other person needs before restating.',
      (e) =>
        `${At(e.moment)}, the same sentence came up again: ${quote(e.moment.words ?? '')}. That is usually a sign the real ` +
        'disagreement lives somewhere else, in priorities or needs nobody has named yet.',
    ],
  },
  {
    id: 'heat-without-pause',
    step: 'protect_relationship',
    tone: 'edge',
    detect: (r) => {
      const scene = r.scenes.find(
        (s) =>
          s.heatAt !== null &&
          s.checkIn === null &&
          r.moments.some((x) => x.sceneIndex === s.index && (x.kind === 'objection' || proposing(x))),
      );
      if (!scene || scene.heatAt === null) return null;
      return { weight: 4, moment: { at: scene.heatAt, scene: scene.title }, scene, count: scene.objections };
    },
    phrasings: [
      (e) =>
        `${At(e.moment)}, there were objections piling up (${e.count} in that scene) and nobody paused. That is the ` +
        'moment for a check-in, and anyone can call it, including you.',
      (e) =>
        `In ${sceneName(e.moment.scene)} it heated up: by ${questTime(e.moment.at)} the second objection was on the table, ` +
        `and ${e.count} came in all. A short check-in at that point, about what each person needs, often does more than another round of argument.`,
      (e) =>
        `Things got tense ${at(e.moment)}, with ${e.count} objections in the scene and the discussion still going round. ` +
        'Calling a pause there is a way of protecting the relationship while the decision is still open.',
    ],
  },
  {
    id: 'unpriced-proposal',
    step: 'price_risks',
    tone: 'edge',
    detect: (r) => {
      const hit = r.moments.find((x) => proposing(x) && !(x.risks ?? []).some(priced));
      return hit ? { weight: 4, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(e.moment)}, ${act(m(e))} without a priced risk attached. The next step is to price it: what could go ` +
        'wrong, how likely it is, and what it would cost. Rough numbers are fine; they turn a position into a trade-off the team can weigh.',
      (e) =>
        `${At(e.moment)}, ${act(m(e))}. The proposal said what to do, not what it would cost if things went sideways. ` +
        'Adding even one priced risk makes it easier for others to say yes, or to say what would make it a yes.',
      (e) =>
        `A growth edge: ${at(e.moment)}, ${act(m(e))}, and its risks stayed implicit. Naming and pricing them ("one ` +
        'chance in five of a two-day outage") lets the people who bear the cost weigh in on facts.',
    ],
  },
  {
    id: 'concern-without-price',
    step: 'price_risks',
    tone: 'edge',
    detect: (r) => {
      const plain = r.moments.filter((x) => x.kind === 'objection' && (x.risks?.length ?? 0) === 0);
      const hit = first(plain);
      return hit ? { weight: 3 + Math.min(1, plain.length - 1), moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(e.moment)}, ${act(m(e))}. The concern was real; the next step is to give it a shape: what exactly could ` +
        'happen, how likely it is, and what it would cost. A priced concern is much harder to wave away.',
      (e) =>
        `${At(e.moment)}, ${act(m(e))}. Try attaching a concrete risk to objections like this one (an objection has room ` +
        'for a probability and a cost), so the discussion is about numbers instead of about who cares more.',
      (e) =>
        `The concern you raised ${at(e.moment)}, ${quote(e.moment.words ?? '', 100)}, landed as a position. Turned into a specific, ` +
        'priced risk, it would have given the others something concrete to answer.',
    ],
  },
  {
    id: 'need-unsaid',
    step: 'surface_needs',
    tone: 'edge',
    detect: (r) => {
      if (r.signals.needsOwn > 0) return null;
      const hit = r.moments.find((x) => proposing(x) || x.kind === 'objection' || x.kind === 'message');
      return hit ? { weight: 3, moment: hit } : null;
    },
    phrasings: [
      (e, r) =>
        `Your role needed ${NEED_WORDS[r.ownNeed]}, and it never got said out loud. ${At(e.moment)}, ${act(m(e))}; ` +
        'that was a natural place to add "what I need here is ...". Needs spoken aloud open options that positions close.',
      (e, r) =>
        `${At(e.moment)}, ${act(m(e))}. Underneath it was a need for ${NEED_WORDS[r.ownNeed]} that the others never heard ` +
        'named. Saying it plainly lets them help you meet it, often in ways you would not have proposed.',
      (e, r) =>
        `The need behind your moves, ${NEED_WORDS[r.ownNeed]}, stayed unspoken. ${At(e.moment)}, ${act(m(e))}; ` +
        'naming the need at that point would have let the team argue about how to meet it instead of about the position.',
    ],
  },
  {
    id: 'solution-before-problem',
    step: 'problem_first',
    tone: 'edge',
    detect: (r) => {
      const hit = first(r.proposedBeforeListening);
      return hit ? { weight: 3, moment: hit } : null;
    },
    phrasings: [
      (e) =>
        `${At(e.moment)}, ${act(m(e))} before you had asked anyone anything or put your own intel on the table. Try leading ` +
        'with the problem (what you know, what worries you) and letting the solution come out of the discussion.',
      (e) =>
        `${At(e.moment)}, ${act(m(e))}, and it arrived as a solution. Bringing the problem first ("here is what I am ` +
        'seeing, and why it matters") tends to get collaboration where a ready-made answer gets pushback.',
      (e) =>
        `A pattern to try changing: ${at(e.moment)}, ${act(m(e))} as an opening move. A question or a shared fact first ` +
        'gives others a way into the problem before they have to react to an answer.',
    ],
  },
  {
    id: 'clock-decided',
    step: 'bearers_decide',
    tone: 'edge',
    detect: (r) => {
      const scene = r.scenes.find((s) => s.decision?.via === 'timeout' && s.decision.iProposed);
      if (!scene?.decision) return null;
      return { weight: 3, moment: { at: scene.decision.at, scene: scene.title, subject: scene.decision.label }, scene };
    },
    phrasings: [
      (e) =>
        `In ${sceneName(e.moment.scene)} time ran out ${questTime(e.moment.at)} and the default, ${quote(e.moment.subject ?? '')}, ` +
        'went ahead, with your proposal still open. Next time, try asking for a vote a few minutes early, so the people who bear the consequences make the call, not the clock.',
      (e) =>
        `${At(e.moment)}, the clock made the decision: ${quote(e.moment.subject ?? '')} went ahead by default while your ` +
        'proposal was still on the table. Asking "can we decide this now, and write down what we accept?" keeps the call with the team.',
      (e) =>
        `Your proposal in ${sceneName(e.moment.scene)} never came to a decision: ${questTime(e.moment.at)} the default ` +
        `${quote(e.moment.subject ?? '')} took over. Steering towards a vote while there is time is part of letting the bearers decide.`,
    ],
  },
];

export const PATTERNS: readonly ObservationPattern[] = [...STRENGTHS, ...EDGES];
