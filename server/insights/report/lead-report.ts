// What a team lead sees: where communication breaks down, who steps up when priorities conflict (as strengths,
// nameless unless the person chose to share), which dynamics are strengthening or fraying, all against the team's
// own past and never against other teams. Pure: it reads roll-ups and returns plain sentences and chart data built
// only from published figures, so nothing in it is finer than what the privacy layer let through.
import type { PersonFacts } from '../metrics/family-result.ts';
import {
  definitionOf,
  HEADLINE_METRICS,
  METRICS,
  type MetricId,
  MOMENT_METRICS,
  metricBit,
} from '../metrics/metric-catalogue.ts';
import { type PrivacyConfig, thresholdFor } from '../privacy/privacy-config.ts';
import {
  chartValue,
  type Figure,
  type GroupSize,
  publishFigure,
  publishSharedStrength,
  type SharedStrength,
  type Withheld,
  withheld,
} from '../privacy/published.ts';
import { periodsOf } from '../privacy/time-buckets.ts';
import { BADGES, strengthsOf, xpSummary } from '../xp/strengths-xp.ts';
import type { OrgWindow, QuestRecord, SharedPerson, UnitHistory, UnitLevel } from './inputs.ts';
import { type PublishedUnit, publishTree } from './published-tree.ts';
import { splitRecent } from './recent-split.ts';
import { metricTrend, TREND_RULE, type TrendVerdict } from './trend.ts';

export interface Scope {
  level: UnitLevel | 'unavailable';
  name: string;
}

export interface HeadlineItem {
  metric: MetricId;
  label: string;
  heuristic: boolean;
  /** Which direction is healthier, so a page can say what a figure means without knowing every metric. */
  better: 'higher' | 'lower' | 'neither';
  scope: Scope;
  figure: Figure;
}

export interface MomentComparison {
  measure: string;
  moment: string;
  otherwise: string;
  scope: Scope;
  inMoment: Figure;
  rest: Figure;
}

export interface DynamicsItem {
  metric: MetricId;
  label: string;
  scope: Scope;
  verdict: TrendVerdict;
  sentence: string;
}

export interface ChartSeries {
  metric: MetricId;
  label: string;
  points: (number | null)[];
}

export interface LeadReport {
  team: { id: string; name: string };
  window: { from: string; to: string };
  /** The group sizes in force: figures reach this page only over at least this many consenting people. */
  thresholds: Thresholds;
  groupSize: GroupSize | Withheld;
  headline: HeadlineItem[];
  breakdowns: { sentences: string[]; comparisons: MomentComparison[] };
  dynamics: { rule: string; items: DynamicsItem[]; chart: { periods: string[]; series: ChartSeries[] } | null };
  stepsUp: string[];
  sharedStrengths: SharedStrength[];
  notes: string[];
}

export interface Thresholds {
  minPeople: number;
  /** For heuristic figures read from free text. */
  minPeopleFreeText: number;
}

export function thresholdsOf(config: PrivacyConfig): Thresholds {
  return { minPeople: config.minPeople, minPeopleFreeText: config.minPeopleFreeText };
}

export interface LeadReportInput {
  config: PrivacyConfig;
  org: OrgWindow;
  team: { id: string; name: string };
  /** The team's quests in the window, oldest first. */
  teamQuests: readonly QuestRecord[];
  /** Recent quests of the team and of every unit above it, for trends where the team alone is too small. */
  histories: readonly UnitHistory[];
  /** People of this team who chose to share their strengths with its leads. */
  shared: readonly SharedPerson[];
}

const MOMENTS = [
  {
    prefix: 'deadline',
    rest: 'open',
    moment: 'in the last minute before a deadline',
    otherwise: 'the rest of the discussion',
    against: 'in the rest of the discussion',
  },
  {
    prefix: 'contested',
    rest: 'settled',
    moment: 'while a decision is contested',
    otherwise: 'when nothing is contested',
    against: 'when nothing is contested',
  },
] as const;

const MEASURES = [
  { suffix: 'unanswered_share', measure: 'bids left unanswered', worse: 'higher' },
  { suffix: 'question_share', measure: 'questions among turns', worse: 'lower' },
  { suffix: 'interest_share', measure: 'interest-based moves', worse: 'lower' },
  { suffix: 'turn_rate', measure: 'turns per minute', worse: 'lower' },
] as const;

function scopeOf(unit: PublishedUnit | undefined): Scope {
  return unit
    ? { level: unit.level, name: unit.name }
    : { level: 'unavailable', name: 'too few people anywhere in the organisation' };
}

