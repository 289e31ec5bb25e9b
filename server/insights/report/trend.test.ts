// The rule that separates change from noise.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { trendOf } from './trend.ts';

const share = { better: 'higher', minEffect: 0.1 } as const;

describe('trend rule', () => {
  test('a clear, consistent change is strengthening or fraying by the metric’s direction', () => {
    const baseline = [0.2, 0.25, 0.2, 0.22, 0.18];
    assert.equal(trendOf(share, baseline, [0.6, 0.65, 0.62]).verdict, 'strengthening');
    assert.equal(trendOf({ ...share, better: 'lower' }, baseline, [0.6, 0.65, 0.62]).verdict, 'fraying');
    assert.equal(trendOf({ ...share, better: 'neither' }, baseline, [0.6, 0.65, 0.62]).verdict, 'rising');
  });

  test('a jump in one quest is noise: the last three must all sit on the same side', () => {
    assert.equal(trendOf(share, [0.2, 0.25, 0.2, 0.22, 0.18], [0.9, 0.15, 0.9]).verdict, 'steady');
  });

  test('a change smaller than the minimum effect is steady however consistent', () => {
    assert.equal(trendOf(share, [0.2, 0.2, 0.2, 0.2], [0.25, 0.25, 0.25]).verdict, 'steady');
  });

  test('a change within twice its standard error is steady', () => {
    // baseline mean 0.5 with a wide spread; recent mean 0.65: difference 0.15 but SE ≈ 0.2
    const t = trendOf(share, [0.1, 0.9, 0.1, 0.9], [0.6, 0.7, 0.65]);
    assert.equal(t.verdict, 'steady');
    assert.ok((t.standardError ?? 0) * 2 > (t.difference ?? 0));
  });

  test('too little history says so', () => {
    assert.equal(trendOf(share, [0.2, 0.2, 0.2], [0.9, 0.9, 0.9]).verdict, 'not_enough_history');
    assert.equal(trendOf(share, [0.2, 0.2, 0.2, 0.2], [0.9, 0.9]).verdict, 'not_enough_history');
  });

  test('identical quests never count as a change', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 3, max: 6 }),
        (v, b, r) => {
          assert.equal(trendOf(share, Array(b).fill(v), Array(r).fill(v)).verdict, 'steady');
        },
      ),
    );
  });
});
