// The privacy settings of insights. Every limit has a floor: an operator may make insights stricter (larger groups,
// more noise, tighter clamping), never looser. A setting below its floor is refused at start with the reason, so a
// mistyped environment variable cannot quietly weaken what leads are allowed to see.
import { z } from 'zod';

/** The floors: groups of at least 5 people for structured metrics, 10 for anything read from free text. */
export const MIN_PEOPLE_FLOOR = 5;
export const MIN_PEOPLE_FREE_TEXT_FLOOR = 10;
/** No published share may be nearer 0% or 100% than this. */
export const SHARE_CLAMP_FLOOR = 0.05;
/** Noise can be made larger, never switched off. */
export const SHARE_NOISE_POINTS_FLOOR = 1;
export const RELATIVE_NOISE_FLOOR = 0.02;
export const COUNT_NOISE_FLOOR = 1;

const schema = z.strictObject({
  minPeople: z
    .number({ error: 'minPeople must be a number' })
    .int('minPeople must be a whole number')
    .min(MIN_PEOPLE_FLOOR, `minPeople cannot be lower than ${MIN_PEOPLE_FLOOR}: insights never describe smaller groups`)
    .max(1000, 'minPeople above 1000 would hide every team')
    .default(MIN_PEOPLE_FLOOR),
  minPeopleFreeText: z
    .number({ error: 'minPeopleFreeText must be a number' })
    .int('minPeopleFreeText must be a whole number')
    .min(
      MIN_PEOPLE_FREE_TEXT_FLOOR,
      `minPeopleFreeText cannot be lower than ${MIN_PEOPLE_FREE_TEXT_FLOOR}: metrics read from free text need larger groups`,
    )
    .max(1000, 'minPeopleFreeText above 1000 would hide every team')
    .default(MIN_PEOPLE_FREE_TEXT_FLOOR),
  /** Published shares are kept within [shareClamp, 1 - shareClamp]. */
  shareClamp: z
    .number({ error: 'shareClamp must be a number' })
    .min(SHARE_CLAMP_FLOOR, `shareClamp cannot be lower than ${SHARE_CLAMP_FLOOR}: no share is shown as (almost) 0% or 100%`)
    .max(0.25, 'shareClamp above 0.25 would make every share look alike')
    .default(SHARE_CLAMP_FLOOR),
  /** Largest noise on a share, in percentage points. */
  shareNoisePoints: z
    .number({ error: 'shareNoisePoints must be a number' })
    .min(
      SHARE_NOISE_POINTS_FLOOR,
      `shareNoisePoints cannot be lower than ${SHARE_NOISE_POINTS_FLOOR}: noise cannot be turned off`,
    )
    .max(10, 'shareNoisePoints above 10 would drown the signal')
    .default(2),
  /** Largest noise on an average (a rate, a time), as a fraction of it. */
  relativeNoise: z
    .number({ error: 'relativeNoise must be a number' })
    .min(RELATIVE_NOISE_FLOOR, `relativeNoise cannot be lower than ${RELATIVE_NOISE_FLOOR}: noise cannot be turned off`)
    .max(0.2, 'relativeNoise above 0.2 would drown the signal')
    .default(0.05),
  /** Largest noise on a count, in units. */
  countNoise: z
    .number({ error: 'countNoise must be a number' })
    .int('countNoise must be a whole number')
    .min(COUNT_NOISE_FLOOR, `countNoise cannot be lower than ${COUNT_NOISE_FLOOR}: noise cannot be turned off`)
    .max(5, 'countNoise above 5 would drown the signal')
    .default(2),
  /** Seeds the noise, so the same figure always gets the same noise and asking again reveals nothing new. */
  noiseSecret: z
    .string({ error: 'noiseSecret must be text' })
    .min(16, 'noiseSecret needs at least 16 characters: it keeps the noise unpredictable'),
  /** How many complete calendar months a lead's view covers. */
  windowMonths: z.number().int().min(1).max(24).default(6),
});

export type PrivacyConfig = Readonly<z.output<typeof schema>>;
export type PrivacyConfigInput = z.input<typeof schema>;

export class PrivacyConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`insights privacy settings refused: ${problems.join('; ')}`);
    this.name = 'PrivacyConfigError';
  }
}

export function privacyConfig(input: unknown): PrivacyConfig {
  const r = schema.safeParse(input);
  if (!r.success) throw new PrivacyConfigError(r.error.issues.map((i) => i.message));
  if (r.data.minPeopleFreeText < r.data.minPeople) {
    throw new PrivacyConfigError(['minPeopleFreeText cannot be lower than minPeople']);
  }
  return Object.freeze(r.data);
}

/** The group size a metric needs before it reaches a lead. */
export function thresholdFor(config: PrivacyConfig, textDerived: boolean): number {
  return textDerived ? config.minPeopleFreeText : config.minPeople;
}
