// Which units of an organisation (the organisation, its groups, its teams) may show a metric to leads. A unit shows it
// only when the people it aggregates reach the threshold; then complementary suppression hides more units until
// nothing below the threshold can be worked out by adding and subtracting what is shown. Example: an organisation
// shows a figure and three of its four teams are shown; the fourth has 3 people; the organisation minus the three
// shown teams would reveal it, so the next-smallest team is hidden too.
//
// Why checking "residuals" is enough: every shown unit tells a reader the total over its teams. In a tree, what a
// reader can compute is exactly the totals of each shown unit's residual (its hidden teams not under a shown unit
// below it) and their combinations; residuals never overlap. So the figures are safe when every non-empty residual
// surely holds at least the threshold of distinct people. "Surely" uses two lower bounds that hold however people
// overlap across teams: the largest unit lying wholly inside the residual, and the unit's people minus the people of
// the shown units below it.

export interface DisclosureUnit {
  id: string;
  parent: string | null;
  /** Distinct consenting people whose data the unit's figure aggregates. */
  people: number;
}

export type Disclosure = 'shown' | 'too_few_people' | 'protects_a_smaller_group' | 'no_data';

interface Tree {
  units: Map<string, DisclosureUnit>;
  children: Map<string, string[]>;
}

function treeOf(units: readonly DisclosureUnit[]): Tree {
  const byId = new Map<string, DisclosureUnit>();
  for (const u of units) {
    if (byId.has(u.id)) throw new Error(`disclosure: unit '${u.id}' appears twice`);
    if (!Number.isInteger(u.people) || u.people < 0) throw new Error(`disclosure: unit '${u.id}' has an invalid people count`);
    byId.set(u.id, u);
  }
  const children = new Map<string, string[]>();
  for (const u of [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (u.parent === null) continue;
    if (!byId.has(u.parent)) throw new Error(`disclosure: unit '${u.id}' has an unknown parent '${u.parent}'`);
    children.set(u.parent, [...(children.get(u.parent) ?? []), u.id]);
  }
  for (const u of units) {
    const seen = new Set<string>();
    for (let cur: string | null = u.id; cur !== null; cur = byId.get(cur)?.parent ?? null) {
      if (seen.has(cur)) throw new Error(`disclosure: unit '${cur}' is its own ancestor`);
      seen.add(cur);
    }
  }
  return { units: byId, children };
}

const people = (tree: Tree, id: string) => tree.units.get(id)?.people ?? 0;

interface Residual {
  unit: string;
  /** Hidden teams with data under the unit and under no shown unit below it. */
  teams: string[];
  /** The shown units nearest below it. */
  below: string[];
  /** People the residual surely holds. */
  atLeast: number;
}

function residualOf(tree: Tree, id: string, shown: ReadonlySet<string>): Residual {
  const teams: string[] = [];
  const below: string[] = [];
  let inside = 0;
  // Returns whether the subtree holds a shown unit; a hidden unit with none lies wholly inside the residual.
  const walk = (cur: string): boolean => {
    let anyShown = false;
    for (const k of tree.children.get(cur) ?? []) {
      if (shown.has(k)) {
        below.push(k);
        anyShown = true;
        continue;
      }
      const kids = tree.children.get(k);
      const hasShown = kids ? walk(k) : false;
      if (!kids && people(tree, k) > 0) teams.push(k);
      if (!hasShown) inside = Math.max(inside, people(tree, k));
      anyShown ||= hasShown;
    }
    return anyShown;
  };
  walk(id);
  const subtracted = people(tree, id) - below.reduce((a, b) => a + people(tree, b), 0);
  return { unit: id, teams, below, atLeast: Math.max(subtracted, inside) };
}

function leaks(tree: Tree, id: string, shown: ReadonlySet<string>, threshold: number): Residual | null {
  if (!tree.children.has(id)) return null;
  const r = residualOf(tree, id, shown);
  return r.teams.length > 0 && r.atLeast < threshold ? r : null;
}

/** True when every residual a reader can compute from the shown units surely holds the threshold of people. */
export function isSafe(units: readonly DisclosureUnit[], shown: ReadonlySet<string>, threshold: number): boolean {
  const tree = treeOf(units);
  return [...shown].every((id) => leaks(tree, id, shown, threshold) === null);
}

function depthOf(tree: Tree, id: string): number {
  let d = 0;
  for (let cur = tree.units.get(id)?.parent ?? null; cur !== null; cur = tree.units.get(cur)?.parent ?? null) d++;
  return d;
}

/** Decides, for one metric, which units show it. Deterministic: the same units give the same answer in any order. */
export function disclose(units: readonly DisclosureUnit[], threshold: number): Map<string, Disclosure> {
  const tree = treeOf(units);
  const status = new Map<string, Disclosure>();
  const shown = new Set<string>();
  for (const u of units) {
    if (u.people === 0) status.set(u.id, 'no_data');
    else if (u.people < threshold) status.set(u.id, 'too_few_people');
    else {
      status.set(u.id, 'shown');
      shown.add(u.id);
    }
  }
  // Deepest units first: hiding a unit changes only the residual of the nearest shown unit above it, which is then
  // checked again, so each unit is looked at a bounded number of times.
  const byDepth = (a: string, b: string) => depthOf(tree, b) - depthOf(tree, a) || (a < b ? -1 : a > b ? 1 : 0);
  const pending = [...shown].filter((id) => tree.children.has(id)).sort(byDepth);
  while (pending.length > 0) {
    const id = pending.shift() as string;
    if (!shown.has(id)) continue;
    const leak = leaks(tree, id, shown, threshold);
    if (!leak) continue;
    // The classic rule: hide the smallest shown unit below, so the residual grows past the threshold. A leaking
    // residual always has one: with nothing shown below, a residual holds the whole unit, which reached it.
    const hide = [...leak.below].sort((a, b) => people(tree, a) - people(tree, b) || (a < b ? -1 : a > b ? 1 : 0))[0] ?? id;
    shown.delete(hide);
    status.set(hide, 'protects_a_smaller_group');
    if (hide !== id) pending.unshift(id);
    else {
      let up = tree.units.get(id)?.parent ?? null;
      while (up !== null && !shown.has(up)) up = tree.units.get(up)?.parent ?? null;
      if (up !== null) pending.unshift(up);
    }
  }
  return status;
}

/** Where a unit's figure comes from for its readers: itself if shown, else the nearest shown unit above it. */
export function pooledUnit(units: readonly DisclosureUnit[], status: ReadonlyMap<string, Disclosure>, id: string): string | null {
  const byId = new Map(units.map((u) => [u.id, u]));
  for (let cur: string | null = id; cur !== null; cur = byId.get(cur)?.parent ?? null) {
    if (status.get(cur) === 'shown') return cur;
  }
  return null;
}
