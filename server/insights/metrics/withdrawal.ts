// Withdrawal: a person going quiet after being overruled, the last stage of the trigger-escalation-withdrawal cycle
// the source documents describe ("the engineer stops raising concerns"). Overruled: the team accepted a proposal the
// person objected to or voted against, or chose another proposal over theirs. Went quiet: their share of the team's
// turns in the next scene fell to a third or less of their share in the scene where they were overruled.
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { type QuestLog, ratio } from './quest-log.ts';

/** A share of turns at or below this fraction of the earlier share is going quiet. */
export const QUIET_FRACTION = 1 / 3;
/** Fewer turns than this before says too little about how much someone usually speaks. */
export const MIN_TURNS_BEFORE = 2;

export function overruledBy(log: QuestLog): { scene: number; role: string }[] {
  const people = new Set(log.people);
  const out: { scene: number; role: string }[] = [];
  for (const d of log.decisions) {
    if (d.via !== 'vote' || !d.proposal) continue;
    const accepted = log.proposals.get(d.proposal);
    const final = accepted?.revisions.at(-1);
    if (!accepted || !final) continue;
    const yes = new Set(accepted.votes.filter((v) => v.revision === final.revision && v.vote === 'yes').map((v) => v.by));
    const against = new Set<string>();
    for (const o of accepted.objections) against.add(o.by);
    for (const v of accepted.votes) if (v.revision === final.revision && v.vote === 'no') against.add(v.by);
    for (const p of log.proposals.values()) {
      if (p.id !== accepted.id && p.decision === d.decision && p.scene === d.scene) against.add(p.author);
    }
    for (const role of against) if (people.has(role) && !yes.has(role)) out.push({ scene: d.scene, role });
  }
  return out;
}

function sharesIn(log: QuestLog, scene: number): { total: number; by: Map<string, number> } {
  const by = new Map<string, number>();
  let total = 0;
  for (const t of log.turns) {
    if (t.scene !== scene) continue;
    total++;
    by.set(t.by, (by.get(t.by) ?? 0) + 1);
  }
  return { total, by };
}

export function withdrawal(log: QuestLog): FamilyResult {
  const facts = new Map<string, Partial<PersonFacts>>();
  const evaluated = new Set<string>();
  let cases = 0;
  let withdrawn = 0;
  for (const o of overruledBy(log)) {
    tally(facts, o.role, 'overruled');
    const before = sharesIn(log, o.scene);
    const after = sharesIn(log, o.scene + 1);
    const mine = before.by.get(o.role) ?? 0;
    // Without a next scene with talk in it, or with too little talk before, there is nothing to compare.
    if (after.total === 0 || mine < MIN_TURNS_BEFORE) continue;
    cases++;
    evaluated.add(o.role);
    const shareBefore = mine / before.total;
    const shareAfter = (after.by.get(o.role) ?? 0) / after.total;
    if (shareAfter <= shareBefore * QUIET_FRACTION) {
      withdrawn++;
      tally(facts, o.role, 'withdrawals');
    }
  }
  return {
    values: { withdrawal_share: ratio(withdrawn, cases) },
    subjects: { withdrawal_share: [...evaluated] },
    facts,
  };
}
