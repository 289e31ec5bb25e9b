// Turn-taking equality: how evenly the people in a quest shared the turns. Groups whose members take turns more
// evenly solve problems better together (Woolley et al. 2010, Science 330:686; Engel et al. 2014, PLoS ONE, which
// found the same in text-only groups).
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import type { QuestLog } from './quest-log.ts';

/**
 * The Gini coefficient of counts, normalised so that one person taking every turn scores 1 whatever the group size:
 * G = Σ_i Σ_j |n_i − n_j| / (2 N² mean), then G / (1 − 1/N). Null for fewer than two people or no turns at all.
 */
export function normalisedGini(counts: readonly number[]): number | null {
  const n = counts.length;
  if (n < 2) return null;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const mean = total / n;
  let sum = 0;
  for (const a of counts) for (const b of counts) sum += Math.abs(a - b);
  const g = sum / (2 * n * n * mean);
  return g / (1 - 1 / n);
}

export function turnTaking(log: QuestLog): FamilyResult {
  const turns = new Map(log.people.map((p) => [p, 0]));
  for (const t of log.turns) turns.set(t.by, (turns.get(t.by) ?? 0) + 1);
  const facts = new Map<string, Partial<PersonFacts>>();
  for (const [role, n] of turns) tally(facts, role, 'turns', n);
  for (const t of log.turns) if (t.kind === 'statement' || t.kind === 'question') tally(facts, t.by, 'messages');
  return { values: { turn_gini: normalisedGini([...turns.values()]) }, facts };
}
