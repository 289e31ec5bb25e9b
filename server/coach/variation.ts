// Deterministic variety: the same person and quest always get the same wording, different people and quests get
// different wordings. A choice is a hash of the seed and a named slot, so adding a slot never reshuffles the others.
import { createHash } from 'node:crypto';

export class Variation {
  constructor(private readonly seed: string) {}

  index(slot: string, n: number): number {
    if (n <= 0) throw new RangeError(`nothing to choose from for '${slot}'`);
    const h = createHash('sha256').update(this.seed).update('\0').update(slot).digest();
    return h.readUInt32BE(0) % n;
  }

  pick<T>(slot: string, list: readonly T[]): T {
    return list[this.index(slot, list.length)] as T;
  }

  /** The list in a stable order of this seed's own, for breaking ties. */
  rank(slot: string, key: string): number {
    return createHash('sha256').update(this.seed).update('\0').update(slot).update('\0').update(key).digest().readUInt32BE(0);
  }
}
