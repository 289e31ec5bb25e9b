// The group-size rule, pooling upward and complementary suppression, as invariants over random organisations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type DisclosureUnit, disclose, isSafe, pooledUnit } from './disclosure.ts';
import { periodsOf } from './time-buckets.ts';

/**
 * An organisation with up to four groups of up to five teams, and up to four teams outside any group. Each team is a
 * set of people from one pool, so people overlap across teams as they do in life; units carry distinct counts only.
 */
const teamPeople = fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { maxLength: 12 });
const organisation = fc
  .record({
    groups: fc.array(fc.array(teamPeople, { minLength: 1, maxLength: 5 }), { maxLength: 4 }),
    loose: fc.array(teamPeople, { maxLength: 4 }),
  })
  .filter((o) => o.groups.length + o.loose.length > 0)
  .map(({ groups, loose }) => {
    const units: DisclosureUnit[] = [];
    const members = new Map<string, Set<number>>();
    const add = (id: string, parent: string | null, who: Set<number>) => {
      members.set(id, who);
      units.push({ id, parent, people: who.size });
    };
    const everyone = new Set<number>();
    groups.forEach((teams, g) => {
      const inGroup = new Set<number>();
      teams.forEach((who, t) => {
        add(`g${g}t${t}`, `g${g}`, new Set(who));
        for (const p of who) inGroup.add(p);
      });
      add(`g${g}`, 'org', inGroup);
      for (const p of inGroup) everyone.add(p);
    });
    loose.forEach((who, t) => {
      add(`t${t}`, 'org', new Set(who));
      for (const p of who) everyone.add(p);
    });
    add('org', null, everyone);
    return { units, members };
  });

const threshold = fc.constantFrom(5, 6, 10);

/**
 * Independent of the implementation, and knowing who is in each team: tries every way of adding and subtracting the
 * shown groups and the organisation (coefficients -1, 0, 1) and returns the hidden teams of any result that isolates
 * fewer distinct people than the threshold.
 */
function bruteForceLeak(
  units: DisclosureUnit[],
  members: Map<string, Set<number>>,
  shown: Set<string>,
  min: number,
): string[] | null {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parent) children.set(u.parent, [...(children.get(u.parent) ?? []), u.id]);
  const leavesOf = (id: string): string[] => {
    const kids = children.get(id);
    return kids ? kids.flatMap(leavesOf) : [id];
  };
  const hidden = units.filter((u) => !children.has(u.id) && !shown.has(u.id) && u.people > 0).map((u) => u.id);
  const sums = [...shown].filter((id) => children.has(id));
  const combos = 3 ** sums.length;
  for (let c = 1; c < combos; c++) {
    const coeff = new Map<string, number>();
    let k = c;
    for (const id of sums) {
      const f = (k % 3) - 1;
      k = Math.floor(k / 3);
      if (f === 0) continue;
      for (const l of leavesOf(id)) coeff.set(l, (coeff.get(l) ?? 0) + f);
    }
    const support = hidden.filter((l) => (coeff.get(l) ?? 0) !== 0);
    const isolated = new Set(support.flatMap((l) => [...(members.get(l) ?? [])]));
    if (support.length > 0 && isolated.size < min) return support;
  }
  return null;
}

