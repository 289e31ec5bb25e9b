// Listening: how fast a bid gets a first reply from someone else, and how many bids get none. Pentland (HBR 2012)
// reads energy and engagement from who answers whom; Gottman's "turning away" from a bid, and stonewalling, is the
// unanswered end of it. A bid is a question, a proposal or amendment, or a named need.
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { median, type QuestLog, ratio, type Turn } from './quest-log.ts';

/** A bid with no reply from someone else within this time is unanswered. */
export const REPLY_WINDOW_MS = 60_000;

const BID_KINDS = new Set<Turn['kind']>(['question', 'proposal', 'amendment', 'need']);

export interface BidOutcome {
  bid: Turn;
  /** Milliseconds to the first reply, or null when none came within the window. */
  replyMs: number | null;
}

/**
 * Every bid whose window closed before the quest ended. A reply is any later turn by someone else (by the addressee
 * when a question names one), or a support, vote or objection on the bid's proposal.
 */
export function bidOutcomes(log: QuestLog): BidOutcome[] {
  const horizon = log.endedAt ?? Number.POSITIVE_INFINITY;
  const out: BidOutcome[] = [];
  for (const bid of log.turns) {
    if (!BID_KINDS.has(bid.kind)) continue;
    const deadline = bid.at + REPLY_WINDOW_MS;
    const replier = (by: string) => (bid.to ? by === bid.to : by !== bid.by);
    let first: number | null = null;
    for (let j = bid.index + 1; j < log.turns.length; j++) {
      const t = log.turns[j] as Turn;
      if (t.at > deadline) break;
      if (replier(t.by)) {
        first = t.at;
        break;
      }
    }
    if (bid.proposal) {
      for (const r of log.reactions) {
        if (r.proposal === bid.proposal && r.at >= bid.at && r.at <= deadline && replier(r.by)) {
          if (first === null || r.at < first) first = r.at;
          break;
        }
      }
    }
    // A bid whose window runs past the end of the quest had no fair chance of an answer: it is left out.
    if (first === null && deadline > horizon) continue;
    out.push({ bid, replyMs: first === null ? null : first - bid.at });
  }
  return out;
}

export function listening(log: QuestLog): FamilyResult {
  const outcomes = bidOutcomes(log);
  const facts = new Map<string, Partial<PersonFacts>>();
  const latencies: number[] = [];
  let unanswered = 0;
  for (const o of outcomes) {
    tally(facts, o.bid.by, 'bids');
    if (o.replyMs === null) unanswered++;
    else {
      latencies.push(o.replyMs / 1000);
      tally(facts, o.bid.by, 'bidsAnswered');
    }
  }
  return {
    values: { reply_seconds: median(latencies), unanswered_share: ratio(unanswered, outcomes.length) },
    facts,
  };
}
