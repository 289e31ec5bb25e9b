// The secret that seeds the noise on every figure a lead sees (privacy/seeded-noise.ts). It must stay the same for as
// long as the data does: with a new secret each figure gets a fresh noise draw, and a lead who noted the old figure
// can average the two and peel part of the noise away. So: INSIGHTS_NOISE_SECRET when set; on one machine with
// embedded PGlite, a secret made once and kept in the data directory (readable by its owner only), like the coach's
// key; with a PostgreSQL server it must be configured, because every process must share it and it must outlive any
// one machine's disk.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
  return { secret: readSecretFile(path) ?? createSecretFile(path), source: 'secret-file', path };
}

function readSecretFile(path: string): string | null {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new NoiseSecretError(
      `${path} holds the insights noise secret but others can read it (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${path}`,
    );
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < NOISE_SECRET_MIN_LENGTH) {
    throw new NoiseSecretError(
      `${path} holds a noise secret shorter than ${NOISE_SECRET_MIN_LENGTH} characters: ` +
        'restore the file from a backup, or set INSIGHTS_NOISE_SECRET (every figure leads see will shift slightly)',
    );
  }
  return secret;
}

function createSecretFile(path: string): string {
  mkdirSync(resolve(path, '..'), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx' creates or fails: two processes starting at once end up with the same secret, the one written first.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readSecretFile(path) as string;
    throw err;
  }
  // The umask cannot widen 0600, but a file system that ignores modes gets it set explicitly.
  chmodSync(path, 0o600);
  return secret;
}
