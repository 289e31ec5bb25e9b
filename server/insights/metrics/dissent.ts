// Dissent before decision: of the proposals that went to a vote, how many heard a risk or an objection from someone
// other than the proposer before the first vote. Speaking up with a concern is the behaviour psychological safety
// makes possible (Edmondson 1999, ASQ 44(2)); this is a proxy for it, read from structured moves only.
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { type QuestLog, ratio } from './quest-log.ts';

export function dissentBeforeVote(log: QuestLog): FamilyResult {
  const people = new Set(log.people);
  const facts = new Map<string, Partial<PersonFacts>>();
  let voted = 0;
  let withDissent = 0;
  for (const p of log.proposals.values()) {
    const firstVote = p.votes[0];
    if (!firstVote) continue;
    voted++;
    const dissenters = new Set<string>();
    for (const o of p.objections) {
      if (o.at <= firstVote.at && o.by !== p.author && people.has(o.by)) dissenters.add(o.by);
    }
    // An amendment by someone else that adds a risk the proposer had not named raises it just as clearly.
    for (let i = 1; i < p.revisions.length; i++) {
      const r = p.revisions[i];
      const before = p.revisions[i - 1];
      if (!r || !before || r.at > firstVote.at || r.by === p.author || !people.has(r.by)) continue;
      const known = new Set(before.risks.map((x) => x.text));
      if (r.risks.some((x) => !known.has(x.text))) dissenters.add(r.by);
    }
    if (dissenters.size > 0) withDissent++;
    for (const d of dissenters) tally(facts, d, 'dissentRaised');
  }
  return { values: { dissent_before_vote: ratio(withDissent, voted) }, facts };
}
