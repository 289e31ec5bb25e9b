// The noise secret: configured, or made once per embedded data directory and kept, or refused with a clear reason.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { NOISE_SECRET_FILE_NAME, NoiseSecretError, readNoiseSecret } from './noise-secret.ts';
import { privacyConfig } from './privacy/privacy-config.ts';

const dirs: string[] = [];
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'polarity-noise-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a configured secret is used as it is, on either database, and no file is written', () => {
  const dir = dataDir();
  const secret = 'a-configured-noise-secret-of-enough-length-0123';
  for (const embedded of [true, false]) {
    const s = readNoiseSecret({ INSIGHTS_NOISE_SECRET: ` ${secret} ` }, { dataDir: dir, embedded });
    assert.deepEqual(s, { secret, source: 'configured' });
  }
  assert.throws(() => statSync(join(dir, NOISE_SECRET_FILE_NAME)), /ENOENT/);
});

test('a short configured secret is refused without echoing it', () => {
  assert.throws(
    () => readNoiseSecret({ INSIGHTS_NOISE_SECRET: 'short-secret-value' }, { dataDir: dataDir(), embedded: true }),
    (e: unknown) =>
      e instanceof NoiseSecretError && /at least 32 characters/.test(e.message) && !e.message.includes('short-secret-value'),
  );
});

test('embedded without a secret: one is made once, owner-only, and the same one is read after a restart', () => {
  const dir = join(dataDir(), 'nested', 'data');
  const first = readNoiseSecret({}, { dataDir: dir, embedded: true });
  assert.equal(first.source, 'secret-file');
  assert.ok(first.secret.length >= 32);
  const path = join(dir, NOISE_SECRET_FILE_NAME);
  assert.equal(first.path, path);
  assert.equal(readFileSync(path, 'utf8').trim(), first.secret);
  if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
  const again = readNoiseSecret({}, { dataDir: dir, embedded: true });
  assert.equal(again.secret, first.secret);
  // The privacy layer accepts it.
  assert.equal(privacyConfig({ noiseSecret: again.secret }).noiseSecret, first.secret);
  // A different data directory gets its own.
  assert.notEqual(readNoiseSecret({}, { dataDir: dataDir(), embedded: true }).secret, first.secret);
});

test('a secret file others can read, or one cut short, stops the start with the fix', () => {
  if (process.platform === 'win32') return;
  const dir = dataDir();
  const path = join(dir, NOISE_SECRET_FILE_NAME);
  readNoiseSecret({}, { dataDir: dir, embedded: true });
  chmodSync(path, 0o644);
  assert.throws(() => readNoiseSecret({}, { dataDir: dir, embedded: true }), /others can read it.*chmod 600/);
  writeFileSync(path, 'tiny\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  assert.throws(() => readNoiseSecret({}, { dataDir: dir, embedded: true }), /shorter than 32 characters/);
});

test('with a PostgreSQL server the secret must be configured', () => {
  const dir = dataDir();
  assert.throws(
    () => readNoiseSecret({ INSIGHTS_NOISE_SECRET: '  ' }, { dataDir: dir, embedded: false }),
    /INSIGHTS_NOISE_SECRET is required with DATABASE_URL/,
  );
  assert.throws(() => statSync(join(dir, NOISE_SECRET_FILE_NAME)), /ENOENT/);
});
