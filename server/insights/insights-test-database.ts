// Test support: a fresh PostgreSQL database with the store's migrations and insights' roll-up tables. The roll-up
// tables come from drizzle-kit, generated from server/insights/schema.ts into the temp folder once per version of the
// schema; once the store's own migrations include them there is nothing to add.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { OpenedStore } from '../store/open-store.ts';
import { createTestDatabase } from '../store/test-database.ts';
import { type InsightsDatabase, rowsOf } from './insights-database.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMAS = ['server/insights/schema.ts', 'server/store/schema.ts'];

export function insightsMigrations(): string {
  const h = createHash('sha256');
  h.update(JSON.parse(readFileSync(join(ROOT, 'node_modules/drizzle-kit/package.json'), 'utf8')).version);
  for (const f of SCHEMAS) h.update(f).update(readFileSync(join(ROOT, f)));
  const dir = join(tmpdir(), `polarity-insights-migrations-${h.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'meta', '_journal.json'))) return dir;
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/drizzle-kit/bin.cjs'),
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      'server/insights/schema.ts',
      '--out',
      partial,
      '--name',
      'insights',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  try {
    renameSync(partial, dir);
  } catch {
    // Another test file generated the same migration first.
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}

/** Adds the roll-up tables to a PostgreSQL store opened with openStore(), unless its migrations already have them. */
export async function addInsightsTables(opened: OpenedStore): Promise<void> {
  const db = opened.store.db as unknown as InsightsDatabase;
  const [found] = await rowsOf<{ t: string | null }>(db, sql`select to_regclass('public.insight_quests')::text as t`);
  if (found?.t) return;
  await migrate(opened.store.db as never, {
    migrationsFolder: insightsMigrations(),
    migrationsTable: '__polarity_insights_test_migrations',
  });
}

export interface InsightsTestDatabase {
  opened: OpenedStore;
  db: InsightsDatabase;
  destroy(): Promise<void>;
}

export async function openInsightsDatabase(): Promise<InsightsTestDatabase> {
  const test = await createTestDatabase('postgres');
  try {
    const opened = await test.open();
    await addInsightsTables(opened);
    return { opened, db: opened.store.db as unknown as InsightsDatabase, destroy: () => test.destroy() };
  } catch (e) {
    await test.destroy();
    throw e;
  }
}