function figureText(f: Figure): string {
  switch (f.kind) {
    case 'share':
      return `${f.words} (about ${f.percent}%)`;
    case 'index':
      return `${f.words} (${f.value.toFixed(2)})`;
    case 'rate':
      return f.words ?? `about ${f.perMinute.toFixed(1)} a minute`;
    case 'duration':
      return `about ${f.seconds} s`;
    case 'direction':
      return f.words;
    case 'withheld':
      return 'not shown';
  }
}

function where(scope: Scope): string {
  if (scope.level === 'team') return 'On this team';
  if (scope.level === 'group') return `Across ${scope.name} (this team alone is too small to show)`;
  if (scope.level === 'organisation') return `Across ${scope.name} (this team is too small to show on its own)`;
  return 'Nowhere large enough';
}

function momentSentences(unitOf: (m: MetricId) => PublishedUnit | undefined) {
  const comparisons: MomentComparison[] = [];
  const sentences: string[] = [];
  for (const mo of MOMENTS) {
    for (const me of MEASURES) {
      const a = `${mo.prefix}_${me.suffix}` as MetricId;
      const b = `${mo.rest}_${me.suffix}` as MetricId;
      const ua = unitOf(a);
      const ub = unitOf(b);
      // Both sides must come from the same unit, or the comparison would mix groups.
      if (!ua || !ub || ua.id !== ub.id) continue;
      const fa = ua.figures[a] ?? withheld('no_data');
      const fb = ub.figures[b] ?? withheld('no_data');
      const scope = scopeOf(ua);
      comparisons.push({ measure: me.measure, moment: mo.moment, otherwise: mo.otherwise, scope, inMoment: fa, rest: fb });
      const va = chartValue(fa);
      const vb = chartValue(fb);
      if (va === null || vb === null) continue;
      const def = definitionOf(a);
      const gap = def.unit === 'share' ? (va - vb) / 100 : va - vb;
      if (Math.abs(gap) < def.minEffect) continue;
      const worse = me.worse === 'higher' ? gap > 0 : gap < 0;
      if (!worse) continue;
      sentences.push(
        `${where(scope)}, communication strains ${mo.moment}: ${me.measure} ${figureText(fa)} ` +
          `against ${figureText(fb)} ${mo.against}.`,
      );
    }
  }
  return { comparisons, sentences };
}

const VERDICT_WORDS: Record<TrendVerdict, string> = {
  strengthening: 'strengthening',
  fraying: 'fraying',
  rising: 'rising',
  falling: 'falling',
  steady: 'steady: recent quests are within the usual range',
  not_enough_history: 'not enough quests yet to tell a change from noise',
};

function dynamics(input: LeadReportInput, unitOf: (m: MetricId) => PublishedUnit | undefined): DynamicsItem[] {
  const items: DynamicsItem[] = [];
  for (const metric of HEADLINE_METRICS) {
    const unit = unitOf(metric);
    if (!unit) continue;
    const history = input.histories.find((h) => h.unitId === unit.id);
    const threshold = thresholdFor(input.config, definitionOf(metric).textDerived);
    const split = history ? splitRecent(history.quests, metric, threshold) : null;
    const verdict = split ? metricTrend(metric, split.baseline, split.recent).verdict : 'not_enough_history';
    const scope = scopeOf(unit);
    items.push({
      metric,
      label: METRICS[metric].label,
      scope,
      verdict,
      sentence: `${where(scope)}, ${METRICS[metric].label} is ${VERDICT_WORDS[verdict]}.`,
    });
  }
  return items;
}

/** Per-period chart data for the team itself, only where the team alone clears the threshold for the metric. */
function chart(input: LeadReportInput, unitOf: (m: MetricId) => PublishedUnit | undefined) {
  const months = input.org.window.months;
  const byMonth = new Map<string, Set<string>>(months.map((m) => [m, new Set()]));
  for (const q of input.teamQuests) for (const p of q.people.keys()) byMonth.get(q.month)?.add(p);
  const periods = periodsOf(
    months.map((m) => ({ month: m, people: byMonth.get(m) ?? new Set() })),
    input.config.minPeople,
  );
  if (!periods) return null;
  const series: ChartSeries[] = [];
  for (const metric of HEADLINE_METRICS) {
    const def = definitionOf(metric);
    if (unitOf(metric)?.id !== input.team.id) continue;
    // Free-text metrics need larger periods than the chart's; they are shown as a window figure only.
    if (def.textDerived) continue;
    const bit = 1n << BigInt(metricBit(metric));
    const points = periods.map((p) => {
      const inPeriod = input.teamQuests.filter((q) => p.months.includes(q.month));
      const values = inPeriod.flatMap((q) => q.values[metric] ?? []);
      const subjects = new Set(inPeriod.flatMap((q) => [...q.people].filter(([, x]) => x.mask & bit).map(([id]) => id)));
      // A period can clear the threshold overall and still hold too few people for this metric (e.g. withdrawal).
      if (values.length === 0 || subjects.size < input.config.minPeople) return null;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const key = `${input.org.orgId}|${input.team.id}|${p.months[0]}..${p.months[p.months.length - 1]}`;
      return chartValue(publishFigure(input.config, metric, mean, key));
    });
    series.push({ metric, label: def.label, points });
  }
  return {
    periods: periods.map((p) => (p.months.length === 1 ? (p.months[0] as string) : `${p.months[0]}..${p.months.at(-1)}`)),
    series,
  };
}

