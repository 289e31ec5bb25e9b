// Per-metric sums as the roll-ups keep them: [quests with a value, sum of values, sum of squares], enough for a mean
// and a standard error. Running totals are stored packed: three float64 per metric in METRIC_IDS order (the same
// append-only order the people masks use), so a dashboard reads raw bytes instead of formatting and parsing text.
import { METRIC_IDS, type MetricId } from './metrics/metric-catalogue.ts';

export type MetricSumsJson = Partial<Record<MetricId, [number, number, number]>>;

/** Adds b into a, in place, with sign +1 or -1; keyed lookups, as Object.entries would allocate per metric. */
export function addMetricSums(a: MetricSumsJson, b: MetricSumsJson, sign: 1 | -1 = 1): MetricSumsJson {
  for (const id of METRIC_IDS) {
    const v = b[id];
    if (!v) continue;
    const t = a[id] ?? [0, 0, 0];
    t[0] += sign * v[0];
    t[1] += sign * v[1];
    t[2] += sign * v[2];
    a[id] = t;
  }
  return a;
}

/** The sums of a set of quests' values. */
export function sumsOfValues(quests: readonly Partial<Record<MetricId, number>>[]): MetricSumsJson {
  const sums: MetricSumsJson = {};
  for (const values of quests) {
    for (const id of METRIC_IDS) {
      const v = values[id];
      if (v === undefined) continue;
      const t = sums[id] ?? [0, 0, 0];
      t[0] += 1;
      t[1] += v;
      t[2] += v * v;
      sums[id] = t;
    }
  }
  return sums;
}

const SLOTS = 3;

/** Sums packed as float64s: [n, sum, sum of squares] for each metric in METRIC_IDS order. */
export function packSums(sums: MetricSumsJson): Buffer {
  const out = new Float64Array(METRIC_IDS.length * SLOTS);
  METRIC_IDS.forEach((id, i) => {
    const v = sums[id];
    if (!v) return;
    out[i * SLOTS] = v[0];
    out[i * SLOTS + 1] = v[1];
    out[i * SLOTS + 2] = v[2];
  });
  return Buffer.from(out.buffer);
}

/** Unpacks sums; metrics added to the catalogue after the row was written read as absent. */
export function unpackSums(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 8));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Float64Array(copy.buffer);
}

/** a minus b, as sums by metric; metrics with no quests left are absent. */
export function differenceOf(a: Float64Array, b: Float64Array | null): MetricSumsJson {
  const out: MetricSumsJson = {};
  METRIC_IDS.forEach((id, i) => {
    const k = i * SLOTS;
    const n = (a[k] ?? 0) - (b?.[k] ?? 0);
    if (n <= 0) return;
    out[id] = [n, (a[k + 1] ?? 0) - (b?.[k + 1] ?? 0), (a[k + 2] ?? 0) - (b?.[k + 2] ?? 0)];
  });
  return out;
}

/** a minus b, slot by slot, still packed. */
export function subtractPacked(a: Float64Array, b: Float64Array | null): Float64Array {
  const out = new Float64Array(METRIC_IDS.length * SLOTS);
  for (let k = 0; k < out.length; k++) out[k] = (a[k] ?? 0) - (b?.[k] ?? 0);
  return out;
}

/** Sums by metric as packed float64s (for code that adds many of them up). */
export function packedOf(sums: MetricSumsJson): Float64Array {
  return unpackSums(packSums(sums));
}

export const SUM_SLOTS = SLOTS;
