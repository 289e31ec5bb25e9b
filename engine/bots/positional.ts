// The positional persona: argues its role's position and keeps its cards to itself. It proposes what it already
// wanted, objects to everything else with the reason its role always gives, and votes only for its own position,
// except that near the end of a majority vote it joins a proposal its vote would carry.

import type { Choice } from '../quest-state.ts';
import type { Need } from '../scenario-schema.ts';
import {
  bestChoice,
  type Decision,
  describeChoice,
  hintScores,
  isOwn,
  onTable,
  openProposals,
  sameChoice,
  valuation,
  yesVotes,
} from './knowledge.ts';
import type { BotCommand, Turn } from './turn.ts';

/** Big enough that the position wins over anything its own cards say. */
const POSITION_WEIGHT = 100;
/** From this share of the discussion on, a positional bot will join a majority it can complete. */
const LATE = 0.75;
const MAX_STATEMENTS = 3;

const REASONS: Record<Need, string> = {
  predictability: 'We made a promise and we need this shipped. Changing course now is how we lose the customer.',
  sustainability: 'We keep paying for shortcuts. If we cut this corner too, it will break and we will be the ones up at night.',
  responsiveness: 'The customer is waiting on us. Every day we debate this is a day they notice.',
  craft: 'I will not put my name on something half-finished. Do it properly or not at all.',
  partnership: 'This was agreed with the people who depend on it; we do not get to change it alone.',
  autonomy: 'The people doing the work should call this, and they already have.',
};

export function positionalMove(t: Turn): BotCommand | null {
  const scene = t.view.scene;
  const d = t.decision;
  if (!scene) return null;
  if (scene.phase !== 'discussion') {
    if (t.iAmReady) return null;
    if (scene.phase === 'briefing' && d && !t.did('hello')) return t.once('hello', { type: 'say', text: statement(t, d) });
    return { type: 'ready' };
  }
  if (!d) return null;
  if (scene.checkIn) return t.did('check-in') ? null : t.once('check-in', { type: 'say', text: reason(t) });
  const open = openProposals(t.view, d.id);
  // Once it has put its position on the table it sticks to those words, even if new options appear.
  const wanted = open.find((p) => isOwn(p, t.me))?.choice ?? positionChoice(t, d);
  if (!wanted) return null;
  const ours = open.filter((p) => sameChoice(p.choice, wanted));

  if (ours.length === 0 && !t.did('propose') && t.view.proposals.length < 12) {
    return t.once('propose', {
      type: 'propose',
      decision: d.id,
      ...('option' in wanted ? { option: wanted.option } : { items: [...wanted.items] }),
      bearers: d.bearers.length > 0 ? d.bearers.slice(0, 6) : [t.me],
      rationale: reason(t),
    });
  }
  for (const p of ours) {
    if (p.votes[t.me] === 'yes') continue;
    if (!isOwn(p, t.me) && !p.supports.includes(t.me)) return { type: 'support', proposal: p.id };
    return { type: 'vote', proposal: p.id, vote: 'yes' };
  }
  for (const p of open) {
    const key = `object:${p.id}@${p.revision}`;
    if (sameChoice(p.choice, wanted) || isOwn(p, t.me) || t.did(key)) continue;
    return t.once(key, { type: 'object', proposal: p.id, reason: reason(t) });
  }
  if (d.rule === 'majority' && t.phaseElapsed >= LATE) {
    const backed = open
      .filter((p) => p.votes[t.me] !== 'yes' && yesVotes(p) >= Math.floor(t.view.roles.length / 2))
      .sort((a, b) => yesVotes(b) - yesVotes(a))[0];
    if (backed) return { type: 'vote', proposal: backed.id, vote: 'yes' };
  }
  if (t.memory.statements < MAX_STATEMENTS && t.draw() < 0.3) {
    t.memory.statements++;
    return { type: 'say', text: statement(t, d) };
  }
  return null;
}

/** The role's position when it is on the table; else the best its own cards (never anyone else's) suggest. */
function positionChoice(t: Turn, d: Decision): Choice | null {
  const favoured = t.position[d.id];
  if (!d.plan && favoured && onTable(d, { option: favoured })) return { option: favoured };
  const own = hintScores(t.view.me?.cards ?? [], d.id);
  return bestChoice(d, valuation(own, t.position, d.id, POSITION_WEIGHT));
}

function reason(t: Turn): string {
  return REASONS[t.view.me?.need ?? 'predictability'];
}

function statement(t: Turn, d: Decision): string {
  const wanted = positionChoice(t, d);
  const what = wanted ? `"${describeChoice(d, wanted)}"` : 'what we already agreed';
  return `My position is clear: ${what}. ${reason(t)}`;
}
