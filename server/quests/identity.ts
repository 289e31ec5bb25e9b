// Secrets of a quest: bearer tokens and invite codes come from the operating system's CSPRNG whatever random source
// the service was given for play, and only a token's SHA-256 is ever stored.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** 32 random bytes, base64url: what a player keeps and sends as `Authorization: Bearer`. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 120 random bits in 20 url-safe characters: short enough for a link, too many to guess. */
export function newInvite(): string {
  return randomBytes(15).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids go into uuid columns: anything else would be a database error, so it is turned away before a query. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function looksLikeInvite(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{10,64}$/.test(value);
}

export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{20,128}$/.test(value);
}
