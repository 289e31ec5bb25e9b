// Escalation and repair. Escalation cues per message after Zhang et al. 2018 (ACL, "Conversations Gone Awry"):
// sentence-initial "you", "always"/"never", blunt "why didn't you" questions. Repair after Gottman: how often an
// escalation is followed by a check-in, how soon, and what changed after it (escalation cues in the two minutes after
// the check-in minus the two minutes before). The cues are read from free text, so every metric here is heuristic.
import { type FamilyResult, type PersonFacts, tally } from './family-result.ts';
import { median, type QuestLog, ratio, type Turn } from './quest-log.ts';
import { escalationCues } from './text-cues.ts';

/** A check-in within this time of the latest cue repairs the escalation; after it, the episode ends unrepaired. */
export const REPAIR_WINDOW_MS = 180_000;
/** The span compared before and after a check-in. */
export const CHANGE_WINDOW_MS = 120_000;
/** A check-in counts as called "when it heats up" when a cue, an objection or a "no" vote came this soon before. */
export const HEAT_WINDOW_MS = 180_000;

function isMessage(t: Turn): boolean {
  return t.kind === 'statement' || t.kind === 'question';
}

export function escalated(t: Turn): boolean {
  return isMessage(t) && t.text !== undefined && escalationCues(t.text, t.kind === 'question').length > 0;
}

function cueRate(turns: readonly Turn[], from: number, to: number): number | null {
  const msgs = turns.filter((t) => isMessage(t) && t.at >= from && t.at <= to);
  return ratio(msgs.filter(escalated).length, msgs.length);
}

export function escalationRepair(log: QuestLog): FamilyResult {
  const facts = new Map<string, Partial<PersonFacts>>();
  const messages = log.turns.filter(isMessage);
  const cues = messages.filter(escalated);
  for (const t of cues) tally(facts, t.by, 'escalationCues');

  // Episodes: from a first cue until a check-in, or until REPAIR_WINDOW passes after the latest cue.
  const checkIns = [...log.checkIns].sort((a, b) => a.at - b.at);
  const episodes: { start: number; repairedAt: number | null; checkIn?: (typeof checkIns)[number] }[] = [];
  let open: { start: number; last: number } | null = null;
  const close = (upTo: number) => {
    if (!open) return;
    const o = open;
    const c = checkIns.find((x) => x.at > o.start && x.at <= Math.min(upTo, o.last + REPAIR_WINDOW_MS));
    episodes.push(c ? { start: o.start, repairedAt: c.at, checkIn: c } : { start: o.start, repairedAt: null });
    open = null;
  };
  for (const t of cues) {
    if (open) {
      const o: { start: number; last: number } = open;
      const repaired = checkIns.some((x) => x.at > o.start && x.at <= t.at && x.at <= o.last + REPAIR_WINDOW_MS);
      if (repaired || t.at - o.last > REPAIR_WINDOW_MS) close(t.at);
      else o.last = t.at;
    }
    if (!open) open = { start: t.at, last: t.at };
  }
  close(Number.POSITIVE_INFINITY);

  const repaired = episodes.filter((e) => e.repairedAt !== null);
  const changes: number[] = [];
  for (const e of repaired) {
    const c = e.checkIn;
    if (!c) continue;
    const before = cueRate(log.turns, c.at - CHANGE_WINDOW_MS, c.at);
    const after = cueRate(log.turns, c.until, c.until + CHANGE_WINDOW_MS);
    if (before !== null && after !== null) changes.push(after - before);
  }

  // Who called a check-in, and whether it was called when things were heating up.
  const heat: number[] = cues.map((t) => t.at);
  for (const p of log.proposals.values()) {
    for (const o of p.objections) heat.push(o.at);
    for (const v of p.votes) if (v.vote === 'no') heat.push(v.at);
  }
  for (const c of log.checkIns) {
    if (!c.byPerson) continue;
    tally(facts, c.by, 'checkIns');
    if (heat.some((h) => h <= c.at && c.at - h <= HEAT_WINDOW_MS)) tally(facts, c.by, 'heatedCheckIns');
  }

  return {
    values: {
      escalation_rate: ratio(cues.length, messages.length),
      repair_share: ratio(repaired.length, episodes.length),
      repair_seconds: median(repaired.map((e) => ((e.repairedAt as number) - e.start) / 1000)),
      repair_change: changes.length > 0 ? changes.reduce((a, b) => a + b, 0) / changes.length : null,
    },
    facts,
  };
}
