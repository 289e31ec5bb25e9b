// Every team metric insights computes, with what the privacy layer and the report need to know about it: its unit,
// whether it reads free text (heuristic, and shown only over larger groups), which direction is healthier, and the
// smallest change worth calling a change. docs/METRICS.md explains each one: formula, signal, source.

export type MetricUnit =
  /** A proportion in [0, 1]: published as a clamped percentage and in words. */
  | 'share'
  /** A [0, 1] index that is not a proportion of anything (a Gini, an evenness): published clamped, in words. */
  | 'index'
  | 'per_minute'
  | 'seconds'
  /** A difference of two rates, in [-1, 1]: published in words only. */
  | 'difference';

export type MetricFamily =
  | 'turn_taking'
  | 'exchange'
  | 'inquiry'
  | 'listening'
  | 'dissent'
  | 'interest'
  | 'pooling'
  | 'protocol'
  | 'escalation'
  | 'withdrawal'
  | 'bridging'
  | 'moments';

export interface MetricDefinition {
  family: MetricFamily;
  /** What a lead reads, e.g. "questions among all turns". */
  label: string;
  unit: MetricUnit;
  /** Read from free text: heuristic, and shown to leads only over the larger free-text group size. */
  textDerived: boolean;
  /** Which direction is healthier; 'neither' when more is not simply better. */
  better: 'higher' | 'lower' | 'neither';
  /** The smallest difference that counts as a change, in the metric's unit. */
  minEffect: number;
}

const share = (family: MetricFamily, label: string, better: 'higher' | 'lower' | 'neither', textDerived = false) =>
  ({ family, label, unit: 'share', textDerived, better, minEffect: 0.1 }) as const;

