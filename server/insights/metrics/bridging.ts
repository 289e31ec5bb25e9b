// Bridging: when a decision is contested (an objection stands, or competing proposals are open), someone amends
// another person's proposal toward something both sides can accept. Amending rather than countering is the
// integrative move of Weingart et al. 1996 and the "different approach that takes a week longer" of the source
// documents. A bridge is accepted when the amended proposal became the decision.
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { choiceKey, type QuestLog, ratio } from './quest-log.ts';

export interface Bridge {
  by: string;
  proposal: string;
  decision: string;
  scene: number;
  accepted: boolean;
}

export function bridgesOf(log: QuestLog): Bridge[] {
  const acceptedProposals = new Set(log.decisions.flatMap((d) => (d.proposal ? [d.proposal] : [])));
  const out: Bridge[] = [];
  for (const t of log.turns) {
    if (t.kind !== 'amendment' || !t.contested || !t.proposal) continue;
    const p = log.proposals.get(t.proposal);
    if (!p || p.author === t.by) continue;
    out.push({ by: t.by, proposal: p.id, decision: p.decision, scene: p.scene, accepted: acceptedProposals.has(p.id) });
  }
  return out;
}

/** Decisions (per scene) that were contested at some point: an objection, or two proposals with different choices. */
export function contestedDecisions(log: QuestLog): Set<string> {
  const out = new Set<string>();
  const byDecision = new Map<string, string[]>();
  for (const p of log.proposals.values()) {
    const key = `${p.scene}|${p.decision}`;
    if (p.objections.length > 0) out.add(key);
    const choices = byDecision.get(key) ?? [];
    for (const r of p.revisions) choices.push(choiceKey(r.choice));
    byDecision.set(key, choices);
  }
  for (const [key, choices] of byDecision) if (new Set(choices).size >= 2) out.add(key);
  return out;
}

export function bridging(log: QuestLog): FamilyResult {
  const bridges = bridgesOf(log);
  const contested = contestedDecisions(log);
  const bridged = new Set(bridges.map((b) => `${b.scene}|${b.decision}`).filter((k) => contested.has(k)));
  const facts = new Map<string, Partial<PersonFacts>>();
  for (const b of bridges) {
    tally(facts, b.by, 'bridges');
    if (b.accepted) tally(facts, b.by, 'bridgesAccepted');
  }
  return { values: { bridging_share: ratio(bridged.size, contested.size) }, facts };
}
