import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccountsConfigError, readAccountsConfig } from './accounts-config.ts';
import { AttemptLimiter } from './attempt-limiter.ts';

const base = { databaseUrl: undefined, nodeEnv: 'development' as const, port: 3000 };

test('a fresh clone needs no settings: embedded mode, no Slack, no Stripe, billing off', () => {
  const c = readAccountsConfig({}, base);
  assert.equal(c.mode, 'embedded');
  assert.equal(c.publicUrl, 'http://localhost:3000');
  assert.equal(c.secureCookies, false);
  assert.ok(c.cookieSecret.length >= 32);
  assert.deepEqual([c.slack, c.smtp, c.stripe, c.billingEnforced], [null, null, null, false]);
});

test('a database URL means hosted; production and https make cookies Secure', () => {
  assert.equal(readAccountsConfig({}, { ...base, databaseUrl: 'postgres://x/y' }).mode, 'hosted');
  assert.equal(readAccountsConfig({ POLARITY_MODE: 'demo' }, { ...base, databaseUrl: 'postgres://x/y' }).mode, 'demo');
  assert.equal(readAccountsConfig({ PUBLIC_URL: 'https://polarity.example.com/' }, base).secureCookies, true);
  assert.equal(
    readAccountsConfig({ PUBLIC_URL: 'https://polarity.example.com/' }, base).publicUrl,
    'https://polarity.example.com',
  );
  const prod = readAccountsConfig(
    { COOKIE_SECRET: 's'.repeat(40) },
    { ...base, nodeEnv: 'production', databaseUrl: 'postgres://x/y' },
  );
  assert.equal(prod.secureCookies, true);
});

test('Stripe and Slack are all-or-nothing, and Stripe turns billing on', () => {
  const stripe = readAccountsConfig({ STRIPE_SECRET_KEY: 'sk', STRIPE_WEBHOOK_SECRET: 'wh', STRIPE_PRICE_ID: 'price' }, base);
  assert.equal(stripe.billingEnforced, true);
  assert.equal(stripe.stripe?.meterEventName, 'polarity_active_user');
  const slack = readAccountsConfig({ SLACK_CLIENT_ID: 'id', SLACK_CLIENT_SECRET: 'secret' }, base);
  assert.deepEqual(slack.slack, { issuer: 'https://slack.com', clientId: 'id', clientSecret: 'secret' });
  const problems: [NodeJS.ProcessEnv, RegExp, typeof base?][] = [
    [{ STRIPE_SECRET_KEY: 'sk' }, /STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_ID: Stripe needs/],
    [{ SLACK_CLIENT_ID: 'id' }, /set both/],
    [{ POLARITY_BILLING: 'enforce' }, /POLARITY_BILLING: enforce needs Stripe/],
    [{ COOKIE_SECRET: 'short' }, /COOKIE_SECRET: must be at least 32/],
    [{ PUBLIC_URL: 'polarity.example.com' }, /PUBLIC_URL: must be an http/],
    [{ SMTP_URL: 'mail.example.com' }, /SMTP_URL: must be an smtp/],
    [{ POLARITY_MODE: 'cloud' }, /POLARITY_MODE: must be embedded, demo or hosted/],
    [{}, /COOKIE_SECRET: required in production/, { ...base, nodeEnv: 'production', databaseUrl: 'postgres://x/y' } as never],
  ];
  for (const [env, message, settings] of problems) {
    assert.throws(
      () => readAccountsConfig(env, settings ?? base),
      (e: unknown) => e instanceof AccountsConfigError && message.test(e.message),
    );
  }
});

test('attempt budgets refill after their window and refuse with how long to wait', () => {
  let now = 0;
  const limiter = new AttemptLimiter({ max: 2, windowMs: 60_000 }, () => now);
  assert.deepEqual([limiter.take('a'), limiter.take('a')], [{ ok: true }, { ok: true }]);
  assert.deepEqual(limiter.take('a'), { ok: false, retryAfterSeconds: 60 });
  assert.deepEqual(limiter.take('b'), { ok: true });
  now = 45_000;
  assert.deepEqual(limiter.take('a'), { ok: false, retryAfterSeconds: 15 });
  now = 60_000;
  assert.deepEqual(limiter.take('a'), { ok: true });
});
