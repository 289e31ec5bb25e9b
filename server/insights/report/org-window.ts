// Builds the organisation's units for a window from team-month sums and team-month-person masks: the pure half of
// the dashboard query, shared by the query and by tests. Distinct people are counted per unit and per metric from the
// masks, so a person in two teams of a group counts once for the group.

import { SUM_SLOTS } from '../metric-sums.ts';
import { METRIC_IDS } from '../metrics/metric-catalogue.ts';
import type { OrgWindow, UnitSums } from './inputs.ts';

/** The organisation's structure as accounts knows it: groups of teams, and teams outside any group. */
export interface OrgStructure {
  orgId: string;
  name: string;
  groups: readonly { id: string; name: string; teamIds: readonly string[] }[];
  teams: readonly { id: string; name: string }[];
}

/** The unit id of quests held in the organisation outside any team. */
export function adHocUnit(orgId: string): string {
  return `${orgId}:ad-hoc`;
}

export interface TeamMonthSums {
  teamId: string | null;
  quests: number;
  /** Packed: [n, sum, sum of squares] per metric in METRIC_IDS order (metric-sums.ts). */
  sums: Float64Array;
}

/** A person's metrics mask in a team over the window, as two 32-bit halves (bits 0-31, 32-63). */
export interface TeamPersonMask {
  teamId: string | null;
  personId: string;
  lo: number;
  hi: number;
}

export function maskHalves(mask: bigint): { lo: number; hi: number } {
  return { lo: Number(mask & 0xffffffffn), hi: Number(mask >> 32n) };
}

/** a += b, slot by slot. Kept small and separate so the engine optimises it early. */
function addInto(a: Float64Array, b: Float64Array): void {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) a[k] = (a[k] as number) + (b[k] as number);
}

export function orgWindowOf(
  structure: OrgStructure,
  months: readonly string[],
  teamMonths: readonly TeamMonthSums[],
  teamPeople: readonly TeamPersonMask[],
): OrgWindow {
  const orgId = structure.orgId;
  const units = new Map<string, UnitSums>();
  const add = (id: string, parent: string | null, name: string, level: UnitSums['level']) =>
    units.set(id, { id, parent, name, level, metrics: {}, people: {}, peopleAny: 0, quests: 0 });
  add(orgId, null, structure.name, 'organisation');
  const groupOf = new Map<string, string>();
  for (const g of structure.groups) {
    add(g.id, orgId, g.name, 'group');
    for (const t of g.teamIds) groupOf.set(t, g.id);
  }
  for (const t of structure.teams) add(t.id, groupOf.get(t.id) ?? orgId, t.name, 'team');
  // Teams that hold data but are no longer listed still count: leaving them out would let their data hide in the
  // organisation's total and be read off by subtraction.
  const teamUnit = (teamId: string | null): string => {
    const id = teamId ?? adHocUnit(orgId);
    if (!units.has(id)) add(id, orgId, teamId === null ? 'Quests held outside a team' : 'A team no longer listed', 'team');
    return id;
  };
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let cur: string | null = id; cur !== null; cur = units.get(cur)?.parent ?? null) out.push(cur);
    return out;
  };
  // Packed sums added slot by slot, per team and then up the tree: typed-array arithmetic, no objects per metric.
  const width = METRIC_IDS.length * SUM_SLOTS;
  const acc = new Map<string, Float64Array>();
  for (const r of teamMonths) {
    const team = teamUnit(r.teamId);
    for (const id of ancestors(team)) {
      let a = acc.get(id);
      if (!a) {
        a = new Float64Array(width);
        acc.set(id, a);
      }
      addInto(a, r.sums);
      (units.get(id) as UnitSums).quests += r.quests;
    }
  }
  for (const [id, a] of acc) {
    const u = units.get(id) as UnitSums;
    METRIC_IDS.forEach((metric, i) => {
      const n = a[i * SUM_SLOTS] as number;
      // Counts are whole numbers; a remainder below a half is what subtracting running totals leaves behind.
      if (n >= 0.5)
        u.metrics[metric] = { quests: Math.round(n), sum: a[i * SUM_SLOTS + 1] as number, sumSq: a[i * SUM_SLOTS + 2] as number };
    });
  }
  // Per unit, each person's metrics as two 32-bit halves (number operations are far quicker than BigInt ones).
  const lineage = new Map<string | null, string[]>();
  const masks = new Map<string, Map<string, number[]>>();
  for (const r of teamPeople) {
    let up = lineage.get(r.teamId);
    if (!up) {
      up = ancestors(teamUnit(r.teamId));
      lineage.set(r.teamId, up);
    }
    for (const id of up) {
      let byPerson = masks.get(id);
      if (!byPerson) {
        byPerson = new Map();
        masks.set(id, byPerson);
      }
      const m = byPerson.get(r.personId);
      if (m) {
        m[0] = ((m[0] as number) | r.lo) >>> 0;
        m[1] = ((m[1] as number) | r.hi) >>> 0;
      } else byPerson.set(r.personId, [r.lo >>> 0, r.hi >>> 0]);
    }
  }
  for (const [id, byPerson] of masks) {
    const u = units.get(id) as UnitSums;
    u.peopleAny = byPerson.size;
    // People share a handful of distinct masks: count those, then their bits once each.
    const distinct = new Map<number, number>();
    for (const [lo, hi] of byPerson.values()) {
      const key = (hi as number) * 2 ** 32 + (lo as number);
      distinct.set(key, (distinct.get(key) ?? 0) + 1);
    }
    const counts = new Array<number>(METRIC_IDS.length).fill(0);
    for (const [key, n] of distinct) {
      const lo = key % 2 ** 32;
      const hi = Math.floor(key / 2 ** 32);
      for (let bit = 0; bit < METRIC_IDS.length; bit++) {
        const set = bit < 32 ? (lo >>> bit) & 1 : (hi >>> (bit - 32)) & 1;
        if (set) counts[bit] = (counts[bit] ?? 0) + n;
      }
    }
    METRIC_IDS.forEach((metric, i) => {
      if ((counts[i] ?? 0) > 0) u.people[metric] = counts[i] as number;
    });
  }
  return { orgId, window: { months: [...months] }, units: [...units.values()] };
}
