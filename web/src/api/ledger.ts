// HTTP calls for a team's trade-off ledger (docs/LEDGER.md): the ranking, items, trade-off records, commitments and
// their alerts, sprints, the trust timeline, CSV import and practice quests. Same cookie, CSRF and errors as accounts.
import { signedInRequest as request, type Team } from './accounts.ts';
import type { PlayerCredentials } from './types.ts';

export type Method = 'rice' | 'ice' | 'wsjf';
export type ItemKind = 'feature' | 'debt';
export type ItemStatus = 'open' | 'done' | 'dropped';

export interface RiceInputs {
  reach?: number;
  impact?: number;
  confidence?: number;
  effort?: number;
}
export interface IceInputs {
  impact?: number;
  confidence?: number;
  ease?: number;
}
export interface WsjfInputs {
  businessValue?: number;
  timeCriticality?: number;
  riskReduction?: number;
  jobSize?: number;
}
export interface DebtTerms {
  extraHoursPerChange: number;
  changesPerSprint: number;
  loadedHourlyCost?: number;
  outageProbability: number;
  costPerOutage: number;
  principalHours: number;
  slows: string[];
}
export interface PricedRisk {
  text: string;
  probability: number;
  cost: number;
}

export interface LedgerItem {
  id: string;
  kind: ItemKind;
  title: string;
  description: string;
  externalKey: string | null;
  source: 'manual' | 'jira' | 'linear';
  status: ItemStatus;
  points: number | null;
  rice: RiceInputs;
  ice: IceInputs;
  wsjf: WsjfInputs;
  debt: DebtTerms | null;
  risks: PricedRisk[];
}
export type ItemFields = Omit<LedgerItem, 'id' | 'externalKey' | 'source'>;

export interface ScorePart {
  name: string;
  label: string;
  value: number;
  shown: string;
  source: 'entered' | 'derived';
  derivation?: string;
  side: 'demand' | 'cost';
}
export interface Explanation {
  method: Method;
  formula: string;
  sentence: string;
  parts: ScorePart[];
  score: number;
  exact: number;
}
export interface DebtInBusinessTerms {
  interestPerSprint: number;
  outageExposurePerQuarter: number;
  costPerQuarter: number;
  paybackSprints: number | null;
  sentences: { interest: string; exposure: string; payback: string; perQuarter: string };
  slowsTitles: string[];
}
export interface RankedItem {
  rank: number;
  itemId: string;
  title: string;
  kind: ItemKind;
  score: number;
  explanation: Explanation;
  debt: DebtInBusinessTerms | null;
}
export interface Ranking {
  method: Method;
  ranked: RankedItem[];
  unscored: { itemId: string; title: string; kind: ItemKind; missing: string[] }[];
}

export interface LedgerSettings {
  method: Method;
  iceRule: 'average' | 'product';
  sprintsPerQuarter: number;
  hoursPerPersonMonth: number;
  loadedHourlyCost: number;
  valuePerReachImpact: number;
  iceImpactTenAt: number;
  wsjfTwentyAt: number;
  qualityShare: number;
  qualityWindow: number;
  dueSoonDays: number;
}

export type BearerRole = 'pm' | 'engineering_lead' | 'other';
export interface Bearer {
  personId: string;
  name: string;
  role: BearerRole;
  bears: string;
}
export interface ConsideredOption {
  id: string;
  title: string;
  description: string;
  pros: string[];
  cons: string[];
}
export interface TradeOffContent {
  title: string;
  context: string;
  drivers: string[];
  options: ConsideredOption[];
  chosenOption: string | null;
  because: string;
  consequences: { good: string[]; bad: string[] };
  confirmation: string;
  risks: PricedRisk[];
  cleanup: { description: string; hours: number; dueOn: string } | null;
  bearers: Bearer[];
  consulted: string[];
  informed: string[];
}
export type TradeOffStatus = 'draft' | 'proposed' | 'accepted' | 'superseded';
export interface TradeOff {
  id: string;
  number: number;
  status: TradeOffStatus;
  revision: number;
  content: TradeOffContent;
  writtenAt: string;
  decidedAt: string | null;
  acceptedAt: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  createdBy: string;
  signOffs: { personId: string; revision: number; signedAt: string }[];
  pricedRisks: { text: string; probability: number; cost: number; emv: number; sentence: string }[];
  totalExpectedCost: number;
  awaitingSignOff: { personId: string; name: string }[];
  problemsBeforeProposing: string[];
}

