// Information pooling: whether private intel reached the whole team before the decision that needed it. Every quest
// hides challenges that only pooled cards from several roles reveal (as in the Everest simulation of Roberto and
// Edmondson); teams that pool late decide without what they collectively knew.
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { type QuestLog, ratio } from './quest-log.ts';

export function informationPooling(log: QuestLog): FamilyResult {
  const decidedAt = new Map<string, number>();
  for (const d of log.decisions) if (!decidedAt.has(d.decision)) decidedAt.set(d.decision, d.at);
  const pooledAt = new Map<string, number>();
  for (const s of log.cardShares) if (s.with === 'team' && !pooledAt.has(s.card)) pooledAt.set(s.card, s.at);

  let reached = 0;
  let inTime = 0;
  let cards = 0;
  let cardsInTime = 0;
  const keyCards = new Set<string>();
  for (const c of log.challenges) {
    const due = decidedAt.get(c.before);
    // A challenge whose decision never came (the quest ended first) says nothing either way.
    if (due === undefined) continue;
    reached++;
    const solved = log.solvedAt.get(c.id);
    if (solved !== undefined && solved <= due) inTime++;
    for (const card of c.cards) {
      keyCards.add(card);
      cards++;
      const at = pooledAt.get(card);
      if (at !== undefined && at <= due) cardsInTime++;
    }
  }

  const facts = new Map<string, Partial<PersonFacts>>();
  const counted = new Set<string>();
  for (const s of log.cardShares) {
    if (!s.byPerson) continue;
    // Showing one card to several people, one at a time, is one piece of intel shared.
    const key = `${s.by}|${s.card}`;
    if (counted.has(key)) continue;
    counted.add(key);
    tally(facts, s.by, 'cardsShared');
    if (keyCards.has(s.card)) tally(facts, s.by, 'keyCardsShared');
  }
  return {
    values: { pooling_in_time: ratio(inTime, reached), intel_before_decision: ratio(cardsInTime, cards) },
    facts,
  };
}
