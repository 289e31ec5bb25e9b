// The only place insights reads the words people typed. Everything here is a heuristic: a pattern in the text that
// research links to a behaviour, not the behaviour itself. Metrics built on it are marked textDerived, shown to
// leads only over the larger free-text group size, and documented as heuristic in docs/METRICS.md.

/** Escalation cues after Zhang et al. 2018 (ACL, "Conversations Gone Awry"): the markers that precede derailment. */
const SENTENCE_INITIAL_YOU = /(^|[.!?]\s+)you\b/i;
const ALWAYS_NEVER = /\b(always|never)\b/i;
const BLUNT_QUESTION = new RegExp(
  String.raw`^\s*(why (didn'?t|don'?t|can'?t|won'?t|wouldn'?t|haven'?t|aren'?t|isn'?t|do|did|would) you` +
    String.raw`|what were you thinking|how could you|are you serious)\b`,
  'i',
);

export type EscalationCue = 'sentence_initial_you' | 'always_never' | 'blunt_question';

export function escalationCues(text: string, isQuestion: boolean): EscalationCue[] {
  const cues: EscalationCue[] = [];
  if (SENTENCE_INITIAL_YOU.test(text)) cues.push('sentence_initial_you');
  if (ALWAYS_NEVER.test(text)) cues.push('always_never');
  if (BLUNT_QUESTION.test(text) && (isQuestion || text.trim().endsWith('?'))) cues.push('blunt_question');
  return cues;
}

/** Questions about interests rather than positions (Fisher & Ury: "why?" and "why not?"). */
const INTEREST_QUESTION = new RegExp(
  String.raw`^\s*(why\b(?! (didn'?t|don'?t|can'?t|won'?t|wouldn'?t) you)` +
    '|what (matters|would|makes|worries|do you need)|how (would|could|might|can) we)',
  'i',
);

export function isInterestQuestion(text: string): boolean {
  return INTEREST_QUESTION.test(text);
}

/** Ultimatums and flat restatements of a position (Weingart et al. 1996 code these as positional). */
const ULTIMATUM =
  /\b(take it or leave it|non-?negotiable|final offer|or else|not up for discussion|end of discussion|no matter what)\b/i;

export function isUltimatum(text: string): boolean {
  return ULTIMATUM.test(text);
}

/** For telling a repeated objection from a new one: case, spacing and punctuation do not make a reason new. */
export function normalisedReason(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
