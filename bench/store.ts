// Durable appends per second through the quest store (compare-and-set on the quest version plus the event row, in
// one transaction), beside a raw single-row INSERT loop on the same database in the same run: the gap is what
// the event-store guarantees cost. PGlite in a temporary directory, and PostgreSQL when it answers.
// Prints, asserts nothing. Run alone: node --import tsx bench/store.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { QuestEvent } from '../engine/index.ts';
import { hashToken, newInvite, newToken } from '../server/quests/identity.ts';
import { type OpenedStore, openStore } from '../server/store/open-store.ts';

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface StoreBenchResult {
  driver: string;
  appendsPerSecond: number;
  appendMeanMs: number;
  rawInsertsPerSecond: number;
  rawMeanMs: number;
}

function message(i: number): QuestEvent {
  return {
    type: 'message_sent',
    at: i * 1000,
    by: 'pm',
    kind: 'statement',
    text: `benchmark line ${i}: shipping it safely`,
    via: 'text',
  };
}

async function newQuest(opened: OpenedStore): Promise<string> {
  const org = await opened.store.demoOrganisation();
  const questId = randomUUID();
  const hostId = randomUUID();
  await opened.store.createQuest(
    {
      id: questId,
      orgId: org.id,
      scenarioId: 'bench',
      scenarioHash: 'bench',
      seed: 1,
      invite: newInvite(),
      hostPlayerId: hostId,
      createdAt: new Date(),
    },
    { id: hostId, name: 'Bench', tokenHash: hashToken(newToken()), seat: null, createdAt: new Date() },
  );
  return questId;
}

/** Runs op back to back for `ms` (at least `min` times); returns operations per second and the mean latency. */
async function timed(ms: number, min: number, op: (i: number) => Promise<void>): Promise<{ perSecond: number; meanMs: number }> {
  const start = performance.now();
  let n = 0;
  while (n < min || performance.now() - start < ms) await op(n++);
  const elapsed = performance.now() - start;
  return { perSecond: (n * 1000) / elapsed, meanMs: elapsed / n };
}

async function measure(opened: OpenedStore, ms: number): Promise<StoreBenchResult> {
  const questId = await newQuest(opened);
  const db = opened.store.db;
  const table = `bench_raw_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await db.execute(sql.raw(`create table ${table} (id bigserial primary key, quest_id uuid not null, payload jsonb not null)`));
  try {
    // Warm both paths so neither pays for first-use planning.
    let version = 0;
    for (let i = 0; i < 20; i++) {
      version = await opened.store.append(questId, version, [{ event: message(i), actor: 'bench', seat: 'pm' }], {
        at: new Date(),
      });
      await db.execute(
        sql`insert into ${sql.raw(table)} (quest_id, payload) values (${questId}, ${JSON.stringify(message(i))}::jsonb)`,
      );
    }
    const appends = await timed(ms, 50, async (i) => {
      version = await opened.store.append(questId, version, [{ event: message(i), actor: 'bench', seat: 'pm' }], {
        at: new Date(),
      });
    });
    const raw = await timed(ms, 50, async (i) => {
      await db.execute(
        sql`insert into ${sql.raw(table)} (quest_id, payload) values (${questId}, ${JSON.stringify(message(i))}::jsonb)`,
      );
    });
    return {
      driver: opened.location,
      appendsPerSecond: appends.perSecond,
      appendMeanMs: appends.meanMs,
      rawInsertsPerSecond: raw.perSecond,
      rawMeanMs: raw.meanMs,
    };
  } finally {
    await db.execute(sql.raw(`drop table if exists ${table}`));
    await db.execute(sql`delete from quests where id = ${questId}`);
  }
}

function print(r: StoreBenchResult): void {
  const ratio = r.rawInsertsPerSecond / r.appendsPerSecond;
  console.log(
    `  ${r.driver.padEnd(44)} append ${r.appendsPerSecond.toFixed(0).padStart(6)}/s (${r.appendMeanMs.toFixed(2)} ms)` +
      `   raw INSERT ${r.rawInsertsPerSecond.toFixed(0).padStart(6)}/s (${r.rawMeanMs.toFixed(2)} ms)   raw/append ${ratio.toFixed(2)}x`,
  );
}

/** The store suite: each measurement runs for `ms` per path. */
export async function runStoreBench(opts: { ms?: number } = {}): Promise<StoreBenchResult[]> {
  const ms = opts.ms ?? 2000;
  const results: StoreBenchResult[] = [];
  console.log('store: durable single-event appends (version check + insert, one transaction) vs raw single-row INSERT');
  const dir = mkdtempSync(join(tmpdir(), 'polarity-bench-store-'));
  try {
    const pglite = await openStore({ dataDir: dir });
    try {
      results.push(await measure(pglite, ms));
      print(results[results.length - 1] as StoreBenchResult);
    } finally {
      await pglite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let postgres: OpenedStore | null = null;
  try {
    postgres = await openStore({ databaseUrl: POSTGRES_URL, poolSize: 2 });
  } catch (e) {
    console.log(`  PostgreSQL at ${POSTGRES_URL} skipped: ${(e as Error).message}`);
  }
  if (postgres) {
    try {
      results.push(await measure(postgres, ms));
      print(results[results.length - 1] as StoreBenchResult);
    } finally {
      await postgres.close();
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runStoreBench();
}
