// The secret that seeds the noise on every figure a lead sees (privacy/seeded-noise.ts). It must stay the same for as
// long as the data does: with a new secret each figure gets a fresh noise draw, and a lead who noted the old figure
// can average the two and peel part of the noise away. So: INSIGHTS_NOISE_SECRET when set; on one machine with
// embedded PGlite, a secret made once and kept in the data directory (readable by its owner only), like the coach's
// key; with a PostgreSQL server it must be configured, because every process must share it and it must outlive any
// one machine's disk.
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DataDirSecretError, keepNewDataDirSecret, readDataDirSecret } from '../store/data-dir-secret.ts';

export const NOISE_SECRET_FILE_NAME = 'insights-noise.secret';
/** Enough randomness that the noise cannot be predicted: 32 characters of base64 is 192 bits. */
export const NOISE_SECRET_MIN_LENGTH = 32;

export class NoiseSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoiseSecretError';
  }
}

export interface NoiseSecret {
  secret: string;
  /** Where it came from, for the start-up log line (never the secret itself). */
  source: 'configured' | 'secret-file';
  /** The file, when it came from (or was just written to) one. */
  path?: string;
}

export interface NoiseSecretContext {
  /** The server's data directory (server/config.ts dataDir). */
  dataDir: string;
  /** True when the data is in embedded PGlite (no DATABASE_URL). */
  embedded: boolean;
}

const HOW_TO_MAKE = 'make one with `openssl rand -base64 48`';
const HOLDS = 'the insights noise secret';

export function readNoiseSecret(env: NodeJS.ProcessEnv, context: NoiseSecretContext): NoiseSecret {
  const configured = env.INSIGHTS_NOISE_SECRET?.trim();
  if (configured) {
    if (configured.length < NOISE_SECRET_MIN_LENGTH) {
      // The value is not echoed: it is a secret.
      throw new NoiseSecretError(
        `INSIGHTS_NOISE_SECRET: must be at least ${NOISE_SECRET_MIN_LENGTH} characters (${HOW_TO_MAKE})`,
      );
    }
    return { secret: configured, source: 'configured' };
  }
  if (!context.embedded) {
    throw new NoiseSecretError(
      'INSIGHTS_NOISE_SECRET is required with DATABASE_URL: it seeds the noise on team insights, so every server ' +
        `process must share it and keep it across restarts (${HOW_TO_MAKE})`,
    );
  }
  const path = join(resolve(context.dataDir), NOISE_SECRET_FILE_NAME);
  let kept: string;
  try {
    kept = readDataDirSecret(path, HOLDS) ?? keepNewDataDirSecret(path, randomBytes(48).toString('base64url'), HOLDS);
  } catch (err) {
    if (err instanceof DataDirSecretError) throw new NoiseSecretError(err.message);
    throw err;
  }
  const secret = kept.trim();
  if (secret.length < NOISE_SECRET_MIN_LENGTH) {
    throw new NoiseSecretError(
      `${path} holds a noise secret shorter than ${NOISE_SECRET_MIN_LENGTH} characters: ` +
        'restore the file from a backup, or set INSIGHTS_NOISE_SECRET (every figure leads see will shift slightly)',
    );
  }
  return { secret, source: 'secret-file', path };
}
