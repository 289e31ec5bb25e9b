// Where communication breaks down: the same conversational measures, split by the kind of moment a turn falls in.
// Deadline pressure is the last minute before a discussion deadline, against the rest of the discussion; a contested
// moment is one where an objection stands or competing proposals are open, against the rest. Comparing the two sides
// within the same quests shows which moments a team handles worse, without comparing it to anyone else.
import type { FamilyResult } from './family-result.ts';
import { interestShare, movesOf, structuredView } from './interest-moves.ts';
import { bidOutcomes } from './listening.ts';
import { type QuestLog, ratio, type Turn } from './quest-log.ts';

/** Less time than this in a kind of moment gives no rate for it. */
export const MIN_MOMENT_MS = 15_000;

type Side = (t: { pressure: boolean; contested: boolean }) => boolean;

function side(log: QuestLog, ms: number, inSide: Side, moves: ReturnType<typeof movesOf>, bids: ReturnType<typeof bidOutcomes>) {
  const turns = log.turns.filter((t: Turn) => t.discussion && inSide(t));
  const sideBids = bids.filter((b) => b.bid.discussion && inSide(b.bid));
  return {
    turnRate: ms >= MIN_MOMENT_MS ? turns.length / (ms / 60_000) : null,
    questionShare: ratio(turns.filter((t) => t.kind === 'question').length, turns.length),
    unansweredShare: ratio(sideBids.filter((b) => b.replyMs === null).length, sideBids.length),
    interestShare: interestShare(structuredView(moves.filter((m) => m.discussion && inSide(m)))),
  };
}

export function moments(log: QuestLog): FamilyResult {
  const moves = movesOf(log);
  const bids = bidOutcomes(log);
  const deadline = side(log, log.pressureMs, (t) => t.pressure, moves, bids);
  const open = side(log, log.discussionMs - log.pressureMs, (t) => !t.pressure, moves, bids);
  const contested = side(log, log.contestedMs, (t) => t.contested, moves, bids);
  const settled = side(log, log.discussionMs - log.contestedMs, (t) => !t.contested, moves, bids);
  return {
    values: {
      deadline_turn_rate: deadline.turnRate,
      open_turn_rate: open.turnRate,
      deadline_question_share: deadline.questionShare,
      open_question_share: open.questionShare,
      deadline_unanswered_share: deadline.unansweredShare,
      open_unanswered_share: open.unansweredShare,
      deadline_interest_share: deadline.interestShare,
      open_interest_share: open.interestShare,
      contested_turn_rate: contested.turnRate,
      settled_turn_rate: settled.turnRate,
      contested_question_share: contested.questionShare,
      settled_question_share: settled.questionShare,
      contested_unanswered_share: contested.unansweredShare,
      settled_unanswered_share: settled.unansweredShare,
      contested_interest_share: contested.interestShare,
      settled_interest_share: settled.interestShare,
    },
  };
}
