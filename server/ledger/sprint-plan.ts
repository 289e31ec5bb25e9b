// A sprint and what was planned into it. Removing an item from a plan does not delete its entry: the entry keeps
// when and why it left, which is how the ledger tells an open change of plan from a commitment that quietly slid.
import type { ItemKind } from './ledger-item.ts';

export interface PlanEntry {
  itemId: string;
  itemTitle: string;
  kind: ItemKind;
  points: number;
  addedAt: Date;
  addReason: string | null;
  removedAt: Date | null;
  removeReason: string | null;
}

export interface Sprint {
  id: string;
  teamId: string;
  name: string;
  /** YYYY-MM-DD, both inclusive. */
  startsOn: string;
  endsOn: string;
  /** Points the team can take on. */
  capacity: number;
  entries: PlanEntry[];
}

export function activeEntries(sprint: Sprint): PlanEntry[] {
  return sprint.entries.filter((e) => e.removedAt === null);
}

/** When the sprint starts, as an instant: a plan change after it is a change of scope, not planning. */
export function sprintStart(sprint: Sprint): Date {
  return new Date(`${sprint.startsOn}T00:00:00Z`);
}
