// A player's own page: their behaviours quest by quest, each against their own past (never against anyone else),
// their XP, badges and strengths. Only the person themself ever receives this.
import type { PersonFacts } from '../metrics/family-result.ts';
import {
  BADGES,
  type BadgeId,
  BEHAVIOUR_IDS,
  BEHAVIOURS,
  type Behaviour,
  type StrengthHighlight,
  strengthsOf,
  type XpSummary,
  xpSummary,
} from '../xp/strengths-xp.ts';
import { MIN_BASELINE_QUESTS, MIN_RECENT_QUESTS, type TrendVerdict, trendOf } from './trend.ts';

export interface OwnQuest {
  questId: string;
  endedAt: number;
  facts: PersonFacts;
  /** Everyone's turns in the quest, and how many people took part: to compare a share of turns with an even share. */
  questTurns: number;
  people: number;
}

interface OwnMeasure {
  id: string;
  label: string;
  unit: 'count' | 'share' | 'ratio';
  better: 'higher' | 'lower' | 'neither';
  minEffect: number;
  value(q: OwnQuest): number | null;
}

const per = (a: number, b: number) => (b > 0 ? a / b : null);

export const OWN_MEASURES: readonly OwnMeasure[] = [
  {
    id: 'turn_share',
    label: 'your share of turns against an even share (1 = even)',
    unit: 'ratio',
    better: 'neither',
    minEffect: 0.25,
    value: (q) => (q.questTurns > 0 && q.people > 0 ? q.facts.turns / (q.questTurns / q.people) : null),
  },
  {
    id: 'questions',
    label: 'questions you asked',
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.questions,
  },
  {
    id: 'follow_ups',
    label: 'follow-up questions on what someone just said',
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.followUps,
  },
  {
    id: 'bids_answered',
    label: 'your bids that got an answer',
    unit: 'share',
    better: 'higher',
    minEffect: 0.1,
    value: (q) => per(q.facts.bidsAnswered, q.facts.bids),
  },
  {
    id: 'interest_share',
    label: 'your moves that were interest-based',
    unit: 'share',
    better: 'higher',
    minEffect: 0.1,
    value: (q) => per(q.facts.interestMoves, q.facts.interestMoves + q.facts.positionalMoves),
  },
  {
    id: 'intel_shared',
    label: 'intel cards you shared',
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.cardsShared,
  },
  {
    id: 'risks_priced',
    label: 'risks you priced',
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.risksPriced,
  },
  {
    id: 'needs_named',
    label: 'needs you named',
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.needsNamed,
  },
  {
    id: 'concerns_raised',
    label: 'concerns you raised before a vote',
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.dissentRaised,
  },
  {
    id: 'bridges',
    label: "times you amended someone else's proposal toward agreement",
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.bridges,
  },
  {
    id: 'heated_check_ins',
    label: 'check-ins you called when it heated up',
    unit: 'count',
    better: 'higher',
    minEffect: 1,
    value: (q) => q.facts.heatedCheckIns,
  },
  {
    id: 'quiet_after_overruled',
    label: 'times you went quiet after being overruled',
    unit: 'share',
    better: 'lower',
    minEffect: 0.25,
    value: (q) => per(q.facts.withdrawals, q.facts.overruled),
  },
];

export interface OwnSeries {
  id: string;
  label: string;
  unit: OwnMeasure['unit'];
  better: OwnMeasure['better'];
  points: { questId: string; endedAt: number; value: number | null }[];
  recentMean: number | null;
  earlierMean: number | null;
  verdict: TrendVerdict;
  sentence: string;
}

/** How XP is earned, so the page can name each behaviour and say what a badge still needs. */
export interface XpRules {
  behaviours: { id: Behaviour; label: string; points: number; capPerQuest: number }[];
  badges: { id: BadgeId; title: string; behaviour: Behaviour; rule: 'quests' | 'moves'; needed: number }[];
}

export const XP_RULES: XpRules = {
  behaviours: BEHAVIOUR_IDS.map((id) => {
    const b = BEHAVIOURS[id];
    return { id, label: b.label, points: b.points, capPerQuest: b.capPerQuest };
  }),
  badges: (Object.keys(BADGES) as BadgeId[]).map((id) => {
    const b = BADGES[id];
    return { id, title: b.title, behaviour: b.behaviour, rule: b.rule, needed: b.needed };
  }),
};

export interface PersonalReport {
  quests: number;
  xp: XpSummary;
  xpRules: XpRules;
  strengths: StrengthHighlight[];
  measures: OwnSeries[];
  rule: string;
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}

function sentenceFor(m: OwnMeasure, verdict: TrendVerdict, recent: number | null, earlier: number | null): string {
  const fmt = (x: number | null) =>
    x === null ? '–' : m.unit === 'share' ? `${Math.round(x * 100)}%` : (Math.round(x * 10) / 10).toString();
  switch (verdict) {
    case 'not_enough_history':
      return `A few more quests and you will see how ${m.label} changes.`;
    case 'steady':
      return `${capital(m.label)}: steady, ${fmt(recent)} a quest lately against ${fmt(earlier)} before.`;
    default: {
      const moved = (recent ?? 0) > (earlier ?? 0) ? 'up' : 'down';
      const tone = verdict === 'strengthening' ? ' Nice work.' : verdict === 'fraying' ? ' Worth a look in your next quest.' : '';
      const last = `in your last ${MIN_RECENT_QUESTS} quests`;
      return `${capital(m.label)}: ${moved}, ${fmt(recent)} ${last} against ${fmt(earlier)} before.${tone}`;
    }
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function personalReport(quests: readonly OwnQuest[]): PersonalReport {
  const ordered = [...quests].sort((a, b) => a.endedAt - b.endedAt || (a.questId < b.questId ? -1 : 1));
  const measures = OWN_MEASURES.map((m): OwnSeries => {
    const points = ordered.map((q) => ({ questId: q.questId, endedAt: q.endedAt, value: round(m.value(q)) }));
    const values = ordered.flatMap((q) => {
      const v = m.value(q);
      return v === null ? [] : [v];
    });
    const recent = values.slice(-MIN_RECENT_QUESTS);
    const baseline = values.slice(Math.max(0, values.length - MIN_RECENT_QUESTS - 12), values.length - MIN_RECENT_QUESTS);
    const t = trendOf(m, baseline, recent);
    return {
      id: m.id,
      label: m.label,
      unit: m.unit,
      better: m.better,
      points,
      recentMean: round(t.recentMean),
      earlierMean: round(t.baselineMean),
      verdict: t.verdict,
      sentence: sentenceFor(m, t.verdict, t.recentMean, t.baselineMean),
    };
  });
  const xpQuests = ordered.map((q) => ({ questId: q.questId, endedAt: q.endedAt, facts: q.facts }));
  return {
    quests: ordered.length,
    xp: xpSummary(xpQuests),
    xpRules: XP_RULES,
    strengths: strengthsOf(xpQuests),
    measures,
    rule:
      `Your last ${MIN_RECENT_QUESTS} quests are compared with up to 12 before them (at least ${MIN_BASELINE_QUESTS}); ` +
      'a change counts when it is larger than the smallest change worth noticing and than twice its standard error, ' +
      `and each of the last ${MIN_RECENT_QUESTS} quests sits on the same side.`,
  };
}
