// Which commitments need someone's attention, worked out from the commitments, the sprint plans and the clock:
// - due soon: due within the team's window and planned into a sprint that ends by then;
// - slipping: past its date and still open, or due soon with nothing planned to honour it;
// - silently deprioritised: its work was dropped from a plan, or moved into a sprint that ends after the due date,
//   and nobody renegotiated the commitment. This is the break the source warns about: "tech debt committed to and
//   then silently deprioritized".
// One alert per commitment, the most serious one. Pure: the same inputs always give the same alerts.
import { type Commitment, dayOf, daysBetween } from './commitment.ts';
import type { PlanEntry, Sprint } from './sprint-plan.ts';

export type AlertKind = 'due_soon' | 'slipping' | 'silently_deprioritised';

export interface CommitmentAlert {
  kind: AlertKind;
  commitmentId: string;
  title: string;
  ownerName: string;
  ownerPersonId: string | null;
  dueOn: string;
  message: string;
}

const SEVERITY: Record<AlertKind, number> = { silently_deprioritised: 0, slipping: 1, due_soon: 2 };

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

interface Placement {
  sprint: Sprint;
  entry: PlanEntry;
}

function placementsOf(itemId: string, sprints: readonly Sprint[]): Placement[] {
  return sprints.flatMap((sprint) => sprint.entries.filter((e) => e.itemId === itemId).map((entry) => ({ sprint, entry })));
}

function assess(
  c: Commitment,
  sprints: readonly Sprint[],
  today: string,
  dueSoonDays: number,
): Omit<CommitmentAlert, 'commitmentId' | 'title' | 'ownerName' | 'ownerPersonId' | 'dueOn'> | null {
  const daysLeft = daysBetween(today, c.dueOn);
  const overdue = {
    kind: 'slipping' as const,
    message: `was due on ${c.dueOn} (${days(-daysLeft)} ago) and is neither honoured nor renegotiated`,
  };
  if (c.itemId === null) {
    if (daysLeft < 0) return overdue;
    if (daysLeft <= dueSoonDays) return { kind: 'due_soon', message: `is due in ${days(daysLeft)}, on ${c.dueOn}` };
    return null;
  }

  const placements = placementsOf(c.itemId, sprints);
  const active = placements.filter((p) => p.entry.removedAt === null);
  const onTime = active
    .filter((p) => p.sprint.endsOn <= c.dueOn)
    .sort((a, b) => a.sprint.endsOn.localeCompare(b.sprint.endsOn))[0];
  if (onTime) {
    if (daysLeft < 0) {
      return {
        kind: 'slipping',
        message: `${overdue.message}; it was planned in ${onTime.sprint.name}: mark it honoured if the work is done`,
      };
    }
    if (daysLeft <= dueSoonDays) {
      return { kind: 'due_soon', message: `is due in ${days(daysLeft)}, on ${c.dueOn}; it is planned in ${onTime.sprint.name}` };
    }
    return null;
  }

  const late = active.sort((a, b) => a.sprint.endsOn.localeCompare(b.sprint.endsOn))[0];
  if (late) {
    return {
      kind: 'silently_deprioritised',
      message:
        `was moved past its date: its work is planned in ${late.sprint.name}, which ends on ${late.sprint.endsOn}, ` +
        `after the due date ${c.dueOn}, and the commitment was not renegotiated`,
    };
  }
  const renegotiatedSince = (at: Date) => c.renegotiations.some((r) => r.at.getTime() >= at.getTime());
  const silentDrop = placements
    .filter((p) => p.entry.removedAt !== null && p.sprint.endsOn <= c.dueOn && !renegotiatedSince(p.entry.addedAt))
    .sort((a, b) => (b.entry.removedAt as Date).getTime() - (a.entry.removedAt as Date).getTime())[0];
  if (silentDrop) {
    return {
      kind: 'silently_deprioritised',
      message:
        `was dropped from ${silentDrop.sprint.name} on ${dayOf(silentDrop.entry.removedAt as Date)} ` +
        `with no recorded renegotiation; it is due on ${c.dueOn} and no sprint that ends by then plans it`,
    };
  }
  if (daysLeft < 0) return overdue;
  if (daysLeft <= dueSoonDays) {
    return { kind: 'slipping', message: `is due in ${days(daysLeft)}, on ${c.dueOn}, and no sprint that ends by then plans it` };
  }
  return null;
}

export function commitmentAlerts(
  commitments: readonly Commitment[],
  sprints: readonly Sprint[],
  now: Date,
  dueSoonDays: number,
): CommitmentAlert[] {
  const today = dayOf(now);
  const alerts: CommitmentAlert[] = [];
  for (const c of commitments) {
    if (c.status !== 'open') continue;
    const found = assess(c, sprints, today, dueSoonDays);
    if (!found) continue;
    alerts.push({
      ...found,
      commitmentId: c.id,
      title: c.title,
      ownerName: c.ownerName,
      ownerPersonId: c.ownerPersonId,
      dueOn: c.dueOn,
      message: `"${c.title}" (${c.ownerName}) ${found.message}`,
    });
  }
  return alerts.sort(
    (a, b) => SEVERITY[a.kind] - SEVERITY[b.kind] || a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title),
  );
}
