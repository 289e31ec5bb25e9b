// Interest-based versus positional moves (Fisher & Ury 1981; Weingart et al. 1996, JPSP 70:1205). Interest-based:
// naming a need, sharing intel, proposing or amending with a rationale, objecting with a reason, calling a check-in.
// Positional: a proposal with no rationale, re-proposing a choice one already proposed for the same decision,
// objecting to a proposal while one's own different proposal for that decision is open (defending a position), and
// a "no" vote on a proposal one never objected to or amended (a veto with no reason given). The structured share reads
// only these moves. The free-text share adds two heuristic cues (why/what-matters questions count as interest;
// ultimatums and repeating one's own objection word for word count as positional) and is marked textDerived.
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { type QuestLog, ratio, revisionAt, sameChoice, type Turn } from './quest-log.ts';
import { isInterestQuestion, isUltimatum, normalisedReason } from './text-cues.ts';

export type MoveStance = 'interest' | 'positional';

export interface Move {
  at: number;
  by: string;
  /** The stance read from the structured move alone, or null when only a free-text cue made it a move. */
  structured: MoveStance | null;
  /** The stance once free-text cues are read too, or null when the text view does not count it. */
  text: MoveStance | null;
  discussion: boolean;
  pressure: boolean;
  contested: boolean;
}

/** Objecting to a proposal while one's own, different proposal for the same decision is open: defending a position. */
function defendsOwnProposal(log: QuestLog, t: Turn): boolean {
  const target = t.proposal ? log.proposals.get(t.proposal) : undefined;
  const theirs = target ? revisionAt(target, t.at) : undefined;
  if (!target || !theirs) return false;
  const decided = log.decisions.some((d) => d.decision === target.decision && d.scene === target.scene && d.at < t.at);
  if (decided) return false;
  for (const q of log.proposals.values()) {
    if (q.id === target.id || q.author !== t.by || q.decision !== target.decision || q.scene !== target.scene) continue;
    const mine = revisionAt(q, t.at);
    if (mine && !sameChoice(mine.choice, theirs.choice)) return true;
  }
  return false;
}

function structuredStance(log: QuestLog, t: Turn, proposedBefore: Map<string, Turn[]>): MoveStance | null {
  switch (t.kind) {
    case 'need':
    case 'share':
    case 'check_in':
      return 'interest';
    case 'objection':
      return defendsOwnProposal(log, t) ? 'positional' : 'interest';
    case 'proposal':
    case 'amendment': {
      const p = t.proposal ? log.proposals.get(t.proposal) : undefined;
      const rev = p?.revisions.find((r) => r.at === t.at && r.by === t.by);
      if (!p || !rev) return null;
      const key = `${t.by}|${p.decision}`;
      const mine = proposedBefore.get(key) ?? [];
      const restated = mine.some((earlier) => {
        const ep = earlier.proposal ? log.proposals.get(earlier.proposal) : undefined;
        const er = ep?.revisions.find((r) => r.at === earlier.at && r.by === earlier.by);
        return er !== undefined && sameChoice(er.choice, rev.choice);
      });
      proposedBefore.set(key, [...mine, t]);
      if (restated) return 'positional';
      return rev.rationale.trim() === '' ? 'positional' : 'interest';
    }
    default:
      return null;
  }
}

/** Every move in time order, with its structured stance and its stance once free-text cues are read. */
export function movesOf(log: QuestLog): Move[] {
  const moves: Move[] = [];
  const proposedBefore = new Map<string, Turn[]>();
  const reasonsGiven = new Map<string, Set<string>>();
  for (const t of log.turns) {
    const structured = structuredStance(log, t, proposedBefore);
    let text = structured;
    if (t.kind === 'objection' && t.text !== undefined) {
      const said = reasonsGiven.get(t.by) ?? new Set<string>();
      const reason = normalisedReason(t.text);
      // Structurally an objection with a reason; word for word, a repeat of one this person already gave.
      if (said.has(reason)) text = 'positional';
      said.add(reason);
      reasonsGiven.set(t.by, said);
    }
    if (structured === null && t.text !== undefined) {
      if (t.kind === 'question' && isInterestQuestion(t.text)) text = 'interest';
      else if ((t.kind === 'statement' || t.kind === 'question') && isUltimatum(t.text)) text = 'positional';
    }
    if (structured || text) {
      moves.push({
        at: t.at,
        by: t.by,
        structured,
        text,
        discussion: t.discussion,
        pressure: t.pressure,
        contested: t.contested,
      });
    }
  }
  // Vetoes: a "no" with no objection or amendment from that person on that proposal.
  for (const p of log.proposals.values()) {
    for (const v of p.votes) {
      if (v.vote !== 'no' || !log.people.includes(v.by)) continue;
      if (p.objections.some((o) => o.by === v.by) || p.revisions.some((r) => r.by === v.by)) continue;
      const around = log.turns.findLast((t) => t.at <= v.at);
      moves.push({
        at: v.at,
        by: v.by,
        structured: 'positional',
        text: 'positional',
        discussion: around?.discussion ?? false,
        pressure: around?.pressure ?? false,
        contested: around?.contested ?? false,
      });
    }
  }
  return moves.sort((a, b) => a.at - b.at);
}

export interface Stanced {
  by: string;
  stance: MoveStance;
}

export function structuredView(moves: readonly Move[]): Stanced[] {
  return moves.flatMap((m) => (m.structured ? [{ by: m.by, stance: m.structured }] : []));
}

export function textView(moves: readonly Move[]): Stanced[] {
  return moves.flatMap((m) => (m.text ? [{ by: m.by, stance: m.text }] : []));
}

export function interestShare(moves: readonly Stanced[]): number | null {
  return ratio(moves.filter((m) => m.stance === 'interest').length, moves.length);
}

/** Of the interest-based moves followed by someone else's move, the share followed by an interest-based one. */
export function reciprocity(moves: readonly Stanced[]): number | null {
  let answered = 0;
  let inKind = 0;
  for (let i = 0; i < moves.length; i++) {
    const m = moves[i] as Stanced;
    if (m.stance !== 'interest') continue;
    const next = moves.slice(i + 1).find((n) => n.by !== m.by);
    if (!next) continue;
    answered++;
    if (next.stance === 'interest') inKind++;
  }
  return ratio(inKind, answered);
}

export function interestMoves(log: QuestLog): FamilyResult {
  const all = movesOf(log);
  const structured = structuredView(all);
  const facts = new Map<string, Partial<PersonFacts>>();
  for (const m of structured) tally(facts, m.by, m.stance === 'interest' ? 'interestMoves' : 'positionalMoves');
  return {
    values: {
      interest_share_structured: interestShare(structured),
      interest_share: interestShare(textView(all)),
      interest_reciprocity: reciprocity(structured),
    },
    facts,
  };
}