describe('disclosure', () => {
  test('a shown unit always covers at least the threshold of people', () => {
    fc.assert(
      fc.property(organisation, threshold, ({ units }, min) => {
        const status = disclose(units, min);
        for (const u of units) if (status.get(u.id) === 'shown') assert.ok(u.people >= min, `${u.id} has ${u.people}`);
      }),
      { numRuns: 400 },
    );
  });

  test('no hidden small team can be worked out by adding and subtracting what is shown', () => {
    fc.assert(
      fc.property(organisation, threshold, ({ units, members }, min) => {
        const status = disclose(units, min);
        const shown = new Set(units.filter((u) => status.get(u.id) === 'shown').map((u) => u.id));
        assert.equal(bruteForceLeak(units, members, shown, min), null);
        assert.ok(isSafe(units, shown, min));
      }),
      { numRuns: 400 },
    );
  });

  test('the checker itself finds the classic leak: a group minus its other shown teams', () => {
    const units: DisclosureUnit[] = [
      { id: 'org', parent: null, people: 30 },
      { id: 'a', parent: 'org', people: 3 },
      { id: 'b', parent: 'org', people: 12 },
      { id: 'c', parent: 'org', people: 15 },
    ];
    const range = (from: number, n: number) => new Set(Array.from({ length: n }, (_, i) => from + i));
    const members = new Map([
      ['org', range(0, 30)],
      ['a', range(0, 3)],
      ['b', range(3, 12)],
      ['c', range(15, 15)],
    ]);
    const naive = new Set(['org', 'b', 'c']);
    assert.deepEqual(bruteForceLeak(units, members, naive, 5), ['a']);
    assert.equal(isSafe(units, naive, 5), false);
    const status = disclose(units, 5);
    // a is too small; b, the next-smallest sibling, is hidden with it; the organisation and c stay shown
    assert.deepEqual(
      units.map((u) => status.get(u.id)),
      ['shown', 'too_few_people', 'protects_a_smaller_group', 'shown'],
    );
  });

  test('two small hidden teams together are still too small: a third is hidden', () => {
    const units: DisclosureUnit[] = [
      { id: 'org', parent: null, people: 30 },
      { id: 'a', parent: 'org', people: 2 },
      { id: 'b', parent: 'org', people: 2 },
      { id: 'c', parent: 'org', people: 11 },
      { id: 'd', parent: 'org', people: 15 },
    ];
    const status = disclose(units, 5);
    assert.equal(status.get('c'), 'protects_a_smaller_group');
    assert.equal(status.get('d'), 'shown');
  });

  test('a team too small on its own reads its nearest shown unit above', () => {
    fc.assert(
      fc.property(organisation, threshold, ({ units }, min) => {
        const status = disclose(units, min);
        const byId = new Map(units.map((u) => [u.id, u]));
        for (const u of units) {
          const source = pooledUnit(units, status, u.id);
          if (status.get(u.id) === 'shown') assert.equal(source, u.id);
          if (source === null) continue;
          assert.equal(status.get(source), 'shown');
          // the source is the unit itself or one of its ancestors, and no nearer ancestor is shown
          for (let cur: string | null = u.id; cur !== source; cur = byId.get(cur as string)?.parent ?? null) {
            assert.ok(cur !== null, 'the source must be an ancestor');
            assert.notEqual(status.get(cur), 'shown');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the answer does not depend on the order units are listed in', () => {
    fc.assert(
      fc.property(organisation, threshold, fc.nat(), ({ units }, min, seed) => {
        const shuffled = [...units].sort(
          (a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 31 + seed) % 7) || (a.id < b.id ? 1 : -1),
        );
        assert.deepEqual(new Map([...disclose(shuffled, min)].sort()), new Map([...disclose(units, min)].sort()));
      }),
      { numRuns: 200 },
    );
  });

  test('a malformed organisation is refused with the reason', () => {
    assert.throws(() => disclose([{ id: 'a', parent: 'nope', people: 5 }], 5), /unknown parent 'nope'/);
    assert.throws(
      () =>
        disclose(
          [
            { id: 'a', parent: null, people: 5 },
            { id: 'a', parent: null, people: 5 },
          ],
          5,
        ),
      /appears twice/,
    );
    assert.throws(() => disclose([{ id: 'a', parent: null, people: -1 }], 5), /invalid people count/);
  });
});

describe('chart periods', () => {
  const months = fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 6 }), { minLength: 1, maxLength: 12 });

  test('periods partition the window and each covers at least the threshold of people', () => {
    fc.assert(
      fc.property(months, threshold, (people, min) => {
        const input = people.map((ids, i) => ({
          month: `2025-${String(i + 1).padStart(2, '0')}`,
          people: new Set(ids.map(String)),
        }));
        const periods = periodsOf(input, min);
        const everyone = new Set(people.flat());
        if (everyone.size < min) {
          assert.equal(periods, null);
          return;
        }
        assert.ok(periods);
        assert.deepEqual(
          periods.flatMap((p) => p.months),
          input.map((m) => m.month),
        );
        for (const p of periods) assert.ok(p.people >= min);
      }),
      { numRuns: 300 },
    );
  });
});
