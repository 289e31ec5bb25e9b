// The contract between quest play (server/quests, backed by server/store) and the transports (server/http,
// server/realtime). Transports authenticate, validate shapes and forward; every rule about who may do what in
// a lobby or a quest is decided behind this interface.
import type { QuestEvent, QuestView, SeatEvent } from '../../engine/index.ts';
import type { QuestPersonalDataSource } from './quest-personal-data.ts';

export type SeatChoice = string | 'spectator' | 'facilitator';
export type BotPersona = 'collaborative' | 'positional' | 'quiet';

export interface Player {
  id: string;
  questId: string;
  name: string;
  seat: SeatChoice | null;
  host: boolean;
}

export interface LobbySeat {
  role: string;
  name: string;
  title: string;
  occupant: { playerId: string; name: string; connected: boolean } | { bot: BotPersona } | null;
}

export interface Lobby {
  questId: string;
  invite: string;
  scenarioId: string;
  status: 'lobby' | 'running' | 'paused' | 'finished';
  hostId: string;
  seats: LobbySeat[];
  players: { id: string; name: string; seat: SeatChoice | null; connected: boolean; host: boolean }[];
  graceSeconds: number;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  practises: string[];
  minutes: number;
  sceneCount: number;
  roles: { id: string; name: string; title: string; brief: string }[];
}

/**
 * 'conflict' is a rule saying no (the seat is taken, the proposal is closed): sending the same thing again will not
 * help. 'busy' is a race lost: other writers kept appending first, nothing was applied, and trying again may work.
 */
export type ServiceError = {
  code: 'invalid' | 'not_found' | 'not_allowed' | 'conflict' | 'finished' | 'wrong_phase' | 'too_early' | 'rate_limited' | 'busy';
  message: string;
};
export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: ServiceError };

export interface SeenEvent {
  seq: number;
  event: SeatEvent;
}

export interface Debrief {
  view: QuestView;
  timeline: { seq: number; at: number; kind: string; text: string }[];
  framework: { step: string; used: boolean; evidence: string[] }[];
}

/** What changed in one quest: committed events (already durable) and the lobby when it changed. */
export interface QuestChange {
  questId: string;
  version: number;
  events: { seq: number; event: QuestEvent }[];
  lobbyChanged: boolean;
}

export interface QuestService {
  scenarios(): ScenarioSummary[];
  /**
   * personId links the host's player to a signed-in person; place (already checked by the caller) puts the quest in
   * that organisation, in a team or ad hoc (teamId null). Without a place the quest is ad hoc in the demo organisation,
   * as anonymous quests are.
   */
  createQuest(input: {
    scenarioId: string;
    hostName: string;
    seed?: number;
    personId?: string;
    place?: { orgId: string; teamId: string | null };
    /**
     * A scenario generated at run time (the ledger's practice quest) under scenarioId: compiled, refused with every
     * problem if it does not compile, and stored with the place's organisation so any process can load it again.
     * Needs a place. Never taken from a request body: only server code that generated the YAML passes it.
     */
    generated?: { yaml: string };
  }): Promise<Outcome<{ questId: string; invite: string; player: { id: string; token: string; name: string } }>>;
  inviteInfo(invite: string): Promise<Outcome<{ questId: string; status: Lobby['status']; scenario: ScenarioSummary }>>;
  /** personId links the new player to a signed-in person; anonymous players join without one. */
  join(
    invite: string,
    name: string,
    personId?: string,
  ): Promise<Outcome<{ questId: string; player: { id: string; token: string; name: string } }>>;
  /** The player a bearer token belongs to in this quest, or null. */
  authenticate(questId: string, token: string): Promise<Player | null>;
  /**
   * The player linked to this signed-in person in this quest, or null: a person coming back with their session
   * instead of the token. With several (joined twice), the seated one, else the latest.
   */
  authenticatePerson(questId: string, personId: string): Promise<Player | null>;
  /** What quest play holds about a person, for accounts' export and withdrawal (registerPersonalData). */
  personalData(): QuestPersonalDataSource;
  lobby(questId: string): Promise<Lobby | null>;
  takeSeat(player: Player, seat: SeatChoice): Promise<Outcome<{ version: number }>>;
  fillBots(player: Player, persona: BotPersona): Promise<Outcome<{ version: number }>>;
  clearSeat(player: Player, role: string): Promise<Outcome<{ version: number }>>;
  start(player: Player): Promise<Outcome<{ version: number }>>;
  /** An engine command without `at`: the service stamps server time, decides, appends, then notifies. */
  command(player: Player, command: unknown): Promise<Outcome<{ version: number }>>;
  /** The player's seat view (null before the start), with the lobby. */
  snapshot(player: Player): Promise<{ version: number; view: QuestView | null; lobby: Lobby }>;
  /** Redacted for the player's seat. */
  events(player: Player, afterSeq: number, limit: number): Promise<SeenEvent[]>;
  seatEvents(player: Player, events: { seq: number; event: QuestEvent }[]): SeenEvent[];
  /**
   * Synchronous, for the sockets' fan-out of a change: the player's seat view of the quest this process holds in
   * memory (undefined when it holds none; null before the start). Cheaper than snapshot: no lobby.
   */
  seatView(player: Player): QuestView | null | undefined;
  debrief(player: Player): Promise<Outcome<{ debrief: Debrief }>>;
  /** Presence: recorded durably; a dropped seat is covered by a bot after the grace period. */
  setConnected(player: Player, connected: boolean): Promise<void>;
  onChange(listener: (change: QuestChange) => void): () => void;
  close(): Promise<void>;
}
