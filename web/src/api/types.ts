// The shapes the server answers with, as docs/API.md describes them. Quest state itself is the engine's QuestView;
// the client imports engine types only, never engine or server code.
import type { PlayerCommandInput, QuestView, SeatEvent } from '../../../engine/index.ts';

export type { QuestView };

export type BotPersona = 'collaborative' | 'positional' | 'quiet';
export type SeatChoice = string;

export interface RoleSummary {
  id: string;
  name: string;
  title: string;
  brief: string;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  practises: string[];
  minutes: number;
  sceneCount: number;
  roles: RoleSummary[];
}

export type Occupant = { playerId: string; name: string; connected: boolean } | { bot: BotPersona } | null;

export interface LobbySeat {
  role: string;
  name: string;
  title: string;
  occupant: Occupant;
}

export interface LobbyPlayer {
  id: string;
  name: string;
  seat: SeatChoice | null;
  connected: boolean;
  host: boolean;
}

export type QuestStatus = 'lobby' | 'running' | 'paused' | 'finished';

export interface Lobby {
  questId: string;
  invite: string;
  scenarioId: string;
  status: QuestStatus;
  hostId: string;
  seats: LobbySeat[];
  players: LobbyPlayer[];
  graceSeconds: number;
}

export interface PlayerCredentials {
  id: string;
  token: string;
  name: string;
}

export interface InviteInfo {
  questId: string;
  status: QuestStatus;
  scenario: Omit<ScenarioSummary, 'practises' | 'sceneCount'> & Partial<Pick<ScenarioSummary, 'practises' | 'sceneCount'>>;
}

export type FeedEvent = SeatEvent;

export interface SeenEvent {
  seq: number;
  event: FeedEvent;
}

export interface QuestSnapshot {
  lobby: Lobby;
  version: number;
  view: QuestView | null;
}

/**
 * `quest:update`: the events since the previous update and the seat's view, whole (a socket's first update) or as
 * the parts that changed since the view the server last sent this socket (`base`, that view's version).
 */
export type QuestUpdate = { version: number; events: SeenEvent[] } & (
  | { view: QuestView | null }
  | { base: number; changes: Partial<QuestView> }
);

export interface Debrief {
  view: QuestView;
  timeline: { seq: number; at: number; kind: string; text: string }[];
  framework: { step: string; used: boolean; evidence: string[] }[];
}

export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'not_allowed'
  | 'conflict'
  | 'rate_limited'
  | 'too_large'
  | 'finished'
  | 'wrong_phase'
  | 'too_early'
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'read_only'
  | 'csrf'
  | 'gone';

export interface ServerError {
  code: ErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
}

export type Ack<T = object> = ({ ok: true; version: number } & T) | { ok: false; error: ServerError };

/** What the client sends as `quest:command`: an engine command without `at` (the server stamps time). */
type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;
export type FacilitatorCommand =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'extend'; seconds: number }
  | { type: 'end'; reason?: string };
export type ClientCommand = WithoutAt<PlayerCommandInput> | FacilitatorCommand;
