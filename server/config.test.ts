import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ConfigError, readConfig } from './config.ts';

test('a fresh clone needs no configuration', () => {
  const c = readConfig({}, '/srv/polarity');
  assert.deepEqual(c, {
    port: 3000,
    host: 'localhost',
    databaseUrl: undefined,
    dataDir: resolve('/srv/polarity', './data'),
    logLevel: 'info',
    graceSeconds: 45,
    nodeEnv: 'development',
    botThinkMs: undefined,
    redisUrl: undefined,
    redisKeyPrefix: 'polarity:',
    scenariosDir: undefined,
    metricsToken: undefined,
  });
});

test('a Redis URL and a metrics token are checked', () => {
  const c = readConfig({ REDIS_URL: 'redis://127.0.0.1:6380', METRICS_TOKEN: 'a-long-enough-token' }, '/srv/polarity');
  assert.equal(c.redisUrl, 'redis://127.0.0.1:6380');
  assert.equal(c.metricsToken, 'a-long-enough-token');
  assert.throws(() => readConfig({ REDIS_URL: 'http://redis' }), /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  assert.throws(() => readConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN: must be at least 16 characters/);
});

test('every variable overrides its default', () => {
  const c = readConfig(
    {
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      POLARITY_DATA_DIR: '/var/lib/polarity',
      LOG_LEVEL: 'warn',
      GRACE_SECONDS: '10',
      NODE_ENV: 'production',
      POLARITY_BOT_THINK_MS: '100-500',
    },
    '/srv',
  );
  assert.equal(c.port, 8080);
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.databaseUrl, 'postgresql://postgres@127.0.0.1:5432/test');
  assert.equal(c.dataDir, '/var/lib/polarity');
  assert.equal(c.logLevel, 'warn');
  assert.equal(c.graceSeconds, 10);
  assert.equal(c.nodeEnv, 'production');
  assert.deepEqual(c.botThinkMs, { min: 100, max: 500 });
});

test('an empty DATABASE_URL means PGlite', () => {
  assert.equal(readConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
});

test('bad values are refused, each named with what was given', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /PORT: must be a number \(got "abc"\)/],
    [{ PORT: '70000' }, /PORT: must be between 0 and 65535/],
    [{ PORT: '80.5' }, /PORT: must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ GRACE_SECONDS: '-1' }, /GRACE_SECONDS: must not be negative/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ POLARITY_BOT_THINK_MS: '500' }, /POLARITY_BOT_THINK_MS: must be min-max/],
    [{ POLARITY_BOT_THINK_MS: '500-100' }, /POLARITY_BOT_THINK_MS: min must not exceed max/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => readConfig(env),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
      JSON.stringify(env),
    );
  }
  assert.throws(
    () => readConfig({ PORT: 'x', GRACE_SECONDS: 'y' }),
    (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message) && /GRACE_SECONDS/.test(e.message),
  );
});
