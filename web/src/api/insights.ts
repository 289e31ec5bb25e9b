// HTTP calls for team insights (docs/METRICS.md): a team lead's report, the organisation dashboard, a person's own
// page and their choice to share strengths. The shapes mirror server/insights/report/* and privacy/published.ts:
// every figure a lead sees has already been through the group-size rule, suppression, noise and clamping there.
import { signedInRequest } from './accounts.ts';

export type ShareWords = 'a few' | 'some' | 'about half' | 'many' | 'most';
export type WithheldReason = 'too_few_people' | 'protects_a_smaller_group' | 'no_data';
export type Better = 'higher' | 'lower' | 'neither';

export interface Withheld {
  kind: 'withheld';
  reason: WithheldReason;
}

export type Figure =
  | { kind: 'share'; percent: number; words: ShareWords }
  | { kind: 'index'; value: number; words: 'low' | 'moderate' | 'high' }
  | { kind: 'rate'; perMinute: number; words: 'under half a turn a minute' | null }
  | { kind: 'duration'; seconds: number }
  | { kind: 'direction'; words: 'lower' | 'about the same' | 'higher' }
  | Withheld;

export interface GroupSize {
  kind: 'group_size';
  atLeast: number;
}

export interface QuestCount {
  kind: 'count';
  about: number;
}

export interface Thresholds {
  minPeople: number;
  minPeopleFreeText: number;
}

export type UnitLevel = 'organisation' | 'group' | 'team';

export interface Scope {
  level: UnitLevel | 'unavailable';
  name: string;
}

export interface HeadlineItem {
  metric: string;
  label: string;
  heuristic: boolean;
  better: Better;
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

export type TrendVerdict = 'strengthening' | 'fraying' | 'rising' | 'falling' | 'steady' | 'not_enough_history';

export interface DynamicsItem {
  metric: string;
  label: string;
  scope: Scope;
  verdict: TrendVerdict;
  sentence: string;
}

export interface ChartSeries {
  metric: string;
  label: string;
  points: (number | null)[];
}

export interface SharedStrength {
  kind: 'shared_strength';
  name: string;
  highlights: string[];
  badges: string[];
}

export interface LeadReport {
  team: { id: string; name: string };
  window: { from: string; to: string };
  thresholds: Thresholds;
  groupSize: GroupSize | Withheld;
  headline: HeadlineItem[];
  breakdowns: { sentences: string[]; comparisons: MomentComparison[] };
  dynamics: { rule: string; items: DynamicsItem[]; chart: { periods: string[]; series: ChartSeries[] } | null };
  stepsUp: string[];
  sharedStrengths: SharedStrength[];
  notes: string[];
}

export interface PublishedUnit {
  id: string;
  name: string;
  level: UnitLevel;
  parent: string | null;
  quests: QuestCount | Withheld;
  groupSize: GroupSize | Withheld;
  figures: Partial<Record<string, Figure>>;
}

export interface OrgDashboard {
  window: { from: string; to: string };
  thresholds: Thresholds;
  metrics: { id: string; label: string; heuristic: boolean; better: Better }[];
  units: PublishedUnit[];
  notes: string[];
}

export interface OwnSeries {
  id: string;
  label: string;
  unit: 'count' | 'share' | 'ratio';
  better: Better;
  points: { questId: string; endedAt: number; value: number | null }[];
  recentMean: number | null;
  earlierMean: number | null;
  verdict: TrendVerdict;
  sentence: string;
}

export interface XpSummary {
  total: number;
  level: number;
  nextLevelAt: number | null;
  badges: { id: string; title: string; earnedAt: number; questId: string }[];
  history: { questId: string; endedAt: number; xp: number; byBehaviour: Record<string, number> }[];
  habits: Record<string, { quests: number; moves: number }>;
}

export interface XpRules {
  behaviours: { id: string; label: string; points: number; capPerQuest: number }[];
  badges: { id: string; title: string; behaviour: string; rule: 'quests' | 'moves'; needed: number }[];
}

export interface StrengthHighlight {
  behaviour: string;
  label: string;
  quests: number;
  of: number;
}

export interface SharingChoice {
  teamId: string;
  sharedAt: string;
}

export interface PersonalInsights {
  quests: number;
  xp: XpSummary;
  xpRules: XpRules;
  strengths: StrengthHighlight[];
  measures: OwnSeries[];
  rule: string;
  sharedWith: SharingChoice[];
}

const at = encodeURIComponent;

export const insightsApi = {
  team: (teamId: string) => signedInRequest<LeadReport>('GET', `/api/teams/${at(teamId)}/insights`),
  organisation: (orgId: string) => signedInRequest<OrgDashboard>('GET', `/api/orgs/${at(orgId)}/insights`),
  mine: () => signedInRequest<PersonalInsights>('GET', '/api/me/insights'),
  share: (teamId: string, share: boolean) =>
    signedInRequest<{ sharedWith: SharingChoice[] }>('PUT', '/api/me/insights/sharing', { teamId, share }),
};