export const METRICS = {
  turn_gini: {
    family: 'turn_taking',
    label: 'inequality of turns',
    unit: 'index',
    textDerived: false,
    better: 'lower',
    minEffect: 0.1,
  },
  exchange_rate: {
    family: 'exchange',
    label: 'exchanges per minute',
    unit: 'per_minute',
    textDerived: false,
    better: 'higher',
    minEffect: 0.5,
  },
  pair_evenness: {
    family: 'exchange',
    label: 'how evenly exchanges spread across pairs',
    unit: 'index',
    textDerived: false,
    better: 'higher',
    minEffect: 0.1,
  },
  engagement: {
    family: 'exchange',
    label: 'engagement (exchanges per pair, weighted by evenness)',
    unit: 'per_minute',
    textDerived: false,
    better: 'higher',
    minEffect: 0.5,
  },
  hub_share: share('exchange', 'exchanges that run through the most connected person', 'lower'),
  question_share: share('inquiry', 'questions among turns', 'higher'),
  follow_up_share: share('inquiry', 'questions that follow up on the previous speaker', 'higher'),
  reply_seconds: {
    family: 'listening',
    label: 'time to a first reply',
    unit: 'seconds',
    textDerived: false,
    better: 'lower',
    minEffect: 5,
  },
  unanswered_share: share('listening', 'bids left unanswered', 'lower'),
  dissent_before_vote: share('dissent', 'proposals where someone else raised a risk or objection before the vote', 'higher'),
  interest_share_structured: share('interest', 'interest-based moves (structured moves only)', 'higher'),
  interest_share: share('interest', 'interest-based moves (with free-text cues)', 'higher', true),
  interest_reciprocity: share('interest', 'interest-based moves answered in kind', 'higher'),
  pooling_in_time: share('pooling', 'hidden challenges solved before the decision that needed them', 'higher'),
  intel_before_decision: share('pooling', 'key intel cards pooled before the decision that needed them', 'higher'),
  protocol_named: share('protocol', 'decisions with a concrete risk named', 'higher'),
  protocol_priced: share('protocol', 'decisions with a risk priced (probability and cost)', 'higher'),
  protocol_bearers: share('protocol', 'decisions voted for by those who bear the consequences', 'higher'),
  protocol_written_before: share('protocol', 'decisions with the trade-off written before the vote', 'higher'),
  protocol_full: share('protocol', 'decisions that followed the four steps in full', 'higher'),
  escalation_rate: share('escalation', 'messages with escalation cues', 'lower', true),
  repair_share: share('escalation', 'escalations followed by a check-in within three minutes', 'higher', true),
  repair_seconds: {
    family: 'escalation',
    label: 'time from escalation to a check-in',
    unit: 'seconds',
    textDerived: true,
    better: 'lower',
    minEffect: 20,
  },
  repair_change: {
    family: 'escalation',
    label: 'change in escalation cues after a check-in',
    unit: 'difference',
    textDerived: true,
    better: 'lower',
    minEffect: 0.1,
  },
  withdrawal_share: share('withdrawal', 'times someone went quiet after being overruled', 'lower'),
  bridging_share: share('bridging', 'contested decisions where someone amended another person’s proposal', 'higher'),
  deadline_turn_rate: {
    family: 'moments',
    label: 'turns per minute under deadline pressure',
    unit: 'per_minute',
    textDerived: false,
    better: 'neither',
    minEffect: 1,
  },
  open_turn_rate: {
    family: 'moments',
    label: 'turns per minute away from deadlines',
    unit: 'per_minute',
    textDerived: false,
    better: 'neither',
    minEffect: 1,
  },
  deadline_question_share: share('moments', 'questions among turns under deadline pressure', 'higher'),
  open_question_share: share('moments', 'questions among turns away from deadlines', 'higher'),
  deadline_unanswered_share: share('moments', 'bids left unanswered under deadline pressure', 'lower'),
  open_unanswered_share: share('moments', 'bids left unanswered away from deadlines', 'lower'),
  deadline_interest_share: share('moments', 'interest-based moves under deadline pressure', 'higher'),
  open_interest_share: share('moments', 'interest-based moves away from deadlines', 'higher'),
  contested_turn_rate: {
    family: 'moments',
    label: 'turns per minute while a decision is contested',
    unit: 'per_minute',
    textDerived: false,
    better: 'neither',
    minEffect: 1,
  },
  settled_turn_rate: {
    family: 'moments',
    label: 'turns per minute while nothing is contested',
    unit: 'per_minute',
    textDerived: false,
    better: 'neither',
    minEffect: 1,
  },
  contested_question_share: share('moments', 'questions among turns while a decision is contested', 'higher'),
  settled_question_share: share('moments', 'questions among turns while nothing is contested', 'higher'),
  contested_unanswered_share: share('moments', 'bids left unanswered while a decision is contested', 'lower'),
  settled_unanswered_share: share('moments', 'bids left unanswered while nothing is contested', 'lower'),
  contested_interest_share: share('moments', 'interest-based moves while a decision is contested', 'higher'),
  settled_interest_share: share('moments', 'interest-based moves while nothing is contested', 'higher'),
} as const satisfies Record<string, MetricDefinition>;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/** The metrics a dashboard leads with; the moment metrics feed the comparisons of where communication breaks down. */
export const HEADLINE_METRICS: readonly MetricId[] = [
  'turn_gini',
  'exchange_rate',
  'pair_evenness',
  'hub_share',
  'question_share',
  'follow_up_share',
  'reply_seconds',
  'unanswered_share',
  'dissent_before_vote',
  'interest_share_structured',
  'interest_share',
  'pooling_in_time',
  'intel_before_decision',
  'protocol_named',
  'protocol_priced',
  'protocol_bearers',
  'protocol_written_before',
  'protocol_full',
  'escalation_rate',
  'repair_share',
  'withdrawal_share',
  'bridging_share',
];
export const MOMENT_METRICS: readonly MetricId[] = METRIC_IDS.filter((id) => METRICS[id].family === 'moments');

/** A metric's bit in the people masks of the roll-ups: which metrics a person's data went into. */
export function metricBit(id: MetricId): number {
  const i = METRIC_IDS.indexOf(id);
  if (i < 0) throw new Error(`unknown metric '${id}'`);
  return i;
}

export function isMetricId(s: string): s is MetricId {
  return Object.hasOwn(METRICS, s);
}

export function definitionOf(id: MetricId): MetricDefinition {
  return METRICS[id];
}
