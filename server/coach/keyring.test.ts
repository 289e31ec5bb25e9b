import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CoachConfigError, KEY_FILE_NAME, readCoachConfig } from './coach-config.ts';
import { Keyring, KeyringError, keyIdOf, newKeyText, parseKey } from './keyring.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'polarity-coach-key-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('keyring', () => {
  const a = parseKey(newKeyText(), 'a');
  const b = parseKey(newKeyText(), 'b');

  test('seals with a fresh IV and opens only with the same context', () => {
    const ring = new Keyring(a);
    const value = { said: 'We keep paying for shortcuts', n: 3 };
    const one = ring.seal(value, 'coach_debriefs\0p1\0d1');
    const two = ring.seal(value, 'coach_debriefs\0p1\0d1');
    assert.notEqual(one.sealed, two.sealed, 'same value, different ciphertext');
    assert.equal(one.keyId, a.id);
    assert.ok(!Buffer.from(one.sealed, 'base64').toString('utf8').includes('shortcuts'));
    assert.deepEqual(ring.open(one, 'coach_debriefs\0p1\0d1'), value);
    assert.throws(() => ring.open(one, 'coach_debriefs\0p2\0d1'), KeyringError, 'moved to another person');
  });

  test('refuses altered records and unknown keys, and keeps old keys for reading', () => {
    const old = new Keyring(a);
    const sealed = old.seal('private', 'ctx');
    const raw = Buffer.from(sealed.sealed, 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
    assert.throws(() => old.open({ ...sealed, sealed: raw.toString('base64') }, 'ctx'), /altered/);
    assert.throws(() => old.open({ ...sealed, sealed: 'AAAA' }, 'ctx'), /too short/);
    assert.throws(() => new Keyring(b).open(sealed, 'ctx'), /COACH_ENCRYPTION_PREVIOUS_KEYS/);
    const rotated = new Keyring(b, [a]);
    assert.equal(rotated.open(sealed, 'ctx'), 'private');
    assert.equal(rotated.seal('x', 'ctx').keyId, b.id);
  });

  test('parses base64, base64url and hex keys; the id follows from the key', () => {
    const hex = 'ab'.repeat(32);
    const k = parseKey(hex, 'K');
    assert.equal(k.id, keyIdOf(Buffer.from(hex, 'hex')));
    assert.equal(parseKey(Buffer.from(hex, 'hex').toString('base64'), 'K').id, k.id);
    assert.equal(parseKey(Buffer.from(hex, 'hex').toString('base64url'), 'K').id, k.id);
    for (const bad of ['', 'short', 'ab'.repeat(31), `${'A'.repeat(42)}=`]) {
      assert.throws(() => parseKey(bad, 'COACH_ENCRYPTION_KEY'), /COACH_ENCRYPTION_KEY must be 32 random bytes/);
    }
  });
});

describe('coach settings', () => {
  test('embedded mode makes a key file once, readable by its owner only, and reuses it', () => {
    const dir = tempDir();
    const first = readCoachConfig({}, { dataDir: dir, embedded: true });
    assert.equal(first.keySource, 'key-file');
    assert.equal(first.llm, null);
    const file = join(dir, KEY_FILE_NAME);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const again = readCoachConfig({}, { dataDir: dir, embedded: true });
    assert.equal(again.keyring.current.id, first.keyring.current.id);
    assert.equal(parseKey(readFileSync(file, 'utf8'), file).id, first.keyring.current.id);
  });

  test('a key file others can read is refused', () => {
    const dir = tempDir();
    readCoachConfig({}, { dataDir: dir, embedded: true });
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    assert.throws(() => readCoachConfig({}, { dataDir: dir, embedded: true }), /chmod 600/);
  });

  test('with a PostgreSQL server the key must be configured', () => {
    assert.throws(() => readCoachConfig({}, { dataDir: tempDir(), embedded: false }), CoachConfigError);
    const key = newKeyText();
    const c = readCoachConfig({ COACH_ENCRYPTION_KEY: key }, { dataDir: tempDir(), embedded: false });
    assert.equal(c.keySource, 'configured');
    assert.equal(c.keyring.current.id, parseKey(key, 'k').id);
  });

  test('a configured key keeps the earlier key file and previous keys for reading', () => {
    const dir = tempDir();
    const fileKey = readCoachConfig({}, { dataDir: dir, embedded: true }).keyring.current.id;
    const older = newKeyText();
    const c = readCoachConfig(
      { COACH_ENCRYPTION_KEY: newKeyText(), COACH_ENCRYPTION_PREVIOUS_KEYS: ` ${older} ,` },
      { dataDir: dir, embedded: true },
    );
    assert.deepEqual(new Set(c.keyring.keyIds), new Set([c.keyring.current.id, parseKey(older, 'o').id, fileKey]));
  });

  test('bad settings name the variable without echoing secrets', () => {
    const secret = 'not-a-key-but-secret';
    assert.throws(
      () => readCoachConfig({ COACH_ENCRYPTION_KEY: secret }, { dataDir: tempDir(), embedded: true }),
      (e: Error) => e.message.includes('COACH_ENCRYPTION_KEY') && !e.message.includes(secret),
    );
    assert.throws(
      () =>
        readCoachConfig(
          { COACH_ENCRYPTION_KEY: newKeyText(), COACH_LLM_MODEL: 'llama3' },
          { dataDir: tempDir(), embedded: true },
        ),
      /COACH_LLM_BASE_URL and COACH_LLM_MODEL/,
    );
    assert.throws(
      () =>
        readCoachConfig(
          { COACH_ENCRYPTION_KEY: newKeyText(), COACH_LLM_BASE_URL: 'ftp://x', COACH_LLM_MODEL: 'm' },
          { dataDir: tempDir(), embedded: true },
        ),
      /COACH_LLM_BASE_URL: must be an http/,
    );
    assert.throws(
      () =>
        readCoachConfig(
          {
            COACH_ENCRYPTION_KEY: newKeyText(),
            COACH_LLM_BASE_URL: 'http://x/v1',
            COACH_LLM_MODEL: 'm',
            COACH_LLM_TIMEOUT_MS: 'soon',
          },
          { dataDir: tempDir(), embedded: true },
        ),
      /COACH_LLM_TIMEOUT_MS/,
    );
  });

  test('an OpenAI-compatible endpoint is optional and its key too', () => {
    const c = readCoachConfig(
      { COACH_ENCRYPTION_KEY: newKeyText(), COACH_LLM_BASE_URL: 'http://127.0.0.1:11434/v1/', COACH_LLM_MODEL: 'llama3.2' },
      { dataDir: tempDir(), embedded: true },
    );
    assert.deepEqual(c.llm, { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: undefined, model: 'llama3.2', timeoutMs: 8000 });
  });

  test('an unreadable key file content is reported with its path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, KEY_FILE_NAME), 'garbage', { mode: 0o600 });
    assert.throws(
      () => readCoachConfig({}, { dataDir: dir, embedded: true }),
      (e: Error) => e.message.includes(KEY_FILE_NAME),
    );
  });
});
