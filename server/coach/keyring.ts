// Encryption at rest for coaching records: AES-256-GCM with a fresh 96-bit IV per record. Every record carries the
// id of the key that sealed it, so keys can be rotated (the old key stays for reading until rotateKeys() has
// re-sealed everything). The additional authenticated data binds a record to its table, person and id: a sealed
// value copied onto another person's row does not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export interface CoachKey {
  /** Derived from the key, so the same key always has the same id and no id has to be configured. */
  id: string;
  key: Buffer;
}

export class KeyringError extends Error {}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('polarity-coach-key-id\0').update(key).digest('hex').slice(0, 16);
}

/** A key as configured: 32 bytes in base64 (44 characters) or hex (64 characters). */
/** Older keys still needed to read, from a comma-separated setting such as COACH_ENCRYPTION_PREVIOUS_KEYS. */
export function parsePreviousKeys(list: string | undefined, setting: string): CoachKey[] {
  return (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s, i) => parseKey(s, `${setting} (key ${i + 1})`));
}

export function parseKey(text: string, where: string): CoachKey {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== KEY_BYTES) {
    throw new KeyringError(
      `${where} must be 32 random bytes as base64 (44 characters) or hex (64 characters); ` +
        `make one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  return { id: keyIdOf(key), key };
}

export function newKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export interface Sealed {
  keyId: string;
  sealed: string;
}

export class Keyring {
  private readonly byId = new Map<string, Buffer>();

  constructor(
    readonly current: CoachKey,
    previous: readonly CoachKey[] = [],
  ) {
    for (const k of [current, ...previous]) {
      if (k.key.length !== KEY_BYTES) throw new KeyringError(`key ${k.id} is not ${KEY_BYTES} bytes`);
      this.byId.set(k.id, k.key);
    }
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  seal(value: unknown, context: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return { keyId: this.current.id, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
  }

  /** The value, or a KeyringError when the key is unknown or the record was altered or moved. */
  open<T>(record: Sealed, context: string): T {
    const key = this.byId.get(record.keyId);
    if (!key) {
      throw new KeyringError(
        `a coaching record is sealed with key ${record.keyId}, which is not configured: add it to COACH_ENCRYPTION_PREVIOUS_KEYS`,
      );
    }
    const raw = Buffer.from(record.sealed, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new KeyringError('a coaching record is too short to be sealed data');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as T;
    } catch {
      throw new KeyringError('a coaching record does not open: it was altered, moved to another row, or sealed with another key');
    }
  }
}
