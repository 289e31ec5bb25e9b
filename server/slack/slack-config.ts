// Slack's settings, read once from the environment. The app is off unless a way to receive events is set: the signing
// secret (HTTP mode, Slack calls /slack/events) or an app-level token (Socket Mode, for servers Slack cannot reach),
// with the app's client id and secret (which alone only turn on Sign in with Slack, server/accounts). Tokens are sealed with SLACK_ENCRYPTION_KEY, or, when it is unset, with a
// key derived from the coach's key (server/coach/coach-config.ts), so a fresh install needs no extra secret.
import { createHmac, hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { type CoachKey, KEY_BYTES, Keyring, KeyringError, keyIdOf, parseKey, parsePreviousKeys } from '../coach/keyring.ts';
import { optionalSetting } from '../optional-setting.ts';

export type SlackMode = 'http' | 'socket';

export interface SlackConfig {
  clientId: string;
  clientSecret: string;
  /** Verifies that HTTP requests come from Slack; required in HTTP mode. */
  signingSecret: string | null;
  /** Signs install states; derived from the client secret when unset. */
  stateSecret: string;
  /** An app-level token (xapp-…): Socket Mode instead of HTTP. */
  appToken: string | null;
  mode: SlackMode;
  keyring: Keyring;
  /** Slack's Web API root; only tests change it (a local stub). */
  apiUrl: string;
  /** Where people are sent to authorise the install. */
  authorizeUrl: string;
}

export class SlackConfigError extends Error {}

const envSchema = z.object({
  SLACK_CLIENT_ID: optionalSetting,
  SLACK_CLIENT_SECRET: optionalSetting,
  SLACK_SIGNING_SECRET: optionalSetting,
  SLACK_STATE_SECRET: optionalSetting,
  SLACK_APP_TOKEN: optionalSetting.pipe(z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional()),
  SLACK_ENCRYPTION_KEY: optionalSetting,
  SLACK_ENCRYPTION_PREVIOUS_KEYS: optionalSetting,
});

/** A separate key for Slack tokens, derived from a coach key: the same coach key always gives the same Slack key. */
export function derivedSlackKey(coachKey: CoachKey): CoachKey {
  const key = Buffer.from(hkdfSync('sha256', coachKey.key, Buffer.alloc(0), 'polarity slack tokens', KEY_BYTES));
  return { id: keyIdOf(key), key };
}

/** The settings, or null when Slack is not configured (the product runs without it). */
export function readSlackConfig(
  env: NodeJS.ProcessEnv,
  coachKeyring: Keyring,
  apiUrl = 'https://slack.com/api/',
): SlackConfig | null {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k]]));
  const r = envSchema.safeParse(picked);
  if (!r.success) {
    // Values are not echoed: they are secrets.
    throw new SlackConfigError(
      `invalid Slack settings:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const e = r.data;
  // The client id and secret alone are Sign in with Slack (server/accounts); the app needs a way to receive events.
  if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) return null;
  const missing = [...(e.SLACK_CLIENT_ID ? [] : ['SLACK_CLIENT_ID']), ...(e.SLACK_CLIENT_SECRET ? [] : ['SLACK_CLIENT_SECRET'])];
  if (missing.length > 0) {
    throw new SlackConfigError(
      `the Slack app needs ${missing.join(' and ')} too; unset SLACK_SIGNING_SECRET and SLACK_APP_TOKEN to run without it`,
    );
  }
  try {
    const previous = parsePreviousKeys(e.SLACK_ENCRYPTION_PREVIOUS_KEYS, 'SLACK_ENCRYPTION_PREVIOUS_KEYS');
    const keyring = e.SLACK_ENCRYPTION_KEY
      ? new Keyring(parseKey(e.SLACK_ENCRYPTION_KEY, 'SLACK_ENCRYPTION_KEY'), previous)
      : new Keyring(derivedSlackKey(coachKeyring.current), previous);
    const clientSecret = e.SLACK_CLIENT_SECRET as string;
    return {
      clientId: e.SLACK_CLIENT_ID as string,
      clientSecret,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      stateSecret:
        e.SLACK_STATE_SECRET ?? createHmac('sha256', clientSecret).update('polarity slack install state').digest('hex'),
      appToken: e.SLACK_APP_TOKEN ?? null,
      mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      keyring,
      apiUrl,
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    };
  } catch (err) {
    if (err instanceof KeyringError) throw new SlackConfigError(err.message);
    throw err;
  }
}

/** Bot scopes the app asks for: commands, DMs to people, posts in channels it is invited to, App Home, names. */
export const BOT_SCOPES = ['commands', 'chat:write', 'im:write', 'users:read', 'channels:read', 'groups:read'] as const;
