import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { initialState, nextDeadline, QuestSetupError } from './decide.ts';
import { fixture, humanSeats, shipByFriday } from './test-fixtures/quest-table.ts';

const sc = shipByFriday();
const setupError = (message: RegExp) => (e: unknown) => e instanceof QuestSetupError && message.test(e.message);

describe('initialState: seats', () => {
  test('every role needs exactly one seat, and only roles of the scenario can be seated', () => {
    const seats = humanSeats(sc);
    assert.throws(() => initialState(sc, 1, seats.slice(1)), setupError(/^role 'pm' has no seat: seat a person or a bot$/));
    assert.throws(
      () => initialState(sc, 1, [...seats, { role: 'eng', kind: 'bot' }]),
      setupError(/^role 'eng' is seated 2 times$/),
    );
    assert.throws(
      () => initialState(sc, 1, [...seats, { role: 'cto', kind: 'human' }]),
      setupError(/^'cto' is not a role in ship-by-friday$/),
    );
  });
  test('the seed must be a safe whole number', () => {
    for (const seed of [1.5, Number.NaN, 2 ** 60]) {
      assert.throws(() => initialState(sc, seed, humanSeats(sc)), setupError(/^the seed must be a whole number$/));
    }
  });
  test('seats come out in the scenario order; bots get a persona, collaborative unless told', () => {
    const s = initialState(sc, 1, [
      { role: 'design', kind: 'bot', persona: 'quiet' },
      { role: 'cs', kind: 'bot' },
      { role: 'eng', kind: 'human', persona: 'ignored' },
      { role: 'pm', kind: 'human' },
    ]);
    assert.deepEqual(s.seats, [
      { role: 'pm', kind: 'human' },
      { role: 'eng', kind: 'human' },
      { role: 'cs', kind: 'bot', persona: 'collaborative' },
      { role: 'design', kind: 'bot', persona: 'quiet' },
    ]);
  });
});

describe('initialState: the world before the start', () => {
  test('metrics, variables, counters and clock start from the scenario', () => {
    const s = initialState(sc, 1, humanSeats(sc));
    assert.equal(s.status, 'ready');
    assert.equal(s.version, 0);
    assert.equal(s.clock, 0);
    assert.equal(s.scene, null);
    assert.equal(s.scenarioId, 'ship-by-friday');
    assert.equal(s.scenarioHash, sc.hash);
    assert.deepEqual(s.metrics, { stability: 62, customer_trust: 70, morale: 64, mrr: 410000, pace: 58, pm_eng_trust: 48 });
    assert.equal(s.vars.debt, 2);
    assert.equal(s.nextProposal, 1);
    assert.equal(nextDeadline(s), null);
    for (const k of ['proposals', 'decisions', 'pending', 'risksFired', 'solved', 'needsNamed', 'history'] as const) {
      assert.deepEqual(s[k], [], k);
    }
  });
  test('setup facts are drawn from the seed: the same seed gives the same facts', () => {
    assert.deepEqual(initialState(sc, 1, humanSeats(sc)).vars, {
      debt: 2,
      burst: 700,
      pilot: 'all_clinics',
      next_feature: 'sms_reminders',
    });
    assert.deepEqual(initialState(sc, 4, humanSeats(sc)).vars, {
      debt: 2,
      burst: 2400,
      pilot: 'all_clinics',
      next_feature: 'recurring_shifts',
    });
    for (let seed = 0; seed < 20; seed++) {
      assert.deepEqual(initialState(sc, seed, humanSeats(sc)), initialState(sc, seed, humanSeats(sc)));
    }
  });
  test('every value of every setup fact turns up across seeds, and only those values', () => {
    const seen: Record<string, Set<unknown>> = { burst: new Set(), pilot: new Set(), next_feature: new Set() };
    for (let seed = 0; seed < 200; seed++) {
      const v = initialState(sc, seed, humanSeats(sc)).vars;
      for (const k of Object.keys(seen)) seen[k]?.add(v[k]);
    }
    assert.deepEqual([...(seen.burst ?? [])].sort(), [2400, 300, 700]);
    assert.deepEqual([...(seen.pilot ?? [])].sort(), ['all_clinics', 'three_clinics']);
    assert.deepEqual([...(seen.next_feature ?? [])].sort(), ['recurring_shifts', 'sms_reminders']);
  });
  test('the random state after drawing depends on the seed, negative seeds included', () => {
    const rngs = new Set([-3, -1, 0, 1, 2, 3, 1e9].map((seed) => initialState(sc, seed, humanSeats(sc)).rng));
    assert.equal(rngs.size, 7);
  });
  test('a scenario without metrics overrides starts from the defaults', () => {
    const s = initialState(fixture('sprint-plan'), 1, humanSeats(fixture('sprint-plan')));
    assert.deepEqual(s.metrics, { stability: 50, customer_trust: 50, morale: 50, mrr: 100000, pace: 50, pm_eng_trust: 50 });
    assert.deepEqual(s.vars, { debt: 4, shortcuts: 0, load: 2000 });
  });
});
