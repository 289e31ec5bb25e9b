// The state of one quest. Plain JSON (it is also the snapshot format), bounded in size whatever is said in the
// quest: chat lives only in the event log, the state keeps what the rules need.
import type { MetricId, Need } from './scenario-schema.ts';

export type RoleId = string;
export type Phase = 'briefing' | 'discussion' | 'consequences';
export type QuestStatus = 'ready' | 'running' | 'paused' | 'finished';
export type SeatKind = 'human' | 'bot';

export interface Seat {
  role: RoleId;
  kind: SeatKind;
  /** The bot persona when kind is 'bot' (or a human seat is covered by a bot). */
  persona?: string;
  covered?: boolean;
}

export interface Risk {
  text: string;
  probability: number;
  cost: number;
}

export type Choice = { option: string } | { items: string[] };

export interface Proposal {
  id: string;
  decision: string;
  author: RoleId;
  revision: number;
  /** Who wrote each revision; amendments by others are bridging moves. */
  amendedBy: RoleId[];
  choice: Choice;
  risks: Risk[];
  bearers: RoleId[];
  rationale: string;
  supports: RoleId[];
  objections: { role: RoleId; reason: string; revision: number }[];
  votes: Record<RoleId, 'yes' | 'no'>;
  status: 'open' | 'accepted' | 'superseded';
  at: number;
}

export interface DecisionRecord {
  decision: string;
  scene: string;
  choice: Choice;
  via: 'vote' | 'timeout' | 'facilitator';
  proposal?: string;
  at: number;
}

export interface PendingConsequence {
  key: string;
  dueScene: number;
  text: string;
}

export interface MetricPoint {
  at: number;
  scene: number;
  label: string;
  metrics: Record<MetricId, number>;
}

export interface SceneState {
  id: string;
  index: number;
  phase: Phase;
  startedAt: number;
  phaseEndsAt: number;
  checkInUsed: boolean;
  checkIn: { by: RoleId; until: number } | null;
  ready: RoleId[];
}

export interface QuestState {
  schema: 1;
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  /** mulberry32 state: every random draw is an event carrying the next value, so replay never re-rolls. */
  rng: number;
  version: number;
  clock: number;
  status: QuestStatus;
  pausedRemainingMs: number | null;
  seats: Seat[];
  scene: SceneState | null;
  metrics: Record<MetricId, number>;
  vars: Record<string, number | string>;
  /** card id -> 'team' once pooled, else the roles it was shown to privately. */
  shared: Record<string, 'team' | RoleId[]>;
  solved: string[];
  needsNamed: { by: RoleId; need: Need; of: RoleId }[];
  proposals: Proposal[];
  nextProposal: number;
  decisions: DecisionRecord[];
  pending: PendingConsequence[];
  risksFired: string[];
  checkIns: number;
  history: MetricPoint[];
  ending: { id: string; score: number; at: number; early: boolean } | null;
}
