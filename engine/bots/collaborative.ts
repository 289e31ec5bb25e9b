// The collaborative persona: pools what it knows, names what it needs, prices the risks of what it proposes, and
// backs whatever is close enough to the best it can see, so the team converges on one proposal in time.
import type { Choice, Proposal } from '../quest-state.ts';
import type { Need } from '../scenario-schema.ts';
import type { CardView } from '../views.ts';
import {
  bearersFor,
  bearsOn,
  bestChoice,
  clip,
  type Decision,
  describeChoice,
  hintScores,
  isOwn,
  onTable,
  openProposals,
  priceRisks,
  roleName,
  strongestAgainst,
  valuation,
  visibleCards,
  yesVotes,
} from './knowledge.ts';
import type { BotCommand, Turn } from './turn.ts';

const NEED_WORDS: Record<Need, string> = {
  predictability: 'to know what we will deliver and when',
  responsiveness: 'to answer the customer quickly',
  partnership: 'to decide this together, not have it handed to me',
  autonomy: 'room to make the call in my own area',
  sustainability: 'a pace we can keep without burning out',
  craft: 'to ship something I am proud of',
};

/** A nudge towards the role's own position: enough to break ties, too small to outweigh a single card. */
const POSITION_BIAS = 0.5;
/** How far below its own best a choice may score and still get this bot's support and vote. */
const TOLERANCE = 1;
/**
 * In the last minute of a discussion the bar drops: a good-enough plan the team backs beats the default that time
 * forces on everyone, and holding out for a marginally better plan is how deadlocks happen.
 */
const LATE_TOLERANCE = 3;
const LATE_MS = 60_000;

export function collaborativeMove(t: Turn): BotCommand | null {
  const scene = t.view.scene;
  if (!scene) return null;
  if (scene.phase !== 'discussion') {
    if (t.iAmReady) return null;
    if (scene.phase === 'briefing' && !t.did('hello')) return t.once('hello', { type: 'say', text: opening(t) });
    return { type: 'ready' };
  }
  const d = t.decision;
  if (!d) return null;
  if (scene.checkIn) return checkInTalk(t);
  return share(t, d) ?? nameNeed(t) ?? askSomeone(t, d) ?? callCheckIn(t) ?? decideTogether(t, d);
}

function opening(t: Turn): string {
  const last = t.view.decisions[t.view.decisions.length - 1];
  if (last) {
    const lines = [
      `We went with "${last.label}". Before the next call: what did that cost each of us, and what do we know now?`,
      `"${last.label}" is done. What surprised you about how it landed?`,
      `Looking back at "${last.label}": I would like to hear what it changed for each of you before we decide again.`,
    ];
    return clip(t.pick(lines) ?? '', 2000);
  }
  const me = t.view.roles.find((r) => r.id === t.me);
  const who = me ? `${me.name}, ${me.title}` : 'Hello';
  return `${who}. Before we pick anything, let's put what each of us knows on the table.`;
}

function share(t: Turn, d: Decision): BotCommand | null {
  const mine = (t.view.me?.cards ?? []).filter((c) => c.sharedWith !== 'team');
  // Cards that speak to the decision on the table go first: they can unlock options before the vote.
  const next = mine.find((c) => bearsOn(c, d.id)) ?? mine[0];
  if (!next) return null;
  t.memory.pooledAt[next.id] = t.now;
  return { type: 'share', card: next.id, with: 'team' };
}

function nameNeed(t: Turn): BotCommand | null {
  const me = t.view.me;
  if (!me || t.view.needsNamed.some((n) => n.by === t.me && n.of === t.me && n.need === me.need)) return null;
  return { type: 'name_need', need: me.need };
}

function askSomeone(t: Turn, d: Decision): BotCommand | null {
  if (t.did('question')) return null;
  const pooled = (role: string) => t.view.cards.filter((c) => c.owner === role && c.sharedWith === 'team').length;
  const others = t.view.roles.filter((r) => r.id !== t.me);
  if (others.length === 0) return null;
  const fewest = Math.min(...others.map((r) => pooled(r.id)));
  const to = t.pick(others.filter((r) => pooled(r.id) === fewest));
  if (!to) return null;
  // Someone who has shown nothing probably knows something; someone who has shown everything has a need.
  const text =
    fewest === 0
      ? `${to.name}, what do you know about "${d.prompt}" that the rest of us do not?`
      : `${to.name}, what would you need from "${d.prompt}" to say yes?`;
  return t.once('question', { type: 'ask', to: to.id, text: clip(text, 2000) });
}

function callCheckIn(t: Turn): BotCommand | null {
  const scene = t.view.scene;
  if (!scene || scene.checkInUsed) return null;
  const objections = t.view.proposals.reduce((n, p) => n + p.objections.length, 0);
  if (objections < 2) return null;
  return {
    type: 'check_in',
    note: `${objections} objections on the table. Before anyone votes again: what does each of us need from this?`,
  };
}

function checkInTalk(t: Turn): BotCommand | null {
  const until = t.view.scene?.checkIn?.until ?? 0;
  if (t.did(`check-in:${until}`)) return null;
  const need = t.view.me?.need ?? 'partnership';
  return t.once(`check-in:${until}`, {
    type: 'say',
    text: `Let me say it plainly: what I need here is ${NEED_WORDS[need]}. What would make this workable for you?`,
  });
}

