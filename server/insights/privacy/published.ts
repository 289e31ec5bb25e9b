// The only figures a lead's report can hold. Each is stamped by this module after the group-size check, the noise and
// the clamping; the stamp is a type no other module can forge without a cast, and none of these shapes has a place
// for a person: no id, no name, no role, no list of people. A lead report built from them cannot carry per-person data.
import { definitionOf, type MetricId } from '../metrics/metric-catalogue.ts';
import type { PrivacyConfig } from './privacy-config.ts';
import { noisyAverage, noisyCount, noisyShare } from './seeded-noise.ts';
import {
  type DirectionWords,
  directionWords,
  type IndexWords,
  indexWords,
  type ShareWords,
  sharePercent,
  shareWords,
} from './wording.ts';

declare const stamp: unique symbol;
interface Stamped {
  readonly [stamp]: 'published';
}

export type PublishedFigure = Stamped &
  (
    | { readonly kind: 'share'; readonly percent: number; readonly words: ShareWords }
    | { readonly kind: 'index'; readonly value: number; readonly words: IndexWords }
    | { readonly kind: 'rate'; readonly perMinute: number; readonly words: 'under half a turn a minute' | null }
    | { readonly kind: 'duration'; readonly seconds: number }
    | { readonly kind: 'direction'; readonly words: DirectionWords }
  );

export type WithheldReason = 'too_few_people' | 'protects_a_smaller_group' | 'no_data';

export interface Withheld {
  readonly kind: 'withheld';
  readonly reason: WithheldReason;
}

export type Figure = PublishedFigure | Withheld;

/** A count a lead may see (quests played, not people): noised, never below 1. */
export type PublishedCount = Stamped & { readonly kind: 'count'; readonly about: number };

/** How many people a figure covers, only as the floor it cleared: never the exact number. */
export type GroupSize = Stamped & { readonly kind: 'group_size'; readonly atLeast: number };

export function withheld(reason: WithheldReason): Withheld {
  return { kind: 'withheld', reason };
}

/**
 * Publishes one metric value that already passed the group-size check for its unit. `key` names the unit and period;
 * with the metric it seeds the figure's noise.
 */
export function publishFigure(config: PrivacyConfig, metric: MetricId, value: number, key: string): PublishedFigure {
  const def = definitionOf(metric);
  switch (def.unit) {
    case 'share': {
      const percent = sharePercent(noisyShare(config, key, metric, value), config.shareClamp);
      return { kind: 'share', percent, words: shareWords(percent) } as PublishedFigure;
    }
    case 'index': {
      const v =
        Math.round(Math.min(1 - config.shareClamp, Math.max(config.shareClamp, noisyShare(config, key, metric, value))) * 100) /
        100;
      return { kind: 'index', value: v, words: indexWords(v) } as PublishedFigure;
    }
    case 'per_minute': {
      const v = Math.round(noisyAverage(config, key, metric, Math.max(0, value)) * 10) / 10;
      // A rate near zero would say "nobody spoke then": it is put in words instead.
      return (
        v < 0.5
          ? { kind: 'rate', perMinute: 0.5, words: 'under half a turn a minute' }
          : { kind: 'rate', perMinute: v, words: null }
      ) as PublishedFigure;
    }
    case 'seconds':
      return { kind: 'duration', seconds: Math.max(1, Math.round(noisyAverage(config, key, metric, value))) } as PublishedFigure;
    case 'difference':
      return {
        kind: 'direction',
        words: directionWords(noisyShare(config, key, metric, value), def.minEffect),
      } as PublishedFigure;
  }
}

export function publishCount(config: PrivacyConfig, count: number, key: string): PublishedCount {
  return { kind: 'count', about: noisyCount(config, key, 'quests', count) } as PublishedCount;
}

export function groupSize(atLeast: number): GroupSize {
  return { kind: 'group_size', atLeast } as GroupSize;
}

/** A published figure as a number for charts, or null when withheld or words only. */
export function chartValue(f: Figure): number | null {
  switch (f.kind) {
    case 'share':
      return f.percent;
    case 'index':
      return f.value;
    case 'rate':
      return f.perMinute;
    case 'duration':
      return f.seconds;
    default:
      return null;
  }
}

/** A person's strengths, named, for a lead: only ever built from that person's own choice to share with this team. */
export type SharedStrength = Stamped & {
  readonly kind: 'shared_strength';
  readonly name: string;
  readonly highlights: readonly string[];
  readonly badges: readonly string[];
};

export interface StrengthShareChoice {
  personId: string;
  teamId: string;
}

export function publishSharedStrength(
  choice: StrengthShareChoice,
  forTeam: string,
  strengths: { name: string; highlights: readonly string[]; badges: readonly string[] },
): SharedStrength {
  if (choice.teamId !== forTeam) throw new Error('a strength shared with one team cannot be shown to another');
  return {
    kind: 'shared_strength',
    name: strengths.name,
    highlights: [...strengths.highlights],
    badges: [...strengths.badges],
  } as unknown as SharedStrength;
}
