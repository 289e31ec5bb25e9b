import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from './token-bucket.ts';

test('a full bucket allows the burst at once, then refuses', () => {
  const b = new TokenBucket(20, 40, 0);
  for (let i = 0; i < 40; i++) assert.equal(b.take(0), true, `message ${i + 1} of the burst`);
  assert.equal(b.take(0), false);
});

test('tokens come back at the rate, never above the burst', () => {
  const b = new TokenBucket(20, 40, 0);
  for (let i = 0; i < 40; i++) b.take(0);
  assert.equal(b.take(49), false, 'under one token after 49 ms');
  assert.equal(b.take(50), true, 'one token after 50 ms at 20/s');
  assert.equal(b.take(50), false);
  // A long pause refills to the burst only.
  let allowed = 0;
  for (let i = 0; i < 100; i++) if (b.take(60_000)) allowed++;
  assert.equal(allowed, 40);
});

test('a sustained sender gets the rate on average', () => {
  const b = new TokenBucket(20, 40, 0);
  let allowed = 0;
  // 100 messages a second for 10 seconds.
  for (let t = 0; t < 10_000; t += 10) if (b.take(t)) allowed++;
  assert.ok(allowed >= 40 + 20 * 10 - 2 && allowed <= 40 + 20 * 10 + 1, `allowed ${allowed}`);
});

test('a clock going backwards gives no extra tokens', () => {
  const b = new TokenBucket(20, 2, 1000);
  assert.equal(b.take(1000), true);
  assert.equal(b.take(1000), true);
  assert.equal(b.take(0), false);
  assert.equal(b.take(1000), false);
});