function decideTogether(t: Turn, d: Decision): BotCommand | null {
  const known = visibleCards(t.view);
  const value = valuation(hintScores(known, d.id), t.position, d.id, POSITION_BIAS);
  const best = bestChoice(d, value);
  if (!best) return null;
  const endsAt = t.view.scene?.endsAt ?? Number.POSITIVE_INFINITY;
  const floor = value.choice(best) - (endsAt - t.now <= LATE_MS ? LATE_TOLERANCE : TOLERANCE);
  const fits = (c: Choice) => onTable(d, c) && value.choice(c) >= floor;
  const open = openProposals(t.view, d.id);

  const withdrawn = open.find((p) => p.votes[t.me] === 'yes' && !fits(p.choice));
  if (withdrawn) return { type: 'vote', proposal: withdrawn.id, vote: 'no' };

  // Everyone backs the same proposal: the acceptable one with the most votes, the earliest on a tie.
  const target = open
    .filter((p) => fits(p.choice))
    .sort((a, b) => yesVotes(b) - yesVotes(a) || b.supports.length - a.supports.length)[0];
  if (target) {
    if (!isOwn(target, t.me) && !target.supports.includes(t.me)) return { type: 'support', proposal: target.id };
    if (target.votes[t.me] !== 'yes') return { type: 'vote', proposal: target.id, vote: 'yes' };
    return objectToRest(t, d, open, fits, best, known);
  }

  const reviser = (p: Proposal) => p.amendedBy[p.amendedBy.length - 1] ?? p.author;
  const key = (p: Proposal) => `${p.id}@${p.revision}`;
  const mine = open.find((p) => reviser(p) === t.me);
  if (mine && !t.did(`amend:${key(mine)}`))
    return t.once(`amend:${key(mine)}`, amend(t, d, mine, best, known, 'I know more now'));
  for (const p of open) {
    if (reviser(p) === t.me || t.did(`amend:${key(p)}`)) continue;
    const lacked = lackedBy(t, p, reviser(p), known, d);
    if (lacked.length > 0) {
      const because = `${roleName(t.view, reviser(p))} did not have ${lacked.map((c) => `"${c.title}"`).join(', ')}`;
      return t.once(`amend:${key(p)}`, amend(t, d, p, best, known, because));
    }
  }
  const proposedHere = t.view.proposals.some((p) => p.author === t.me);
  if (!proposedHere && !t.did(`propose:${d.id}`) && t.view.proposals.length < 12) {
    return t.once(`propose:${d.id}`, {
      type: 'propose',
      decision: d.id,
      ...choiceFields(best),
      risks: priceRisks(known, d, best),
      bearers: bearersFor(t.view, d),
      rationale: rationale(d, best, known),
    });
  }
  return objectToRest(t, d, open, fits, best, known);
}

/** Say once, with a reason, why each proposal too far from the best is not good enough. */
function objectToRest(
  t: Turn,
  d: Decision,
  open: Proposal[],
  fits: (c: Choice) => boolean,
  best: Choice,
  known: CardView[],
): BotCommand | null {
  for (const p of open) {
    const key = `object:${p.id}@${p.revision}`;
    if (fits(p.choice) || isOwn(p, t.me) || t.did(key)) continue;
    return t.once(key, { type: 'object', proposal: p.id, reason: objection(d, p.choice, best, known) });
  }
  return null;
}

function choiceFields(c: Choice): { option: string } | { items: string[] } {
  return 'option' in c ? { option: c.option } : { items: [...c.items] };
}

function amend(t: Turn, d: Decision, p: Proposal, best: Choice, known: CardView[], because: string): BotCommand {
  return {
    type: 'amend',
    proposal: p.id,
    ...choiceFields(best),
    risks: priceRisks(known, d, best),
    bearers: bearersFor(t.view, d),
    rationale: clip(`${because}. ${rationale(d, best, known)}`, 1000),
  };
}

/** Cards this seat can see, bearing on the decision, that the proposal's last author could not have weighed. */
function lackedBy(t: Turn, p: Proposal, author: string, known: CardView[], d: Decision): CardView[] {
  const writtenAt = t.memory.revisionAt[`${p.id}@${p.revision}`] ?? p.at;
  return known.filter((c) => {
    if (!bearsOn(c, d.id) || c.owner === author) return false;
    if (Array.isArray(c.sharedWith)) return !c.sharedWith.includes(author);
    const pooledAt = t.memory.pooledAt[c.id];
    return pooledAt === undefined || pooledAt >= writtenAt;
  });
}

function rationale(d: Decision, best: Choice, known: CardView[]): string {
  const basis = known.filter((c) => bearsOn(c, d.id));
  const named = basis.slice(0, 3).map((c) => `"${c.title}"`);
  const more = basis.length > 3 ? ` and ${basis.length - 3} more` : '';
  const what = describeChoice(d, best);
  return clip(
    basis.length > 0
      ? `Weighing ${named.join(', ')}${more}, "${what}" comes out best; the risks we accept are listed with it.`
      : `None of what we have pooled speaks to this, so "${what}" is my best guess; tell me what I am missing.`,
    1000,
  );
}

function objection(d: Decision, theirs: Choice, best: Choice, known: CardView[]): string {
  const against = strongestAgainst(known, d.id, theirs);
  const instead = describeChoice(d, best);
  return clip(
    against
      ? `"${against.card.title}" argues against this. I would rather "${instead}".`
      : `What we know points more to "${instead}" than to this.`,
    500,
  );
}
