// Databases for integration tests, on both drivers. PostgreSQL: a fresh database per test file on 127.0.0.1:5432,
// dropped afterwards. PGlite: every database is a copy of one migrated image (creating a PGlite costs seconds).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR, type OpenedStore, openStore } from './open-store.ts';

export type Driver = 'postgres' | 'pglite';
export const DRIVERS: readonly Driver[] = ['postgres', 'pglite'];

/** Where test databases are created; the server must let this user create and drop databases. */
const ADMIN_URL = process.env.POLARITY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  driver: Driver;
  /** Opens the database; after close() it can be opened again and holds the same data (a restart). */
  open(): Promise<OpenedStore>;
  destroy(): Promise<void>;
}

export async function createTestDatabase(driver: Driver): Promise<TestDatabase> {
  return driver === 'postgres' ? createPostgresDatabase() : createPgliteDatabase();
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `polarity_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const opened: OpenedStore[] = [];
  return {
    driver: 'postgres',
    async open() {
      const o = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
      opened.push(o);
      return o;
    },
    async destroy() {
      await Promise.allSettled(opened.map((o) => o.close()));
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

let pgliteImage: Promise<Blob> | null = null;

/** Names the migrated image by everything that shapes it, so a changed migration or PGlite makes a new one. */
function imageKey(): string {
  const h = createHash('sha256');
  h.update(
    JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')).version,
  );
  for (const f of readdirSync(MIGRATIONS_DIR, { recursive: true }).map(String).sort()) {
    const path = join(MIGRATIONS_DIR, f);
    if (statSync(path).isFile()) h.update(f).update(readFileSync(path));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * One migrated PGlite, dumped once and kept in the temp folder for the next test files (creating a PGlite costs
 * seconds); every test database starts as a copy of it.
 */
function migratedImage(): Promise<Blob> {
  if (!pgliteImage) {
    pgliteImage = (async () => {
      const cached = join(tmpdir(), `polarity-pglite-${imageKey()}.tar`);
      if (existsSync(cached)) return new Blob([readFileSync(cached)]);
      const o = await openStore({ dataDir: 'memory://' });
      try {
        const image = await (o.dumpDataDir as () => Promise<Blob>)();
        // Written aside and renamed, so a test file running at the same time never reads half an image.
        const partial = `${cached}.${process.pid}.partial`;
        writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
        renameSync(partial, cached);
        return image;
      } finally {
        await o.close();
      }
    })();
  }
  return pgliteImage;
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const image = await migratedImage();
  const dir = mkdtempSync(join(tmpdir(), 'polarity-pglite-'));
  const dataDir = join(dir, 'data');
  let loaded = false;
  let current: OpenedStore | null = null;
  return {
    driver: 'pglite',
    async open() {
      // The image is unpacked into the directory the first time; later opens find the data already there.
      current = await openStore({ dataDir, ...(loaded ? {} : { pgliteImage: image }) });
      loaded = true;
      return current;
    },
    async destroy() {
      await current?.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
