// `polarity coach rotate-keys` as an operator runs it: a child process through the bin file, against a real
// PostgreSQL database holding coaching sealed with an old key. Without the old key configured it changes nothing and
// says which key is missing; with it, everything ends up sealed with the new key and opens with that key alone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createCoach } from '../server/coach/coach.ts';
import type { CoachDatabase } from '../server/coach/coach-store.ts';
import { Keyring, newKeyText, parseKey } from '../server/coach/keyring.ts';
import { playedQuest } from '../server/coach/test-quest.ts';
import { type OpenedStore, openStore } from '../server/store/open-store.ts';
import { runCli } from './cli.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'cli', 'polarity.mjs');
const ADMIN_URL = process.env.POLARITY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function polarity(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe('polarity coach rotate-keys', () => {
  const name = `polarity_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const oldKey = newKeyText();
  const newKey = newKeyText();
  const played = playedQuest('rotate-keys-cli');
  const person = played.people.pm as string;
  let opened: OpenedStore;

  const keyIds = async () =>
    (
      (await opened.store.db.execute(
        sql.raw(
          'select key_id from coach_debriefs union all select key_id from coach_signals union all select key_id from coach_questions',
        ),
      )) as unknown as { rows: { key_id: string }[] }
    ).rows.map((r) => r.key_id);

  before(async () => {
    await admin(`create database ${name}`);
    opened = await openStore({ databaseUrl: url.toString(), poolSize: 2 });
    const coach = createCoach({
      db: opened.store.db as unknown as CoachDatabase,
      config: { keyring: new Keyring(parseKey(oldKey, 'old')), llm: null },
    });
    await coach.debriefQuest(played.quest);
    await coach.ask(person, 'How do I push back on a deadline my PM promised a customer?');
  });
  after(async () => {
    await opened?.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  test('refuses a wrong call with a pointer to --help', async () => {
    const io = { out: () => undefined, err: (l: string) => errors.push(l) };
    const errors: string[] = [];
    assert.equal(await runCli(['coach'], io), 2);
    assert.equal(await runCli(['coach', 'rotate'], io), 2);
    assert.match(errors.join('\n'), /name what to do: rotate-keys[\s\S]*unknown coach action 'rotate'/);
  });

  test('without the old key it re-seals nothing, names the key, and exits 1', async () => {
    const before = await keyIds();
    const r = await polarity({ DATABASE_URL: url.toString(), COACH_ENCRYPTION_KEY: newKey }, 'coach', 'rotate-keys');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /re-sealed 0 coaching records/);
    assert.match(r.err, new RegExp(`sealed with key ${parseKey(oldKey, 'old').id}`));
    assert.match(r.err, /could not be opened[\s\S]*COACH_ENCRYPTION_PREVIOUS_KEYS/);
    assert.deepEqual(await keyIds(), before, 'nothing changed');
  });

  test('with the old key among the previous ones, everything is re-sealed with the new key', async () => {
    const total = (await keyIds()).length;
    const env = { DATABASE_URL: url.toString(), COACH_ENCRYPTION_KEY: newKey, COACH_ENCRYPTION_PREVIOUS_KEYS: oldKey };
    const r = await polarity(env, 'coach', 'rotate-keys');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`re-sealed ${total} coaching records with the current key`));
    assert.ok(total >= 9, `debriefs, signals and a question were stored: ${total}`);
    const newId = parseKey(newKey, 'new').id;
    assert.ok((await keyIds()).every((id) => id === newId));
    // The new key alone now opens everything, and a second run has nothing to do.
    const onlyNew = createCoach({
      db: opened.store.db as unknown as CoachDatabase,
      config: { keyring: new Keyring(parseKey(newKey, 'new')), llm: null },
    });
    assert.equal((await onlyNew.listDebriefs(person)).length, 1);
    assert.equal((await onlyNew.history(person)).length, 1);
    const again = await polarity(env, 'coach', 'rotate-keys');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /re-sealed 0 coaching records/);
  });

  test('with embedded PGlite it refuses unless told the server is stopped, and opens nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polarity-rotate-'));
    try {
      const r = await polarity({ POLARITY_DATA_DIR: dir }, 'coach', 'rotate-keys');
      assert.equal(r.code, 2);
      assert.match(r.err, /only one process may open[\s\S]*--server-stopped/);
      assert.deepEqual(readdirSync(dir), [], 'no database and no key file were created');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a key that is not a key is a clear error', async () => {
    const r = await polarity({ DATABASE_URL: url.toString(), COACH_ENCRYPTION_KEY: 'hunter2' }, 'coach', 'rotate-keys');
    assert.equal(r.code, 2);
    assert.match(r.err, /COACH_ENCRYPTION_KEY must be 32 random bytes/);
  });
});
