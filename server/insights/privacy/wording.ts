// How figures are put into words for leads. No share is ever shown as 0% or 100%, and no word says "all", "none",
// "almost all" or "almost none": a clamped share still points at individuals when it is extreme, so the words stop
// at "a few" and "most", and the percentage is clamped and rounded to 5 points.

export const SHARE_WORDS = ['a few', 'some', 'about half', 'many', 'most'] as const;
export type ShareWords = (typeof SHARE_WORDS)[number];

/** Words leads must never see about a group, in any sentence. */
export const FORBIDDEN_WORDS = /\b(all|none|nobody|no one|everyone|everybody|every one|almost all|almost none|always|never)\b/i;

export function clampShare(share: number, clamp: number): number {
  return Math.min(1 - clamp, Math.max(clamp, share));
}

/** A clamped share as a whole percentage on a 5-point grid, never beyond the clamp. */
export function sharePercent(share: number, clamp: number): number {
  const low = Math.ceil(clamp * 20) * 5;
  const high = 100 - low;
  return Math.min(high, Math.max(low, Math.round((clampShare(share, clamp) * 100) / 5) * 5));
}

export function shareWords(percent: number): ShareWords {
  if (percent < 20) return 'a few';
  if (percent < 40) return 'some';
  if (percent <= 60) return 'about half';
  if (percent < 80) return 'many';
  return 'most';
}

export type IndexWords = 'low' | 'moderate' | 'high';

export function indexWords(value: number): IndexWords {
  if (value < 1 / 3) return 'low';
  if (value < 2 / 3) return 'moderate';
  return 'high';
}

export type DirectionWords = 'lower' | 'about the same' | 'higher';

export function directionWords(difference: number, minEffect: number): DirectionWords {
  if (difference <= -minEffect) return 'lower';
  if (difference >= minEffect) return 'higher';
  return 'about the same';
}
