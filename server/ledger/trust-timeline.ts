// A team's trust timeline: the specific moments PM-engineering trust broke and the specific actions that repaired
// it. "The break is always specific. The repair has to be specific too." Most moments are read from what the ledger
// already holds (commitments, plan changes, trade-off records); the rest (a deadline imposed without engineering
// input, a dismissed concern that later caused an incident) are recorded by the team.
import { type Commitment, dayOf } from './commitment.ts';
import type { Sprint } from './sprint-plan.ts';
import { sprintStart } from './sprint-plan.ts';
import type { TradeOffRecord } from './trade-off-record.ts';

export const BREAK_KINDS = [
  'scope_change_without_discussion',
  'deadline_imposed_without_engineering',
  'dismissed_concern_caused_incident',
  'commitment_dropped',
] as const;
export const REPAIR_KINDS = [
  'commitment_renegotiated',
  'commitment_honoured',
  'trade_off_documented_before_decision',
  'engineering_in_discovery',
  'break_acknowledged',
] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];
export type RepairKind = (typeof REPAIR_KINDS)[number];
export type TrustKind = BreakKind | RepairKind;

export function trustTypeOf(kind: TrustKind): 'break' | 'repair' {
  return (BREAK_KINDS as readonly string[]).includes(kind) ? 'break' : 'repair';
}

/** A moment the team wrote down itself. */
export interface RecordedTrustEvent {
  id: string;
  kind: TrustKind;
  at: Date;
  note: string;
}

export interface TrustEvent {
  at: Date;
  kind: TrustKind;
  type: 'break' | 'repair';
  text: string;
  source: 'recorded' | 'commitment' | 'sprint' | 'trade_off';
  /** The id of what it is about: a commitment, sprint, trade-off or recorded event. */
  ref: string;
}

export interface TrustTimeline {
  events: TrustEvent[];
  breaks: number;
  repairs: number;
}

/** A renegotiation recorded within a day of dropping the work still counts as the drop being discussed. */
const RENEGOTIATION_GRACE_MS = 86_400_000;

export interface TimelineInput {
  commitments: readonly Commitment[];
  sprints: readonly Sprint[];
  tradeOffs: readonly TradeOffRecord[];
  recorded: readonly RecordedTrustEvent[];
}

/** Entries whose removal is accounted for by a commitment (as a break, or covered by its renegotiation). */
function entryKey(sprint: Sprint, itemId: string, addedAt: Date): string {
  return `${sprint.id}/${itemId}/${addedAt.getTime()}`;
}

function fromCommitments(commitments: readonly Commitment[], sprints: readonly Sprint[], accounted: Set<string>): TrustEvent[] {
  const out: TrustEvent[] = [];
  for (const c of commitments) {
    for (const r of c.renegotiations) {
      out.push({
        at: r.at,
        kind: 'commitment_renegotiated',
        type: 'repair',
        text:
          `"${c.title}" was renegotiated in the open from ${r.previousDueOn} to ${r.newDueOn}: ${r.reason}` +
          (r.agreedBy.length > 0 ? ` (agreed by ${r.agreedBy.join(', ')})` : ''),
        source: 'commitment',
        ref: c.id,
      });
    }
    if (c.status === 'honoured' && c.closedAt) {
      out.push({
        at: c.closedAt,
        kind: 'commitment_honoured',
        type: 'repair',
        text: `"${c.title}" was honoured (owner ${c.ownerName})`,
        source: 'commitment',
        ref: c.id,
      });
    }
    if (c.status === 'dropped' && c.closedAt) {
      out.push({
        at: c.closedAt,
        kind: 'commitment_dropped',
        type: 'break',
        text: `"${c.title}" was dropped${c.closeNote ? `: ${c.closeNote}` : ''}`,
        source: 'commitment',
        ref: c.id,
      });
    }
    if (c.itemId === null) continue;
    for (const sprint of sprints) {
      for (const e of sprint.entries) {
        if (e.itemId !== c.itemId || e.removedAt === null) continue;
        if (e.removedAt < c.createdAt || (c.closedAt && e.removedAt > c.closedAt)) continue;
        accounted.add(entryKey(sprint, e.itemId, e.addedAt));
        const discussed = c.renegotiations.some(
          (r) => r.at >= e.addedAt && r.at.getTime() <= (e.removedAt as Date).getTime() + RENEGOTIATION_GRACE_MS,
        );
        if (discussed) continue;
        out.push({
          at: e.removedAt,
          kind: 'commitment_dropped',
          type: 'break',
          text: `the work for "${c.title}" ("${e.itemTitle}") was dropped from ${sprint.name} without renegotiating the commitment`,
          source: 'sprint',
          ref: c.id,
        });
      }
    }
  }
  return out;
}

function fromScopeChanges(sprints: readonly Sprint[], accounted: Set<string>): TrustEvent[] {
  const out: TrustEvent[] = [];
  for (const sprint of sprints) {
    const start = sprintStart(sprint);
    for (const e of sprint.entries) {
      if (e.addedAt > start && !e.addReason) {
        out.push({
          at: e.addedAt,
          kind: 'scope_change_without_discussion',
          type: 'break',
          text: `"${e.itemTitle}" was added to ${sprint.name} after it started (${sprint.startsOn}) with no reason recorded`,
          source: 'sprint',
          ref: sprint.id,
        });
      }
      if (e.removedAt && e.removedAt > start && !e.removeReason && !accounted.has(entryKey(sprint, e.itemId, e.addedAt))) {
        out.push({
          at: e.removedAt,
          kind: 'scope_change_without_discussion',
          type: 'break',
          text: `"${e.itemTitle}" was taken out of ${sprint.name} after it started (${sprint.startsOn}) with no reason recorded`,
          source: 'sprint',
          ref: sprint.id,
        });
      }
    }
  }
  return out;
}

function fromTradeOffs(tradeOffs: readonly TradeOffRecord[]): TrustEvent[] {
  return tradeOffs
    .filter((t) => t.decidedAt !== null && t.decidedAt >= t.writtenAt && (t.status === 'accepted' || t.status === 'superseded'))
    .map((t) => ({
      at: t.decidedAt as Date,
      kind: 'trade_off_documented_before_decision' as const,
      type: 'repair' as const,
      text:
        `trade-off #${t.number} "${t.content.title}" was written down on ${dayOf(t.writtenAt)}, before the decision on ` +
        `${dayOf(t.decidedAt as Date)}, and signed by ${t.content.bearers.map((b) => b.name).join(', ')}`,
      source: 'trade_off' as const,
      ref: t.id,
    }));
}

export function trustTimeline(input: TimelineInput): TrustTimeline {
  const accounted = new Set<string>();
  const events = [
    ...fromCommitments(input.commitments, input.sprints, accounted),
    ...fromScopeChanges(input.sprints, accounted),
    ...fromTradeOffs(input.tradeOffs),
    ...input.recorded.map((r) => ({
      at: r.at,
      kind: r.kind,
      type: trustTypeOf(r.kind),
      text: r.note,
      source: 'recorded' as const,
      ref: r.id,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.kind.localeCompare(b.kind));
  return {
    events,
    breaks: events.filter((e) => e.type === 'break').length,
    repairs: events.filter((e) => e.type === 'repair').length,
  };
}
