// Exchange energy and engagement: how often a turn is answered by someone else, per minute, and how evenly those
// exchanges spread across the pairs in the team (Pentland, "The New Science of Building Great Teams", HBR 2012).
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import type { QuestLog, Turn } from './quest-log.ts';
import { normalisedGini } from './turn-taking.ts';

/** A turn followed by someone else's within this time is an exchange (text chat is slower than speech). */
export const EXCHANGE_WINDOW_MS = 30_000;

/** The pairs of consecutive turns that form an exchange: (previous speaker, the person who answered). */
export function exchangesOf(turns: readonly Turn[]): [Turn, Turn][] {
  const out: [Turn, Turn][] = [];
  for (let i = 1; i < turns.length; i++) {
    const a = turns[i - 1] as Turn;
    const b = turns[i] as Turn;
    if (a.by !== b.by && b.at - a.at <= EXCHANGE_WINDOW_MS) out.push([a, b]);
  }
  return out;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function exchangeEnergy(log: QuestLog): FamilyResult {
  const exchanges = exchangesOf(log.turns);
  const minutes = log.activeMs / 60_000;
  const people = log.people;
  const pairs = new Map<string, number>();
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) pairs.set(pairKey(people[i] as string, people[j] as string), 0);
  }
  const involving = new Map(people.map((p) => [p, 0]));
  const facts = new Map<string, Partial<PersonFacts>>();
  for (const [a, b] of exchanges) {
    const k = pairKey(a.by, b.by);
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
    involving.set(a.by, (involving.get(a.by) ?? 0) + 1);
    involving.set(b.by, (involving.get(b.by) ?? 0) + 1);
    tally(facts, b.by, 'repliesGiven');
  }
  for (const [role, n] of involving) tally(facts, role, 'exchanges', n);

  const counts = [...pairs.values()];
  // With one pair there is nothing to spread; evenness is undefined rather than perfect.
  const gini = counts.length >= 2 ? normalisedGini(counts) : null;
  const evenness = gini === null ? null : 1 - gini;
  const perPairPerMinute = counts.length > 0 && minutes > 0 ? exchanges.length / counts.length / minutes : null;
  const hub = exchanges.length > 0 ? Math.max(...involving.values()) / exchanges.length : null;
  return {
    values: {
      exchange_rate: minutes > 0 ? exchanges.length / minutes : null,
      pair_evenness: evenness,
      engagement: perPairPerMinute !== null && evenness !== null ? perPairPerMinute * evenness : null,
      hub_share: people.length >= 3 ? hub : null,
    },
    facts,
  };
}