export interface Commitment {
  id: string;
  title: string;
  ownerPersonId: string | null;
  ownerName: string;
  dueOn: string;
  tradeOffId: string | null;
  itemId: string | null;
  status: 'open' | 'honoured' | 'dropped';
  createdAt: string;
  closedAt: string | null;
  closeNote: string | null;
  renegotiations: { at: string; previousDueOn: string; newDueOn: string; reason: string; agreedBy: string[] }[];
}
export type AlertKind = 'due_soon' | 'slipping' | 'silently_deprioritised';
export interface CommitmentAlert {
  kind: AlertKind;
  commitmentId: string;
  title: string;
  ownerName: string;
  dueOn: string;
  message: string;
  deliveredAt: string | null;
}

export interface PlanEntry {
  itemId: string;
  itemTitle: string;
  kind: ItemKind;
  points: number;
  addedAt: string;
  addReason: string | null;
  removedAt: string | null;
  removeReason: string | null;
}
export interface Sprint {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  entries: PlanEntry[];
}
export interface SprintBudget {
  sprintId: string;
  name: string;
  capacity: number;
  plannedPoints: number;
  debtPoints: number;
  featurePoints: number;
  debtShare: number;
  underAgreedShare: boolean;
  overCapacity: boolean;
}
export interface QualityBudget {
  agreedShare: number;
  window: number;
  sprints: SprintBudget[];
  sprintsUnderInARow: number;
  warning: string | null;
}

export type TrustKind =
  | 'scope_change_without_discussion'
  | 'deadline_imposed_without_engineering'
  | 'dismissed_concern_caused_incident'
  | 'commitment_dropped'
  | 'commitment_renegotiated'
  | 'commitment_honoured'
  | 'trade_off_documented_before_decision'
  | 'engineering_in_discovery'
  | 'break_acknowledged';
export interface TrustTimeline {
  events: { at: string; kind: TrustKind; type: 'break' | 'repair'; text: string; source: string; ref: string }[];
  breaks: number;
  repairs: number;
}

