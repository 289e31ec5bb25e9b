// Settings for sign-in, cookies, email and billing, read once from the environment like server/config.ts: every
// value has a default that works on a fresh clone, and a bad or half-given setting stops the start with a message
// naming the variable.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { optionalSetting } from '../optional-setting.ts';

/**
 * embedded: one machine, PGlite, demo sign-in allowed, sign-in links printed to the log when there is no SMTP.
 * demo: a shared demo server: demo sign-in allowed. hosted: real organisations; demo sign-in refused.
 */
export type AccountsMode = 'embedded' | 'demo' | 'hosted';

export interface AccountsConfig {
  mode: AccountsMode;
  /** Where people reach the web app: links in emails and the Slack redirect are built from it (no trailing slash). */
  publicUrl: string;
  /** Cookies carry Secure (and the __Host- prefix) in production or behind https. */
  secureCookies: boolean;
  /** Signs the CSRF secret cookie. */
  cookieSecret: string;
  sessionDays: number;
  slack: { issuer: string; clientId: string; clientSecret: string } | null;
  smtp: { url: string; from: string } | null;
  stripe: { secretKey: string; webhookSecret: string; priceId: string; meterEventName: string } | null;
  /** Whether an organisation whose trial ended unpaid turns read-only. */
  billingEnforced: boolean;
}

const envSchema = z.object({
  POLARITY_MODE: z.enum(['embedded', 'demo', 'hosted'], { error: 'must be embedded, demo or hosted' }).optional(),
  PUBLIC_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http:// or https:// URL')
    .optional(),
  COOKIE_SECRET: optionalSetting.refine((s) => s === undefined || s.length >= 32, 'must be at least 32 characters'),
  SESSION_DAYS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(365, 'must be at most 365')
    .default(30),
  SLACK_ISSUER: z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .default('https://slack.com'),
  SLACK_CLIENT_ID: optionalSetting,
  SLACK_CLIENT_SECRET: optionalSetting,
  SMTP_URL: optionalSetting.refine((s) => s === undefined || /^smtps?:\/\//.test(s), 'must be an smtp:// or smtps:// URL'),
  MAIL_FROM: z
    .string()
    .trim()
    .min(3, 'must be an address like Polarity <polarity@example.com>')
    .default('Polarity <polarity@localhost>'),
  STRIPE_SECRET_KEY: optionalSetting,
  STRIPE_WEBHOOK_SECRET: optionalSetting,
  STRIPE_PRICE_ID: optionalSetting,
  STRIPE_METER_EVENT: z.string().trim().min(1, 'must not be empty').default('polarity_active_user'),
  POLARITY_BILLING: z.enum(['enforce', 'off'], { error: 'must be enforce or off' }).optional(),
});

export class AccountsConfigError extends Error {}

export interface BaseSettings {
  databaseUrl: string | undefined;
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
}

export function readAccountsConfig(env: NodeJS.ProcessEnv, base: BaseSettings): AccountsConfig {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k]]));
  const r = envSchema.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map(
      (i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(picked[String(i.path[0])])})`,
    );
    throw new AccountsConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = r.data;
  const problems: string[] = [];
  const mode: AccountsMode = e.POLARITY_MODE ?? (base.databaseUrl ? 'hosted' : 'embedded');
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${base.port}`).replace(/\/+$/, '');
  const production = base.nodeEnv === 'production';

  if (!e.COOKIE_SECRET && production && mode === 'hosted') {
    problems.push('COOKIE_SECRET: required in production (make one with `openssl rand -base64 48`)');
  }
  if (Boolean(e.SLACK_CLIENT_ID) !== Boolean(e.SLACK_CLIENT_SECRET)) {
    problems.push('SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: set both for Sign in with Slack, or neither');
  }
  const stripeParts = {
    STRIPE_SECRET_KEY: e.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: e.STRIPE_WEBHOOK_SECRET,
    STRIPE_PRICE_ID: e.STRIPE_PRICE_ID,
  };
  const missingStripe = Object.entries(stripeParts)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missingStripe.length > 0 && missingStripe.length < 3) {
    problems.push(
      `${missingStripe.join(', ')}: Stripe needs STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_ID together`,
    );
  }
  if (e.POLARITY_BILLING === 'enforce' && missingStripe.length > 0) {
    problems.push('POLARITY_BILLING: enforce needs Stripe configured, or nobody could ever pay');
  }
  if (problems.length > 0) throw new AccountsConfigError(`invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);

  const stripe =
    e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET && e.STRIPE_PRICE_ID
      ? {
          secretKey: e.STRIPE_SECRET_KEY,
          webhookSecret: e.STRIPE_WEBHOOK_SECRET,
          priceId: e.STRIPE_PRICE_ID,
          meterEventName: e.STRIPE_METER_EVENT,
        }
      : null;
  return {
    mode,
    publicUrl,
    secureCookies: production || publicUrl.startsWith('https://'),
    // Without a configured secret, CSRF tokens last as long as the process: a restarted server asks for new ones.
    cookieSecret: e.COOKIE_SECRET ?? randomBytes(32).toString('base64url'),
    sessionDays: e.SESSION_DAYS,
    slack:
      e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET
        ? { issuer: e.SLACK_ISSUER, clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET }
        : null,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
    stripe,
    billingEnforced: (e.POLARITY_BILLING ?? (stripe ? 'enforce' : 'off')) === 'enforce',
  };
}