const STEPS_UP: readonly { fact: keyof PersonFacts; verb: string }[] = [
  { fact: 'bridges', verb: 'bridged opposing proposals' },
  { fact: 'dissentRaised', verb: 'raised a concern before the vote' },
  { fact: 'heatedCheckIns', verb: 'called a check-in when it heated up' },
  { fact: 'risksPriced', verb: 'priced the risks of a trade-off' },
  { fact: 'needsNamed', verb: 'named what they needed' },
  { fact: 'keyCardsShared', verb: 'pooled intel the team needed' },
];

/** Someone's habits as strengths, without a name: "someone on this team bridged opposing proposals in 4 of 5 quests". */
function stepsUp(quests: readonly QuestRecord[]): string[] {
  const byPerson = new Map<string, PersonFacts[]>();
  for (const q of [...quests].sort((a, b) => b.endedAt - a.endedAt)) {
    for (const [p, x] of q.people) {
      const list = byPerson.get(p) ?? [];
      if (list.length < 5) list.push(x.facts);
      byPerson.set(p, list);
    }
  }
  const out: string[] = [];
  for (const s of STEPS_UP) {
    let best: { k: number; n: number } | null = null;
    let people = 0;
    for (const list of byPerson.values()) {
      const k = list.filter((f) => f[s.fact] > 0).length;
      if (k > 0) people++;
      if (list.length >= 3 && k >= 2 && k * 2 >= list.length && (!best || k > best.k || (k === best.k && list.length < best.n))) {
        best = { k, n: list.length };
      }
    }
    if (best) out.push(`Someone on this team ${s.verb} in ${best.k} of their ${best.n} most recent quests.`);
    else if (people >= 2) out.push(`More than one person on this team ${s.verb} at least once.`);
  }
  return out;
}

function sharedStrengths(input: LeadReportInput): SharedStrength[] {
  return input.shared.map((p) => {
    const strengths = strengthsOf(p.quests);
    const badges = xpSummary(p.quests).badges.map((b) => BADGES[b.id].title);
    return publishSharedStrength({ personId: p.personId, teamId: input.team.id }, input.team.id, {
      name: p.name,
      highlights: strengths.map((s) => `${s.label} (in ${s.quests} of ${s.of} recent quests)`),
      badges,
    });
  });
}

export function leadReport(input: LeadReportInput): LeadReport {
  const tree = publishTree(input.config, input.org, [...HEADLINE_METRICS, ...MOMENT_METRICS]);
  const units = new Map(tree.units.map((u) => [u.id, u]));
  const teamUnit = units.get(input.team.id);
  const unitOf = (metric: MetricId) => {
    const id = tree.sourceOf(input.team.id, metric);
    return id ? units.get(id) : undefined;
  };
  const headline: HeadlineItem[] = HEADLINE_METRICS.map((metric) => {
    const unit = unitOf(metric);
    return {
      metric,
      label: METRICS[metric].label,
      heuristic: definitionOf(metric).textDerived,
      better: definitionOf(metric).better,
      scope: scopeOf(unit),
      figure: unit ? (unit.figures[metric] ?? withheld('no_data')) : withheld(teamUnit ? 'too_few_people' : 'no_data'),
    };
  });
  const teamShown = teamUnit?.groupSize.kind === 'group_size';
  const notes = [
    `Figures cover ${tree.window.from} to ${tree.window.to} and groups of at least ${input.config.minPeople} people ` +
      `who take part (${input.config.minPeopleFreeText} for figures read from free text, marked heuristic). ` +
      'Small noise is added to every figure.',
    'Comparisons are with this team’s own past only.',
  ];
  if (!teamShown) notes.push('This team is too small on its own: its figures are pooled with its group or organisation.');
  return {
    team: input.team,
    window: tree.window,
    thresholds: thresholdsOf(input.config),
    groupSize: teamUnit?.groupSize ?? withheld('no_data'),
    headline,
    breakdowns: momentSentences(unitOf),
    dynamics: { rule: TREND_RULE, items: dynamics(input, unitOf), chart: teamShown ? chart(input, unitOf) : null },
    stepsUp: teamShown ? stepsUp(input.teamQuests) : [],
    sharedStrengths: sharedStrengths(input),
    notes,
  };
}