export const IMPORT_FIELDS = [
  'key',
  'title',
  'description',
  'type',
  'labels',
  'points',
  'status',
  'reach',
  'impact',
  'confidence',
  'effort',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export interface ImportRequest {
  source: 'jira' | 'linear';
  csv: string;
  mapping?: Partial<Record<ImportField, string | null>>;
  dryRun?: boolean;
}
export interface ImportReport {
  dryRun: boolean;
  imported: number;
  items: { line: number; id: string | null; key: string | null; title: string; kind: ItemKind; status: ItemStatus }[];
  problems: { line: number; key: string | null; reasons: string[] }[];
  columns: Record<string, string | null>;
}

export interface PracticeRequest {
  itemIds: string[];
  capacity: number;
  method?: Method;
  thirdRole?: 'support' | 'design' | 'sales';
  teamName?: string;
}

const at = encodeURIComponent;
const base = (teamId: string) => `/api/teams/${at(teamId)}/ledger`;

export const ledgerApi = {
  team: (teamId: string) => request<{ team: Team }>('GET', `/api/teams/${at(teamId)}`).then((r) => r.team),

  settings: (teamId: string) =>
    request<{ settings: LedgerSettings; defaults: LedgerSettings }>('GET', `${base(teamId)}/settings`),
  saveSettings: (teamId: string, change: Partial<LedgerSettings>) =>
    request<{ settings: LedgerSettings }>('PUT', `${base(teamId)}/settings`, change).then((r) => r.settings),

  items: (teamId: string) => request<{ items: LedgerItem[] }>('GET', `${base(teamId)}/items`).then((r) => r.items),
  createItem: (teamId: string, item: ItemFields) =>
    request<{ item: LedgerItem }>('POST', `${base(teamId)}/items`, item).then((r) => r.item),
  updateItem: (teamId: string, itemId: string, item: Partial<ItemFields>) =>
    request<{ item: LedgerItem }>('PATCH', `${base(teamId)}/items/${at(itemId)}`, item).then((r) => r.item),
  ranking: (teamId: string, method?: Method) =>
    request<Ranking>('GET', `${base(teamId)}/scores${method ? `?method=${method}` : ''}`),

  tradeOffs: (teamId: string) => request<{ tradeOffs: TradeOff[] }>('GET', `${base(teamId)}/trade-offs`).then((r) => r.tradeOffs),
  tradeOff: (teamId: string, id: string) =>
    request<{ tradeOff: TradeOff }>('GET', `${base(teamId)}/trade-offs/${at(id)}`).then((r) => r.tradeOff),
  createTradeOff: (teamId: string, content: Partial<TradeOffContent> & { title: string }) =>
    request<{ tradeOff: TradeOff }>('POST', `${base(teamId)}/trade-offs`, { content }).then((r) => r.tradeOff),
  editTradeOff: (teamId: string, id: string, revision: number, content: Partial<TradeOffContent>) =>
    request<{ tradeOff: TradeOff }>('PATCH', `${base(teamId)}/trade-offs/${at(id)}`, { revision, content }).then(
      (r) => r.tradeOff,
    ),
  tradeOffStep: (teamId: string, id: string, step: 'propose' | 'sign-off' | 'accept' | 'supersede') =>
    request<{ tradeOff: TradeOff }>('POST', `${base(teamId)}/trade-offs/${at(id)}/${step}`, {}).then((r) => r.tradeOff),
  tradeOffExportPath: (teamId: string, id: string) => `${base(teamId)}/trade-offs/${at(id)}/export`,

  commitments: (teamId: string) =>
    request<{ commitments: Commitment[] }>('GET', `${base(teamId)}/commitments`).then((r) => r.commitments),
  createCommitment: (
    teamId: string,
    c: {
      title: string;
      ownerName: string;
      ownerPersonId: string | null;
      dueOn: string;
      tradeOffId: string | null;
      itemId: string | null;
    },
  ) => request<{ commitment: Commitment }>('POST', `${base(teamId)}/commitments`, c).then((r) => r.commitment),
  renegotiate: (teamId: string, id: string, change: { dueOn: string; reason: string; agreedBy: string[] }) =>
    request<{ commitment: Commitment }>('POST', `${base(teamId)}/commitments/${at(id)}/renegotiate`, change),
  honour: (teamId: string, id: string, note?: string) =>
    request<{ commitment: Commitment }>('POST', `${base(teamId)}/commitments/${at(id)}/honour`, note ? { note } : {}),
  drop: (teamId: string, id: string, reason: string) =>
    request<{ commitment: Commitment }>('POST', `${base(teamId)}/commitments/${at(id)}/drop`, { reason }),
  alerts: (teamId: string) => request<{ at: string; alerts: CommitmentAlert[] }>('GET', `${base(teamId)}/alerts`),

  trustTimeline: (teamId: string) => request<TrustTimeline>('GET', `${base(teamId)}/trust-timeline`),
  recordTrustEvent: (teamId: string, event: { kind: TrustKind; note: string }) =>
    request<unknown>('POST', `${base(teamId)}/trust-events`, event),

  sprints: (teamId: string) => request<{ sprints: Sprint[]; qualityBudget: QualityBudget }>('GET', `${base(teamId)}/sprints`),
  createSprint: (teamId: string, s: { name: string; startsOn: string; endsOn: string; capacity: number }) =>
    request<{ sprint: Sprint }>('POST', `${base(teamId)}/sprints`, s),
  planItem: (teamId: string, sprintId: string, entry: { itemId: string; points?: number; reason?: string }) =>
    request<{ sprint: Sprint }>('POST', `${base(teamId)}/sprints/${at(sprintId)}/items`, entry),
  unplanItem: (teamId: string, sprintId: string, itemId: string, reason?: string) =>
    request<{ sprint: Sprint }>(
      'POST',
      `${base(teamId)}/sprints/${at(sprintId)}/items/${at(itemId)}/remove`,
      reason ? { reason } : {},
    ),

  importItems: (teamId: string, body: ImportRequest) => request<ImportReport>('POST', `${base(teamId)}/import`, body),
  practiceQuest: (teamId: string, body: PracticeRequest) =>
    request<{ scenarioId: string; yaml: string }>('POST', `${base(teamId)}/practice-quest`, body),
  /** The same selection as a quest in the team, hosted by the signed-in person: POST /api/quests's answer. */
  startPracticeQuest: (teamId: string, body: PracticeRequest) =>
    request<{ questId: string; invite: string; player: PlayerCredentials }>('POST', `${base(teamId)}/practice/quests`, body),
};
