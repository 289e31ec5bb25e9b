// The quiet persona: withdrawal. It keeps its cards, rarely speaks, never proposes or objects, and votes yes on
// whatever already has the most backing: agreement without participation, which insights should be able to spot.
import type { Proposal } from '../quest-state.ts';
import { openProposals, yesVotes } from './knowledge.ts';
import type { BotCommand, Turn } from './turn.ts';

const MURMURS = ['Fine by me.', 'Okay.', 'I can live with that.', 'Whatever the team thinks.'];

export function quietMove(t: Turn): BotCommand | null {
  const scene = t.view.scene;
  if (!scene) return null;
  if (scene.phase !== 'discussion') return t.iAmReady ? null : { type: 'ready' };
  const d = t.decision;
  if (!d || scene.checkIn) return null;
  const backing = (p: Proposal) => p.supports.length + yesVotes(p);
  const leader = openProposals(t.view, d.id)
    .filter((p) => backing(p) > 0)
    .sort((a, b) => backing(b) - backing(a))[0];
  if (leader && leader.votes[t.me] !== 'yes') return { type: 'vote', proposal: leader.id, vote: 'yes' };
  if (!t.did('murmur') && t.draw() < 0.08) return t.once('murmur', { type: 'say', text: t.pick(MURMURS) ?? 'Okay.' });
  return null;
}
