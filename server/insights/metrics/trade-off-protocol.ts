// Trade-off protocol adherence, per decision, after the framework in the source documents: name the trade-off with
// a concrete risk, price it (a probability and a cost), let those who bear the consequences make the call, and write
// it down before the vote. These four steps come from practice writing, not from validated research: the metric
// shows whether a team used the framework, not that using it causes better outcomes.
import type { Risk } from '../../../engine/index.ts';
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { type QuestLog, ratio } from './quest-log.ts';

export function isPriced(r: Risk): boolean {
  return r.probability > 0 && r.cost > 0;
}

export interface DecisionProtocol {
  decision: string;
  named: boolean;
  priced: boolean;
  bearers: boolean;
  writtenBefore: boolean;
}

export function protocolOf(log: QuestLog): DecisionProtocol[] {
  return log.decisions.map((d) => {
    const p = d.proposal ? log.proposals.get(d.proposal) : undefined;
    const final = p?.revisions[p.revisions.length - 1];
    // A decision the clock or the facilitator made was not made by the team's protocol at all.
    if (d.via !== 'vote' || !p || !final) {
      return { decision: d.decision, named: false, priced: false, bearers: false, writtenBefore: false };
    }
    const finalVotes = p.votes.filter((v) => v.revision === final.revision && v.at <= d.at);
    const yes = new Set(finalVotes.filter((v) => v.vote === 'yes').map((v) => v.by));
    const firstVote = p.votes[0];
    // Written before: at the first vote on this proposal (any revision), the revision in force already named a risk.
    const inForce = firstVote ? p.revisions.filter((r) => r.at <= firstVote.at).at(-1) : undefined;
    return {
      decision: d.decision,
      named: final.risks.length > 0,
      priced: final.risks.some(isPriced),
      bearers: final.bearers.length > 0 && final.bearers.every((b) => yes.has(b)),
      writtenBefore: (inForce?.risks.length ?? 0) > 0,
    };
  });
}

export function tradeOffProtocol(log: QuestLog): FamilyResult {
  const steps = protocolOf(log);
  const n = steps.length;
  const count = (f: (s: DecisionProtocol) => boolean) => ratio(steps.filter(f).length, n);

  // Credit for naming and pricing goes to whoever wrote the risk first: in a proposal, an amendment or an objection.
  const people = new Set(log.people);
  const facts = new Map<string, Partial<PersonFacts>>();
  for (const p of log.proposals.values()) {
    if (people.has(p.author)) tally(facts, p.author, 'proposals');
    const written: { at: number; by: string; risk: Risk }[] = [
      ...p.revisions.flatMap((r) => r.risks.map((risk) => ({ at: r.at, by: r.by, risk }))),
      ...p.objections.flatMap((o) => (o.risk ? [{ at: o.at, by: o.by, risk: o.risk }] : [])),
    ].sort((a, b) => a.at - b.at);
    const seen = new Set<string>();
    for (const w of written) {
      if (seen.has(w.risk.text)) continue;
      seen.add(w.risk.text);
      if (!people.has(w.by)) continue;
      tally(facts, w.by, 'risksNamed');
      if (isPriced(w.risk)) tally(facts, w.by, 'risksPriced');
    }
  }
  return {
    values: {
      protocol_named: count((s) => s.named),
      protocol_priced: count((s) => s.priced),
      protocol_bearers: count((s) => s.bearers),
      protocol_written_before: count((s) => s.writtenBefore),
      protocol_full: count((s) => s.named && s.priced && s.bearers && s.writtenBefore),
    },
    facts,
  };
}
