// A secret made once and kept in the server's data directory, readable by its owner only: the coach's encryption key
// and the insights noise secret in embedded (PGlite) mode. Both must survive restarts and must never be readable by
// other users of the machine, so a file others can read stops the start with the fix rather than being used.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export class DataDirSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirSecretError';
  }
}

/**
 * The file's text, or null when there is no file. `holds` names the secret in the error, e.g. "the coach's
 * encryption key".
 */
export function readDataDirSecret(path: string, holds: string): string | null {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new DataDirSecretError(
      `${path} holds ${holds} but others can read it (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${path}`,
    );
  }
  return readFileSync(path, 'utf8');
}

/** Writes `text` as a new owner-only file and returns it; when another process wrote one first, returns that one. */
export function keepNewDataDirSecret(path: string, text: string, holds: string): string {
  mkdirSync(resolve(path, '..'), { recursive: true });
  try {
    // 'wx' creates or fails: two processes starting at once end up with the same secret, the one written first.
    writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readDataDirSecret(path, holds) as string;
    throw err;
  }
  // The process umask cannot widen 0600, but a file system that ignores modes gets it set explicitly.
  chmodSync(path, 0o600);
  return `${text}\n`;
}
