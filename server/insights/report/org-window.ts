// Builds the organisation's units for a window from team-month sums and team-month-person masks: the pure half of
// the dashboard query, shared by the query and by tests. Distinct people are counted per unit and per metric from the
// masks, so a person in two teams of a group counts once for the group.
import { METRIC_IDS, type MetricId } from '../metrics/metric-catalogue.ts';
import type { MetricSums, OrgWindow, UnitSums } from './inputs.ts';

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
  sums: Partial<Record<MetricId, [number, number, number]>>;
}

export interface TeamPersonMask {
  teamId: string | null;
  personId: string;
  mask: bigint;
}

/** Adds one row's sums in. Keyed lookups over the metric list: Object.entries would allocate per metric per row. */
function addSums(into: Partial<Record<MetricId, MetricSums>>, sums: Partial<Record<MetricId, readonly [number, number, number]>>) {
  for (const id of METRIC_IDS) {
    const v = sums[id];
    if (!v) continue;
    const t = into[id];
    if (t) {
      t.quests += v[0];
      t.sum += v[1];
      t.sumSq += v[2];
    } else into[id] = { quests: v[0], sum: v[1], sumSq: v[2] };
  }
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
  // Sums per team first, then once up the tree: a few hundred additions per metric rather than one per row and level.
  const perTeam = new Map<string, Partial<Record<MetricId, MetricSums>>>();
  const questsPerTeam = new Map<string, number>();
  for (const r of teamMonths) {
    const id = teamUnit(r.teamId);
    const sums = perTeam.get(id) ?? {};
    addSums(sums, r.sums);
    perTeam.set(id, sums);
    questsPerTeam.set(id, (questsPerTeam.get(id) ?? 0) + r.quests);
  }
  for (const [team, sums] of perTeam) {
    for (const id of ancestors(team)) {
      const u = units.get(id) as UnitSums;
      u.quests += questsPerTeam.get(team) ?? 0;
      for (const metric of METRIC_IDS) {
        const t = sums[metric];
        if (!t) continue;
        const into = u.metrics[metric];
        if (into) {
          into.quests += t.quests;
          into.sum += t.sum;
          into.sumSq += t.sumSq;
        } else u.metrics[metric] = { quests: t.quests, sum: t.sum, sumSq: t.sumSq };
      }
    }
  }
  // Masks as two 32-bit halves: number operations are far quicker than BigInt ones.
  const masks = new Map<string, Map<string, [number, number]>>();
  for (const r of teamPeople) {
    const lo = Number(r.mask & 0xffffffffn);
    const hi = Number(r.mask >> 32n);
    for (const id of ancestors(teamUnit(r.teamId))) {
      const byPerson = masks.get(id) ?? new Map<string, [number, number]>();
      const m = byPerson.get(r.personId);
      if (m) {
        m[0] |= lo;
        m[1] |= hi;
      } else byPerson.set(r.personId, [lo, hi]);
      masks.set(id, byPerson);
    }
  }
  for (const [id, byPerson] of masks) {
    const u = units.get(id) as UnitSums;
    u.peopleAny = byPerson.size;
    const counts = new Array<number>(METRIC_IDS.length).fill(0);
    const count = (bit: number) => {
      counts[bit] = (counts[bit] ?? 0) + 1;
    };
    for (const [lo, hi] of byPerson.values()) {
      for (let x = lo >>> 0; x !== 0; x = (x & (x - 1)) >>> 0) count(31 - Math.clz32(x & -x));
      for (let x = hi >>> 0; x !== 0; x = (x & (x - 1)) >>> 0) count(63 - Math.clz32(x & -x));
    }
    METRIC_IDS.forEach((metric, i) => {
      if ((counts[i] ?? 0) > 0) u.people[metric] = counts[i] as number;
    });
  }
  return { orgId, window: { months: [...months] }, units: [...units.values()] };
}
