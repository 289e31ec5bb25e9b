// The published scales the ledger scores on. RICE's impact and confidence ladders are Intercom's (2016); the WSJF
// ladder is SAFe's modified Fibonacci. Keeping them as data lets inputs be checked against them and explanations
// name each step in words ("2 (high)").

export const RICE_IMPACT = { 3: 'massive', 2: 'high', 1: 'medium', 0.5: 'low', 0.25: 'minimal' } as const;
export const RICE_IMPACT_LEVELS = [3, 2, 1, 0.5, 0.25] as const;
export type RiceImpact = (typeof RICE_IMPACT_LEVELS)[number];

/** Confidence in per cent: 100 high (data for everything), 80 medium, 50 low (mostly guesses). */
export const RICE_CONFIDENCE_LEVELS = [100, 80, 50] as const;
export type RiceConfidence = (typeof RICE_CONFIDENCE_LEVELS)[number];

/** Intercom: "use whole numbers and a minimum of half a month"; the minimum keeps tiny items from dividing by ~0. */
export const RICE_MIN_EFFORT = 0.5;

export const ICE_MIN = 1;
export const ICE_MAX = 10;

export const WSJF_LADDER = [1, 2, 3, 5, 8, 13, 20] as const;
export type WsjfStep = (typeof WSJF_LADDER)[number];

export function riceImpactWord(impact: number): string {
  return RICE_IMPACT[impact as RiceImpact] ?? 'off the scale';
}

export function isRiceImpact(n: number): n is RiceImpact {
  return (RICE_IMPACT_LEVELS as readonly number[]).includes(n);
}

export function isRiceConfidence(n: number): n is RiceConfidence {
  return (RICE_CONFIDENCE_LEVELS as readonly number[]).includes(n);
}

export function isWsjfStep(n: number): n is WsjfStep {
  return (WSJF_LADDER as readonly number[]).includes(n);
}

/** The ladder step nearest to a value (ties go up, so a risk never rounds down to look smaller). */
export function nearestWsjfStep(value: number): WsjfStep {
  let best: WsjfStep = WSJF_LADDER[0];
  for (const step of WSJF_LADDER) if (Math.abs(step - value) <= Math.abs(best - value)) best = step;
  return best;
}
