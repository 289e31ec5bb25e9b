// What a published figure may look like, as invariants: never 0% or 100%, never "all" or "none", noise that is
// small, bounded and the same for the same figure, and settings that can only be made stricter.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { METRIC_IDS, METRICS, type MetricId } from '../metrics/metric-catalogue.ts';
import {
  MIN_PEOPLE_FLOOR,
  MIN_PEOPLE_FREE_TEXT_FLOOR,
  PrivacyConfigError,
  privacyConfig,
  thresholdFor,
} from './privacy-config.ts';
import { publishCount, publishFigure } from './published.ts';
import { seededNoise } from './seeded-noise.ts';
import { FORBIDDEN_WORDS, SHARE_WORDS } from './wording.ts';

const SECRET = 'a-test-noise-secret-0123456789';
const config = privacyConfig({ noiseSecret: SECRET });
const shareMetrics = METRIC_IDS.filter((id) => METRICS[id].unit === 'share');
const anyMetric = fc.constantFrom(...METRIC_IDS);
const key = fc.string({ minLength: 1, maxLength: 30 });

describe('published figures', () => {
  test('a share is never shown as 0% or 100%, nor in words that say all or none', () => {
    fc.assert(
      fc.property(fc.constantFrom(...shareMetrics), fc.double({ min: 0, max: 1, noNaN: true }), key, (metric, value, k) => {
        const f = publishFigure(config, metric, value, k);
        assert.equal(f.kind, 'share');
        if (f.kind !== 'share') return;
        assert.ok(f.percent >= 5 && f.percent <= 95, `${f.percent}%`);
        assert.equal(f.percent % 5, 0);
        assert.ok(SHARE_WORDS.includes(f.words));
        assert.ok(!FORBIDDEN_WORDS.test(f.words));
      }),
      { numRuns: 1000 },
    );
  });

  test('extreme shares are clamped: 0 and 1 come out as 5% and 95% at most', () => {
    for (const metric of shareMetrics) {
      for (const k of ['a', 'b', 'c', 'd']) {
        const low = publishFigure(config, metric, 0, k);
        const high = publishFigure(config, metric, 1, k);
        assert.deepEqual(low.kind === 'share' && [low.percent, low.words], [5, 'a few']);
        assert.deepEqual(high.kind === 'share' && [high.percent, high.words], [95, 'most']);
      }
    }
  });

  test('the same figure always gets the same noise; noise stays within its bound', () => {
    fc.assert(
      fc.property(anyMetric, fc.double({ min: 0, max: 60, noNaN: true }), key, (metric, value, k) => {
        assert.deepEqual(publishFigure(config, metric, value, k), publishFigure(config, metric, value, k));
        const n = seededNoise(SECRET, k);
        assert.ok(n > -1 && n < 1);
        const f = publishFigure(config, metric, value, k);
        if (f.kind === 'rate' && f.words === null) {
          assert.ok(Math.abs(f.perMinute - value) <= value * config.relativeNoise + 0.05 + 1e-9);
        }
        if (f.kind === 'duration') assert.ok(Math.abs(f.seconds - value) <= value * config.relativeNoise + 1);
      }),
      { numRuns: 500 },
    );
  });

  test('noise differs between figures and with the secret', () => {
    const a = new Set(Array.from({ length: 50 }, (_, i) => seededNoise(SECRET, `k${i}`)));
    assert.ok(a.size > 45);
    const b = new Set(Array.from({ length: 50 }, (_, i) => seededNoise(SECRET, 'one unit', `metric ${i}`)));
    assert.ok(b.size > 45);
    const mean = [...b].reduce((x, y) => x + y, 0) / b.size;
    assert.ok(Math.abs(mean) < 0.25, `noise should centre on 0, got ${mean}`);
    assert.notEqual(seededNoise(SECRET, 'x'), seededNoise(`${SECRET}!`, 'x'));
  });

  test('a rate near zero is put in words, never shown as 0', () => {
    const f = publishFigure(config, 'deadline_turn_rate' satisfies MetricId, 0, 'k');
    assert.deepEqual(
      { kind: f.kind, words: f.kind === 'rate' ? f.words : null },
      { kind: 'rate', words: 'under half a turn a minute' },
    );
  });

  test('counts are noised by at most the configured amount and never drop below one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), key, (n, k) => {
        const c = publishCount(config, n, k);
        assert.ok(c.about >= 1);
        assert.ok(Math.abs(c.about - n) <= config.countNoise || (n === 0 && c.about === 1));
      }),
    );
  });
});

describe('privacy settings', () => {
  test('thresholds can be raised but never set below 5 people, or 10 for free text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 40 }), fc.integer({ min: -5, max: 60 }), (minPeople, minPeopleFreeText) => {
        const attempt = () => privacyConfig({ noiseSecret: SECRET, minPeople, minPeopleFreeText });
        if (minPeople < MIN_PEOPLE_FLOOR || minPeopleFreeText < MIN_PEOPLE_FREE_TEXT_FLOOR || minPeopleFreeText < minPeople) {
          assert.throws(attempt, PrivacyConfigError);
        } else {
          const c = attempt();
          assert.equal(thresholdFor(c, false), minPeople);
          assert.equal(thresholdFor(c, true), minPeopleFreeText);
        }
      }),
    );
  });

  test('noise and clamping cannot be switched off, and the refusal says why', () => {
    assert.throws(() => privacyConfig({ noiseSecret: SECRET, shareNoisePoints: 0 }), /noise cannot be turned off/);
    assert.throws(() => privacyConfig({ noiseSecret: SECRET, relativeNoise: 0 }), /noise cannot be turned off/);
    assert.throws(() => privacyConfig({ noiseSecret: SECRET, countNoise: 0 }), /noise cannot be turned off/);
    assert.throws(() => privacyConfig({ noiseSecret: SECRET, shareClamp: 0 }), /no share is shown as \(almost\) 0% or 100%/);
    assert.throws(() => privacyConfig({ noiseSecret: 'short' }), /at least 16 characters/);
    assert.throws(() => privacyConfig({ noiseSecret: SECRET, minPeople: 3 }), /minPeople cannot be lower than 5/);
    assert.throws(() => privacyConfig({ noiseSecret: SECRET, surprise: 1 }), PrivacyConfigError);
  });

  test('defaults are the floors', () => {
    assert.deepEqual([config.minPeople, config.minPeopleFreeText, config.shareClamp], [5, 10, 0.05]);
  });
});
