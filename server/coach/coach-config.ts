// The coach's settings, read once from the environment: the encryption key (and older keys still needed to read),
// and an optional OpenAI-compatible endpoint. On one machine with embedded PGlite and no key configured, a key is
// made once and kept in the data directory, readable by its owner only; with a PostgreSQL server the key must be
// configured, because a key on one machine's disk would be lost with that machine while the data lives on.
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { optionalSetting } from '../optional-setting.ts';
import { DataDirSecretError, keepNewDataDirSecret, readDataDirSecret } from '../store/data-dir-secret.ts';
import { type CoachKey, Keyring, KeyringError, newKeyText, parseKey, parsePreviousKeys } from './keyring.ts';

export const KEY_FILE_NAME = 'coach-encryption.key';
export const DEFAULT_LLM_TIMEOUT_MS = 8_000;

export interface LlmSettings {
  /** Up to and including the version path, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /** Sent as a bearer token when present; local model servers often need none. */
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

export interface CoachConfig {
  keyring: Keyring;
  /** Where the key came from, for the start-up log line (never the key itself). */
  keySource: 'configured' | 'key-file';
  llm: LlmSettings | null;
}

export class CoachConfigError extends Error {}

const envSchema = z.object({
  COACH_ENCRYPTION_KEY: optionalSetting,
  COACH_ENCRYPTION_PREVIOUS_KEYS: optionalSetting,
  COACH_LLM_BASE_URL: optionalSetting.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http:// or https:// URL, like http://127.0.0.1:11434/v1')
      .transform((s) => s.replace(/\/+$/, ''))
      .optional(),
  ),
  COACH_LLM_API_KEY: optionalSetting,
  COACH_LLM_MODEL: optionalSetting,
  COACH_LLM_TIMEOUT_MS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(100, 'must be at least 100')
      .max(120_000, 'must be at most 120000')
      .optional(),
  ),
});

export interface CoachConfigContext {
  /** The server's data directory (server/config.ts dataDir): the key file lives here in embedded mode. */
  dataDir: string;
  /** True when the data is in embedded PGlite (no DATABASE_URL). */
  embedded: boolean;
}

export function readCoachConfig(env: NodeJS.ProcessEnv, context: CoachConfigContext): CoachConfig {
  const picked = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k]]));
  const r = envSchema.safeParse(picked);
  if (!r.success) {
    // Values are not echoed: some of them are secrets.
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new CoachConfigError(`invalid coach settings:\n${lines.join('\n')}`);
  }
  const e = r.data;
  try {
    const previous = parsePreviousKeys(e.COACH_ENCRYPTION_PREVIOUS_KEYS, 'COACH_ENCRYPTION_PREVIOUS_KEYS');
    const keyFile = join(resolve(context.dataDir), KEY_FILE_NAME);
    let current: CoachKey;
    let keySource: CoachConfig['keySource'];
    if (e.COACH_ENCRYPTION_KEY) {
      current = parseKey(e.COACH_ENCRYPTION_KEY, 'COACH_ENCRYPTION_KEY');
      keySource = 'configured';
      // A key made earlier in embedded mode keeps opening old records until they are rotated onto the new key.
      const old = context.embedded ? readKeyFile(keyFile) : null;
      if (old && old.id !== current.id) previous.push(old);
    } else if (context.embedded) {
      current = readKeyFile(keyFile) ?? createKeyFile(keyFile);
      keySource = 'key-file';
    } else {
      throw new CoachConfigError(
        'COACH_ENCRYPTION_KEY is required with DATABASE_URL: coaching records are encrypted with it. ' +
          `Make one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))"`,
      );
    }
    return { keyring: new Keyring(current, previous), keySource, llm: llmSettings(e) };
  } catch (err) {
    if (err instanceof KeyringError || err instanceof DataDirSecretError) throw new CoachConfigError(err.message);
    throw err;
  }
}

function llmSettings(e: z.output<typeof envSchema>): LlmSettings | null {
  const given = [e.COACH_LLM_BASE_URL, e.COACH_LLM_MODEL, e.COACH_LLM_API_KEY].some((v) => v !== undefined);
  if (!given) return null;
  if (!e.COACH_LLM_BASE_URL || !e.COACH_LLM_MODEL) {
    throw new CoachConfigError(
      'the coach model needs both COACH_LLM_BASE_URL and COACH_LLM_MODEL (COACH_LLM_API_KEY is optional); ' +
        'unset all three to use the playbook coach alone',
    );
  }
  return {
    baseUrl: e.COACH_LLM_BASE_URL,
    apiKey: e.COACH_LLM_API_KEY,
    model: e.COACH_LLM_MODEL,
    timeoutMs: e.COACH_LLM_TIMEOUT_MS ?? DEFAULT_LLM_TIMEOUT_MS,
  };
}

const HOLDS = "the coach's encryption key";

function readKeyFile(path: string): CoachKey | null {
  const text = readDataDirSecret(path, HOLDS);
  return text === null ? null : parseKey(text, path);
}

function createKeyFile(path: string): CoachKey {
  return parseKey(keepNewDataDirSecret(path, newKeyText(), HOLDS), path);
}
