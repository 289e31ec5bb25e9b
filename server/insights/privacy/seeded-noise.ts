// Small noise on everything a lead sees, seeded by a server secret and the figure's own key (unit, period, metric),
// so asking twice returns the same figure: averaging repeated answers cannot strip the noise away. One HMAC per unit
// and period (kept in a small cache) feeds a fast mix per metric, so a dashboard of a few hundred units stays quick.
import { createHmac } from 'node:crypto';
import type { PrivacyConfig } from './privacy-config.ts';

const CACHE_LIMIT = 20_000;
const digests = new Map<string, Uint32Array>();

let last: { secret: string; key: string; words: Uint32Array } | null = null;

function digestOf(secret: string, key: string): Uint32Array {
  // A unit's figures are published one after another: the last digest is the one asked for most of the time.
  if (last && last.key === key && last.secret === secret) return last.words;
  const cacheKey = `${secret.length}:${secret}|${key}`;
  const known = digests.get(cacheKey);
  if (known) {
    last = { secret, key, words: known };
    return known;
  }
  const h = createHmac('sha256', secret).update(key).digest();
  const words = new Uint32Array([h.readUInt32BE(0), h.readUInt32BE(4), h.readUInt32BE(8), h.readUInt32BE(12)]);
  if (digests.size >= CACHE_LIMIT) digests.clear();
  digests.set(cacheKey, words);
  last = { secret, key, words };
  return words;
}

/** FNV-1a, to turn a part name into 32 bits. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A 32-bit finaliser (murmur3's): every input bit moves every output bit. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A number in (-1, 1), triangular around 0, the same for the same secret, key and part. */
export function seededNoise(secret: string, key: string, part = ''): number {
  const d = digestOf(secret, key);
  const p = fnv(part);
  const a = mix((d[0] as number) ^ p ^ mix((d[2] as number) ^ p)) / 2 ** 32;
  const b = mix((d[1] as number) ^ mix(p ^ (d[3] as number))) / 2 ** 32;
  return a - b;
}

export function noisyShare(config: PrivacyConfig, key: string, part: string, share: number): number {
  return share + (config.shareNoisePoints / 100) * seededNoise(config.noiseSecret, key, `share|${part}`);
}

export function noisyAverage(config: PrivacyConfig, key: string, part: string, value: number): number {
  return value * (1 + config.relativeNoise * seededNoise(config.noiseSecret, key, `average|${part}`));
}

export function noisyCount(config: PrivacyConfig, key: string, part: string, count: number): number {
  return Math.max(1, Math.round(count + config.countNoise * seededNoise(config.noiseSecret, key, `count|${part}`)));
}
