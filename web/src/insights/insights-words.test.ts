// How insight figures read: withheld figures say why with the group size in force, and no figure a lead reads is
// ever a bare 0% or 100%.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Figure } from '../api/insights.ts';
import { figureOrReason, figureText, monthsText, ownValueText, scopeText, withheldText } from './insights-words.ts';

const thresholds = { minPeople: 5, minPeopleFreeText: 10 };

test('a withheld figure says why, with the group size for its kind of measure', () => {
  assert.equal(withheldText('too_few_people', thresholds), 'Not shown: needs at least 5 consenting people');
  assert.equal(withheldText('too_few_people', thresholds, true), 'Not shown: needs at least 10 consenting people');
  assert.match(withheldText('protects_a_smaller_group', thresholds), /smaller group/);
  assert.equal(figureOrReason({ kind: 'withheld', reason: 'no_data' }, thresholds), 'No quests with this yet');
});

test('published figures read in words first, never as 0% or 100%', () => {
  // What the server can publish: shares clamped to [5, 95] on a 5-point grid, rates of at least half a turn a minute.
  const figure: fc.Arbitrary<Figure> = fc.oneof(
    fc.integer({ min: 1, max: 19 }).map((k) => ({ kind: 'share' as const, percent: k * 5, words: 'some' as const })),
    fc.integer({ min: 5, max: 95 }).map((v) => ({ kind: 'index' as const, value: v / 100, words: 'moderate' as const })),
    fc.integer({ min: 5, max: 300 }).map((v) => ({ kind: 'rate' as const, perMinute: v / 10, words: null })),
    fc.integer({ min: 1, max: 600 }).map((seconds) => ({ kind: 'duration' as const, seconds })),
  );
  fc.assert(
    fc.property(figure, (f) => {
      const text = figureText(f);
      assert.doesNotMatch(text, /(^|[^\d])(0|100)\s?%/);
      if (f.kind === 'share') assert.ok(text.startsWith('some (about '), text);
    }),
  );
  assert.equal(figureText({ kind: 'rate', perMinute: 0.5, words: 'under half a turn a minute' }), 'under half a turn a minute');
});

test('where a figure comes from, and the months it covers', () => {
  assert.equal(scopeText({ level: 'team', name: 'Checkout' }), 'this team');
  assert.match(scopeText({ level: 'organisation', name: 'Northwind' }), /^Northwind \(pooled/);
  assert.equal(monthsText('2026-05..2026-10'), 'May 2026 – Oct 2026');
  assert.equal(monthsText('2026-05'), 'May 2026');
});

test('a person’s own values are plain facts about themselves', () => {
  assert.equal(ownValueText('share', 1), '100%');
  assert.equal(ownValueText('ratio', 1.234), '1.23×');
  assert.equal(ownValueText('count', 2.25), '2.3');
  assert.equal(ownValueText('count', null), '–');
});
