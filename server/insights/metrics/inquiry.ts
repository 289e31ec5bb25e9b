// Inquiry: how much of the conversation is questions, and how many questions follow up on what the previous speaker
// just said. Asking questions signals interest in the other's view (Huang et al. 2017, JPSP) and is a learning
// behaviour of psychologically safe teams (Edmondson 1999, ASQ 44(2)). Both read structured moves only: a question
// is an `ask` command, and a follow-up is told apart by timing and addressee, never by its words.
import { EXCHANGE_WINDOW_MS } from './exchange-energy.ts';
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { type QuestLog, ratio, type Turn } from './quest-log.ts';

/** A question right after someone else's turn, addressed to that person or to nobody in particular. */
export function isFollowUp(turns: readonly Turn[], i: number): boolean {
  const q = turns[i];
  const prev = turns[i - 1];
  if (!q || !prev || q.kind !== 'question') return false;
  return prev.by !== q.by && q.at - prev.at <= EXCHANGE_WINDOW_MS && (q.to === undefined || q.to === prev.by);
}

export function inquiry(log: QuestLog): FamilyResult {
  const facts = new Map<string, Partial<PersonFacts>>();
  let questions = 0;
  let followUps = 0;
  log.turns.forEach((t, i) => {
    if (t.kind !== 'question') return;
    questions++;
    tally(facts, t.by, 'questions');
    if (isFollowUp(log.turns, i)) {
      followUps++;
      tally(facts, t.by, 'followUps');
    }
  });
  return {
    values: { question_share: ratio(questions, log.turns.length), follow_up_share: ratio(followUps, questions) },
    facts,
  };
}
