import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invoicePreview, monthBounds, monthOf, standingOf, startOfNextMonth, trialDaysLeft, trialEndsAt } from './pricing.ts';

const DAY = 86_400_000;
const created = new Date(Date.UTC(2025, 0, 6, 9, 0, 0));

test('the trial lasts 14 days from creation; a started day counts as a day left', () => {
  const ends = trialEndsAt(created);
  assert.equal(ends.toISOString(), '2025-01-20T09:00:00.000Z');
  assert.equal(trialDaysLeft(ends, created.getTime()), 14);
  assert.equal(trialDaysLeft(ends, created.getTime() + 3.5 * DAY), 11);
  assert.equal(trialDaysLeft(ends, ends.getTime() - 1), 1);
  assert.equal(trialDaysLeft(ends, ends.getTime()), 0);
  assert.equal(trialDaysLeft(ends, ends.getTime() + 40 * DAY), 0);
});

test('months are UTC calendar months', () => {
  assert.equal(monthOf(Date.UTC(2025, 0, 31, 23, 59)), '2025-01');
  assert.equal(monthOf(Date.UTC(2025, 1, 1, 0, 0)), '2025-02');
  assert.deepEqual(monthBounds('2024-12'), { start: new Date('2024-12-01T00:00:00Z'), end: new Date('2025-01-01T00:00:00Z') });
  assert.equal(startOfNextMonth(Date.UTC(2025, 1, 14)).toISOString(), '2025-03-01T00:00:00.000Z');
});

test('an invoice is $20 per active person, billed on the first of the next month', () => {
  const p = invoicePreview('2025-02', 7);
  assert.equal(p.amountCents, 14_000);
  assert.equal(p.currency, 'usd');
  assert.equal(p.billedOn.toISOString(), '2025-03-01T00:00:00.000Z');
  assert.equal(invoicePreview('2025-02', 0).amountCents, 0);
});

test('standing: trial, then read-only unless paying; exempt organisations never lock', () => {
  const ends = trialEndsAt(created);
  const base = { orgName: 'Acme', trialEndsAt: ends, subscriptionStatus: null, exempt: null };
  assert.equal(standingOf({ ...base, now: ends.getTime() - 1 }).state, 'trial');
  const locked = standingOf({ ...base, now: ends.getTime() });
  assert.equal(locked.readOnly, true);
  assert.match(
    locked.readOnly ? locked.message : '',
    /Acme is read-only: its free trial ended on 2025-01-20\. Nothing has been deleted/,
  );
  for (const status of ['active', 'trialing', 'past_due']) {
    assert.equal(standingOf({ ...base, now: ends.getTime() + DAY, subscriptionStatus: status }).state, 'subscribed', status);
  }
  for (const status of ['canceled', 'unpaid', 'incomplete_expired', 'paused']) {
    const s = standingOf({ ...base, now: ends.getTime() + DAY, subscriptionStatus: status });
    assert.equal(s.readOnly, true, status);
  }
  const exempt = standingOf({ ...base, now: ends.getTime() + 99 * DAY, exempt: { why: 'demo' } });
  assert.equal(exempt.state, 'unbilled');
});
