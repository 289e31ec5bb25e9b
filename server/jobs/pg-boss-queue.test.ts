// The job queue on the embedded PGlite (pg-boss through pgliteBossDb): jobs run once, a singletonKey deduplicates
// while a job waits, a payload that does not parse is cancelled rather than retried, a failing handler is retried,
// and a job enqueued before a restart runs after it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import { PgBossQueue } from './pg-boss-queue.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'polarity-jobs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

test('pg-boss on PGlite: once, deduplicated, bad payloads cancelled, failures retried, durable across a restart', async () => {
  const outcomes: string[] = [];
  let client = await PGlite.create({ dataDir: dir });
  let queue = PgBossQueue.open({
    pglite: client,
    log: quiet,
    pollingIntervalSeconds: 0.5,
    onFinished: (j, o) => outcomes.push(`${j}:${o}`),
  });
  await queue.started();

  // Enqueued before any worker exists: both wait, the second with the same key is dropped.
  await queue.enqueue('greet', { name: 'Ada' }, { singletonKey: 'ada' });
  await queue.enqueue('greet', { name: 'Ada again' }, { singletonKey: 'ada' });
  await queue.enqueue('greet', { name: 'Bo' });
  await queue.enqueue('greet', { nom: 'not a name' });
  const greeted: string[] = [];
  queue.register('greet', z.object({ name: z.string() }), async ({ name }) => {
    greeted.push(name);
  });
  await waitFor('the greetings', () => outcomes.filter((o) => o.startsWith('greet:')).length === 3);
  assert.deepEqual(greeted.sort(), ['Ada', 'Bo']);
  assert.ok(outcomes.includes('greet:invalid'), 'the bad payload was refused, once');

  let attempts = 0;
  queue.register('flaky', z.object({}), async () => {
    attempts++;
    if (attempts === 1) throw new Error('first try fails');
  });
  await queue.enqueue('flaky', {});
  // The retry waits out pg-boss's backoff (a few seconds).
  await waitFor('the retry', () => outcomes.includes('flaky:done'), 60_000);
  assert.equal(attempts, 2);

  // A job waiting when the process stops runs after the next start.
  await queue.enqueue('later', { n: 1 }, { startAfter: new Date(Date.now() + 1_000) });
  await queue.close();
  await client.close();
  client = await PGlite.create({ dataDir: dir });
  queue = PgBossQueue.open({ pglite: client, log: quiet, pollingIntervalSeconds: 0.5 });
  const ran: number[] = [];
  queue.register('later', z.object({ n: z.number() }), async ({ n }) => {
    ran.push(n);
  });
  await waitFor('the job from before the restart', () => ran.length === 1);
  await new Promise((r) => setTimeout(r, 1_500));
  assert.deepEqual(ran, [1], 'it ran once');
  await queue.close();
  await client.close();
});
