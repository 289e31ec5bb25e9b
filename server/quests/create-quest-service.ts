// Quest play behind the QuestService contract: lobbies, commands, the server clock, bots and presence, all over
// one durable event stream per quest. The order of every change is decide -> append (checked against the expected
// version) -> update memory -> notify, so listeners only ever see events that are already committed.
import { randomBytes } from 'node:crypto';
import {
  type Actor,
  botRng,
  type CompiledScenario,
  decide,
  eventFor,
  initialBotMemory,
  initialState,
  isPersona,
  nextDeadline,
  nextMove,
  positionOf,
  type QuestEvent,
  QuestSetupError,
  type QuestState,
  replay,
  type Seat,
  type SeatRef,
  viewFor,
} from '../../engine/index.ts';
import { type PlayerRow, type QuestRow, type QuestStore, VersionConflict } from '../store/quest-store.ts';
import type { QuestRowStatus } from '../store/schema.ts';
import { debriefOf } from './debrief.ts';
import { hashToken, isId, looksLikeInvite, looksLikeToken, newId, newInvite, newToken } from './identity.ts';
import { type BotSeat, LiveQuest } from './live-quest.ts';
import { lobbyOf, scenarioSummary } from './lobby-view.ts';
import type {
  BotPersona,
  Outcome,
  Player,
  QuestChange,
  QuestService,
  SeatChoice,
  SeenEvent,
  ServiceError,
} from './quest-service.ts';

export interface QuestLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** setTimeout/clearTimeout, injectable so tests drive the server clock by hand. */
export interface QuestTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface QuestServiceOptions {
  store: QuestStore;
  catalog: ReadonlyMap<string, CompiledScenario>;
  /** Server time in ms. Every command is stamped max(clock(), state.clock). */
  clock?: () => number;
  timers?: QuestTimers;
  /** Uniform in [0, 1): bot think times and default seeds. Tokens and invites always use the OS CSPRNG. */
  random?: () => number;
  graceSeconds?: number;
  /** A snapshot every this many events (and at every scene change). */
  snapshotEvery?: number;
  /** How long a bot thinks between turns, ms. */
  botThinkMs?: { min: number; max: number };
  /** Upper bound on bot moves per quest per second, whatever the bots want. */
  botMovesPerSecond?: number;
  logger?: QuestLogger;
}

/** The contract plus what tests and the process need: waiting for queued work. */
export interface QuestPlay extends QuestService {
  /** Resolves when no quest has work queued (timers that have not fired yet do not count). */
  settled(): Promise<void>;
}

const MAX_TRIES = 3;
/** After a failed save the deadline is tried again soon; after a refusal (a bug, or a changed scenario) rarely. */
const RETRY_MS = 1_000;
const REFUSED_RETRY_MS = 30_000;
/** Quests kept in memory; beyond this, idle finished and lobby quests nobody is connected to are dropped first. */
const CACHE_LIMIT = 2_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
const NAME_MAX = 40;
const CONTROL = new Set(['start', 'pause', 'resume', 'extend', 'end', 'cover_seat', 'release_seat', 'deadline']);
const quietLogger: QuestLogger = { debug() {}, info() {}, warn() {}, error() {} };

const defaultTimers: QuestTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Quest timers never keep the process alive on their own: the HTTP server does, and close() clears them.
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

function cryptoRandom(): number {
  return randomBytes(6).readUIntBE(0, 6) / 2 ** 48;
}

const fail = (code: ServiceError['code'], message: string): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { code, message },
});

function rowStatus(s: QuestState): QuestRowStatus {
  return s.status === 'ready' ? 'running' : s.status;
}

function cleanName(name: unknown): string | ServiceError {
  if (typeof name !== 'string') return { code: 'invalid', message: 'a name is text' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  const n = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (n.length === 0) return { code: 'invalid', message: 'a name must not be empty' };
  if (n.length > NAME_MAX) return { code: 'invalid', message: `a name has at most ${NAME_MAX} characters` };
  return n;
}

function toPlayer(p: PlayerRow): Player {
  return { id: p.id, questId: p.questId, name: p.name, seat: p.seat, host: p.host };
}

export async function createQuestService(opts: QuestServiceOptions): Promise<QuestPlay> {
  const service = new QuestPlayService(opts);
  await service.boot();
  return service;
}

class QuestPlayService implements QuestPlay {
  private readonly store: QuestStore;
  private readonly catalog: ReadonlyMap<string, CompiledScenario>;
  private readonly clock: () => number;
  private readonly timers: QuestTimers;
  private readonly random: () => number;
  private readonly graceSeconds: number;
  private readonly snapshotEvery: number;
  private readonly think: { min: number; max: number };
  private readonly botMovesPerSecond: number;
  private readonly log: QuestLogger;
  private readonly live = new Map<string, LiveQuest>();
  private readonly loading = new Map<string, Promise<LiveQuest | null>>();
  private readonly listeners = new Set<(change: QuestChange) => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(o: QuestServiceOptions) {
    this.store = o.store;
    this.catalog = o.catalog;
    this.clock = o.clock ?? Date.now;
    this.timers = o.timers ?? defaultTimers;
    this.random = o.random ?? cryptoRandom;
    this.graceSeconds = o.graceSeconds ?? 45;
    this.snapshotEvery = Math.max(1, Math.floor(o.snapshotEvery ?? 50));
    this.think = o.botThinkMs ?? { min: 4_000, max: 20_000 };
    this.botMovesPerSecond = Math.max(1, o.botMovesPerSecond ?? 5);
    this.log = o.logger ?? quietLogger;
  }

  /** Loads every quest whose clock may be running: overdue deadlines resolve now, bots and grace timers restart. */
  async boot(): Promise<void> {
    const rows = await this.store.activeQuests();
    for (const row of rows) {
      try {
        await this.resume(row.id);
      } catch (e) {
        // One quest that cannot be loaded must not keep every other quest (and the server) from starting.
        this.log.error({ err: e, questId: row.id }, 'could not resume a quest at start-up');
      }
    }
    if (rows.length > 0) this.log.info({ quests: rows.length }, 'active quests loaded');
  }

  private async resume(questId: string): Promise<void> {
    const q = await this.load(questId);
    if (!q?.state) return;
    await q.exclusive(async () => {
      const now = this.clock();
      // No socket survived the restart: every seated person starts their grace period now.
      await this.store.disconnectEveryone(q.id, new Date(now));
      for (const p of q.players) if (p.seat) this.startGrace(q, p.id, now);
      this.afterChange(q);
      const due = q.state ? nextDeadline(q.state) : null;
      if (due !== null && due <= now) {
        this.log.info({ questId: q.id, due, now }, 'resolving a deadline that passed while the server was down');
        await this.fireDeadline(q);
      }
    });
  }

  // ---- reading

  scenarios() {
    return [...this.catalog.values()].map(scenarioSummary);
  }

  private async load(questId: string): Promise<LiveQuest | null> {
    if (!isId(questId)) return null;
    const cached = this.live.get(questId);
    if (cached) {
      // Map order is recency order: the least recently used quests come first when the cache is trimmed.
      this.live.delete(questId);
      this.live.set(questId, cached);
      return cached;
    }
    let pending = this.loading.get(questId);
    if (!pending) {
      pending = this.fetch(questId).finally(() => this.loading.delete(questId));
      this.loading.set(questId, pending);
    }
    const q = await pending;
    if (q && !this.live.has(questId)) {
      this.live.set(questId, q);
      this.evict();
    }
    return this.live.get(questId) ?? null;
  }

  /** Quests with a running clock or someone connected stay; the rest can be loaded again from the store. */
  private evict(): void {
    if (this.live.size <= CACHE_LIMIT) return;
    for (const [id, q] of this.live) {
      if (this.live.size <= CACHE_LIMIT) return;
      const quiet = q.row.status === 'lobby' || q.row.status === 'finished';
      if (quiet && q.connections.size === 0 && q.bots.size === 0 && q.graceTimers.size === 0) this.live.delete(id);
    }
  }

  private async fetch(questId: string): Promise<LiveQuest | null> {
    const row = await this.store.quest(questId);
    if (!row) return null;
    const scenario = this.catalog.get(row.scenarioId);
    if (!scenario) {
      this.log.warn({ questId, scenarioId: row.scenarioId }, 'quest refers to a scenario that is no longer in the catalog');
      return null;
    }
    const players = await this.store.players(questId);
    const state = row.status === 'lobby' ? null : await this.readState(questId);
    if (state && state.scenarioHash !== scenario.hash) {
      this.log.warn(
        { questId, scenarioId: row.scenarioId },
        'the scenario changed since this quest started: it can be viewed, not played',
      );
    }
    return new LiveQuest(row, players, scenario, state);
  }

  /** State = latest snapshot + the events after it. */
  private async readState(questId: string): Promise<QuestState> {
    const snap = await this.store.latestSnapshot(questId);
    if (!snap) throw new Error(`quest ${questId} has started but has no snapshot`);
    const later = await this.store.events(questId, snap.version);
    return replay.events(
      snap.state,
      later.map((e) => e.event),
    );
  }

  /** The row and players as committed, after a lobby change or when another process may have moved the quest. */
  private async refresh(q: LiveQuest): Promise<void> {
    const row = await this.store.quest(q.id);
    if (!row) return;
    q.row = row;
    q.players = await this.store.players(q.id);
    if (row.status !== 'lobby' && !q.state) q.state = await this.readState(q.id);
  }

  /** Events another writer appended since this process last looked, folded in and passed on to listeners. */
  private async catchUp(q: LiveQuest): Promise<void> {
    if (!q.state) return this.refresh(q);
    const from = q.state.version;
    const later = await this.store.events(q.id, from);
    if (later.length === 0) return;
    q.state = replay.events(
      q.state,
      later.map((e) => e.event),
    );
    const statusBefore = q.row.status;
    q.row = { ...q.row, status: rowStatus(q.state), version: q.state.version };
    this.emit({
      questId: q.id,
      version: q.state.version,
      events: later.map((e) => ({ seq: e.seq, event: e.event })),
      lobbyChanged: statusBefore !== q.row.status,
    });
    this.afterChange(q);
  }

  async inviteInfo(invite: string) {
    if (!looksLikeInvite(invite)) return fail('not_found', 'no quest has that invite');
    const row = await this.store.questByInvite(invite);
    const sc = row ? this.catalog.get(row.scenarioId) : undefined;
    if (!row || !sc) return fail('not_found', 'no quest has that invite');
    const q = await this.load(row.id);
    return { ok: true as const, questId: row.id, status: q?.row.status ?? row.status, scenario: scenarioSummary(sc) };
  }

  async authenticate(questId: string, token: string): Promise<Player | null> {
    if (!isId(questId) || !looksLikeToken(token)) return null;
    const q = await this.load(questId);
    if (!q) return null;
    const hash = hashToken(token);
    let p = q.players.find((x) => x.tokenHash === hash);
    if (!p) {
      // Joined through another process since this one loaded the quest.
      const row = await this.store.playerByToken(questId, hash);
      if (!row) return null;
      await q.exclusive(() => this.refresh(q));
      p = q.player(row.id) ?? row;
    }
    return toPlayer(p);
  }

  async lobby(questId: string) {
    const q = await this.load(questId);
    return q ? lobbyOf(q, this.graceSeconds) : null;
  }

  /** Whether this player runs the clock: the facilitator, or the host while nobody has taken the chair. */
  private facilitates(q: LiveQuest, p: PlayerRow): boolean {
    return p.seat === 'facilitator' || (p.host && !q.players.some((x) => x.seat === 'facilitator'));
  }

  private seatRef(q: LiveQuest, p: PlayerRow | undefined): SeatRef {
    if (p?.seat && q.state?.seats.some((s) => s.role === p.seat)) return { role: p.seat };
    if (p && p.seat !== 'spectator' && this.facilitates(q, p)) return { facilitator: true };
    return { spectator: true };
  }

  async snapshot(player: Player) {
    const q = await this.load(player.questId);
    if (!q) throw new Error(`quest ${player.questId} is gone`);
    const me = q.player(player.id);
    return {
      version: q.version,
      view: q.state ? viewFor(q.state, this.seatRef(q, me), q.scenario) : null,
      lobby: lobbyOf(q, this.graceSeconds),
    };
  }

  async events(player: Player, afterSeq: number, limit: number): Promise<SeenEvent[]> {
    const q = await this.load(player.questId);
    if (!q?.state) return [];
    const after = Number.isSafeInteger(afterSeq) && afterSeq > 0 ? afterSeq : 0;
    const n = Number.isSafeInteger(limit) ? Math.min(Math.max(limit, 1), 1000) : 200;
    const rows = await this.store.events(q.id, after, n);
    return this.seatEvents(
      player,
      rows.map((r) => ({ seq: r.seq, event: r.event })),
    );
  }

  seatEvents(player: Player, events: { seq: number; event: QuestEvent }[]): SeenEvent[] {
    const q = this.live.get(player.questId);
    if (!q) return [];
    const seat = this.seatRef(q, q.player(player.id));
    return events.flatMap(({ seq, event }) => {
      const seen = eventFor(event, seat, q.scenario);
      return seen ? [{ seq, event: seen }] : [];
    });
  }

  async debrief(player: Player) {
    const q = await this.load(player.questId);
    if (!q) return fail('not_found', 'no such quest');
    if (q.state?.status !== 'finished') return fail('wrong_phase', 'the debrief opens when the quest has ended');
    const view = viewFor(q.state, this.seatRef(q, q.player(player.id)), q.scenario);
    const rows = await this.store.events(q.id, 0);
    const debrief = debriefOf(
      q.scenario,
      q.state,
      view,
      rows.map((r) => ({ seq: r.seq, event: r.event })),
    );
    return { ok: true as const, debrief };
  }

  // ---- joining

  async createQuest(input: { scenarioId: string; hostName: string; seed?: number }) {
    const sc = typeof input.scenarioId === 'string' ? this.catalog.get(input.scenarioId) : undefined;
    if (!sc) return fail('not_found', `there is no scenario '${String(input.scenarioId)}'`);
    const name = cleanName(input.hostName);
    if (typeof name !== 'string') return { ok: false as const, error: name };
    if (input.seed !== undefined && (!Number.isSafeInteger(input.seed) || input.seed < 0)) {
      return fail('invalid', 'a seed is a whole number, 0 or more');
    }
    const seed = input.seed ?? Math.floor(this.random() * 2 ** 31);
    const org = await this.store.demoOrganisation();
    const now = new Date(this.clock());
    const questId = newId();
    const player = { id: newId(), token: newToken(), name };
    const invite = newInvite();
    await this.store.createQuest(
      {
        id: questId,
        orgId: org.id,
        scenarioId: sc.id,
        scenarioHash: sc.hash,
        seed,
        invite,
        hostPlayerId: player.id,
        createdAt: now,
      },
      { id: player.id, name, tokenHash: hashToken(player.token), seat: null, createdAt: now },
    );
    this.log.info({ questId, scenarioId: sc.id }, 'quest created');
    return { ok: true as const, questId, invite, player };
  }

  async join(invite: string, rawName: string) {
    if (!looksLikeInvite(invite)) return fail('not_found', 'no quest has that invite');
    const name = cleanName(rawName);
    if (typeof name !== 'string') return { ok: false as const, error: name };
    const row = await this.store.questByInvite(invite);
    const q = row ? await this.load(row.id) : null;
    if (!q) return fail('not_found', 'no quest has that invite');
    return q.exclusive(async () => {
      const player = { id: newId(), token: newToken(), name };
      // Seats are fixed once the quest starts: whoever joins later watches.
      const seat = q.row.status === 'lobby' ? null : 'spectator';
      await this.store.addPlayer({
        id: player.id,
        questId: q.id,
        name,
        tokenHash: hashToken(player.token),
        seat,
        createdAt: new Date(this.clock()),
      });
      await this.refresh(q);
      this.emitLobby(q);
      return { ok: true as const, questId: q.id, player };
    });
  }

  // ---- lobby

  /**
   * A lobby change decided on the committed row and players, with the quest row locked so two processes cannot
   * interleave; the cache is refreshed from the database afterwards.
   */
  private async lobbyChange(
    player: Player,
    change: (c: {
      s: QuestStore;
      row: QuestRow;
      players: PlayerRow[];
      me: PlayerRow;
      q: LiveQuest;
    }) => Promise<ServiceError | null>,
    /** Runs once committed, in the same turn; it notifies listeners itself. */
    committed?: (q: LiveQuest) => void,
  ): Promise<Outcome<{ version: number }>> {
    const q = await this.load(player.questId);
    if (!q) return fail('not_found', 'no such quest');
    return q.exclusive(async () => {
      const problem = await this.store.transaction(async (s) => {
        const row = await s.quest(q.id, { lock: true });
        if (!row) return { code: 'not_found', message: 'no such quest' } as ServiceError;
        const players = await s.players(q.id);
        const me = players.find((p) => p.id === player.id);
        if (!me) return { code: 'not_found', message: 'you are not a player in this quest' } as ServiceError;
        if (row.status !== 'lobby')
          return { code: 'wrong_phase', message: 'the quest has started: the lobby is closed' } as ServiceError;
        return change({ s, row, players, me, q });
      });
      if (problem) return { ok: false as const, error: problem };
      await this.refresh(q);
      if (committed) committed(q);
      else this.emitLobby(q);
      return { ok: true as const, version: q.version };
    });
  }

  takeSeat(player: Player, seat: SeatChoice) {
    return this.lobbyChange(player, async ({ s, row, players, me, q }) => {
      const roles = q.scenario.def.roles;
      if (seat !== 'spectator' && seat !== 'facilitator' && !roles.some((r) => r.id === seat)) {
        return {
          code: 'not_found',
          message: `'${String(seat)}' is not a role in this scenario (roles: ${roles.map((r) => r.id).join(', ')})`,
        };
      }
      if (me.seat === seat) return null;
      const holder = seat === 'spectator' ? undefined : players.find((p) => p.seat === seat);
      if (holder) {
        const what = seat === 'facilitator' ? 'the facilitator chair' : `the ${seat} role`;
        return { code: 'conflict', message: `${holder.name} already holds ${what}` };
      }
      const now = new Date(this.clock());
      if (row.lobbyBots[seat]) {
        const { [seat]: _replaced, ...rest } = row.lobbyBots;
        await s.updateLobby(q.id, { lobbyBots: rest }, now);
      }
      const ok = await s.setSeat(me.id, seat);
      return ok ? null : { code: 'conflict', message: 'someone took that seat a moment ago' };
    });
  }

  fillBots(player: Player, persona: BotPersona) {
    return this.lobbyChange(player, async ({ s, row, players, me, q }) => {
      if (!me.host) return { code: 'not_allowed', message: 'only the host can fill seats with bots' };
      if (!isPersona(persona))
        return { code: 'invalid', message: `'${String(persona)}' is not a bot persona (collaborative, positional, quiet)` };
      const bots = { ...row.lobbyBots };
      for (const r of q.scenario.def.roles) {
        if (!bots[r.id] && !players.some((p) => p.seat === r.id)) bots[r.id] = persona;
      }
      await s.updateLobby(q.id, { lobbyBots: bots }, new Date(this.clock()));
      return null;
    });
  }

  clearSeat(player: Player, role: string) {
    return this.lobbyChange(player, async ({ s, row, players, me, q }) => {
      if (!me.host) return { code: 'not_allowed', message: 'only the host can clear a seat' };
      if (!q.scenario.def.roles.some((r) => r.id === role))
        return { code: 'not_found', message: `'${String(role)}' is not a role in this scenario` };
      const person = players.find((p) => p.seat === role);
      if (person) return { code: 'conflict', message: `${person.name} holds that seat; only they can leave it` };
      if (!row.lobbyBots[role]) return { code: 'conflict', message: 'that seat is already empty' };
      const { [role]: _cleared, ...rest } = row.lobbyBots;
      await s.updateLobby(q.id, { lobbyBots: rest }, new Date(this.clock()));
      return null;
    });
  }

  start(player: Player) {
    let events: QuestEvent[] = [];
    return this.lobbyChange(
      player,
      async ({ s, row, players, me, q }) => {
        if (!me.host) return { code: 'not_allowed', message: 'only the host can start the quest' };
        const seats: Seat[] = [];
        const empty: string[] = [];
        for (const r of q.scenario.def.roles) {
          const bot = row.lobbyBots[r.id];
          if (players.some((p) => p.seat === r.id)) seats.push({ role: r.id, kind: 'human' });
          else if (bot) seats.push({ role: r.id, kind: 'bot', persona: bot });
          else empty.push(r.id);
        }
        if (empty.length > 0) {
          return { code: 'conflict', message: `every role needs a person or a bot before the start; empty: ${empty.join(', ')}` };
        }
        let initial: QuestState;
        try {
          initial = initialState(q.scenario, row.seed, seats);
        } catch (e) {
          if (e instanceof QuestSetupError) return { code: 'invalid', message: e.message };
          throw e;
        }
        const decided = decide(initial, { type: 'start', at: this.clock() }, { scenario: q.scenario, actor: { system: true } });
        if (!decided.ok) return { code: decided.code, message: decided.reason };
        const state = replay.events(initial, decided.events);
        const now = new Date(this.clock());
        // The initial state is stored as snapshot 0 and the start events are appended in the same transaction.
        await s.updateLobby(q.id, { status: 'running', seats, lobbyBots: {} }, now);
        await s.saveSnapshot(q.id, initial, now);
        await s.append(
          q.id,
          0,
          decided.events.map((event) => ({ event, actor: me.id, seat: me.seat === 'facilitator' ? 'facilitator' : null })),
          { status: rowStatus(state), snapshot: this.snapshotDue(initial, state, decided.events) ? state : undefined, at: now },
        );
        events = decided.events;
        return null;
      },
      (q) => {
        this.emit({
          questId: q.id,
          version: q.version,
          events: events.map((event, i) => ({ seq: i + 1, event })),
          lobbyChanged: true,
        });
        const now = this.clock();
        for (const p of q.players) if (p.seat && !q.isConnected(p.id)) this.startGrace(q, p.id, now);
        this.afterChange(q);
        this.log.info({ questId: q.id }, 'quest started');
      },
    );
  }

  // ---- commands

  async command(player: Player, raw: unknown) {
    const q = await this.load(player.questId);
    if (!q) return fail('not_found', 'no such quest');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      return fail('invalid', 'a command is an object with a type');
    const cmd = raw as Record<string, unknown>;
    if (typeof cmd.type !== 'string') return fail('invalid', 'a command needs a type');
    if ('at' in cmd) return fail('invalid', "send commands without 'at': the server stamps the time");
    return q.exclusive(async () => {
      if (!q.state) await this.refresh(q);
      const state = q.state;
      if (!state) return fail('wrong_phase', 'the quest has not started yet');
      const me = q.player(player.id);
      if (!me) return fail('not_found', 'you are not a player in this quest');
      const type = cmd.type as string;
      if (type === 'start') return fail('conflict', 'the quest has already started');
      let actor: Actor;
      let seat: string;
      if (CONTROL.has(type)) {
        if (!this.facilitates(q, me))
          return fail('not_allowed', 'only the facilitator (or the host, when nobody facilitates) can do that');
        actor = { facilitator: true };
        seat = 'facilitator';
        const problem = this.coverProblem(q, cmd);
        if (problem) return { ok: false as const, error: problem };
      } else {
        if (me.seat === 'spectator' || !me.seat)
          return fail('not_allowed', 'spectators watch the quest; only seated players act in it');
        if (me.seat === 'facilitator')
          return fail('not_allowed', 'the facilitator runs the clock; the seated players make the moves');
        const mine = state.seats.find((s) => s.role === me.seat);
        if (!mine) return fail('not_allowed', `'${me.seat}' has no seat in this quest`);
        if (mine.covered) return fail('conflict', 'a bot is covering your seat while you were away; reconnect to take it back');
        actor = { role: me.seat };
        seat = me.seat;
      }
      return this.apply(q, cmd, actor, me.id, seat);
    });
  }

  /** A facilitator may cover only a seat whose person has been gone for the whole grace period. */
  private coverProblem(q: LiveQuest, cmd: Record<string, unknown>): ServiceError | null {
    if (cmd.type !== 'cover_seat') return null;
    if (cmd.persona !== undefined && !isPersona(cmd.persona)) {
      return { code: 'invalid', message: `'${String(cmd.persona)}' is not a bot persona (collaborative, positional, quiet)` };
    }
    const person = typeof cmd.role === 'string' ? q.occupant(cmd.role) : undefined;
    if (!person) return null;
    if (q.isConnected(person.id)) return { code: 'not_allowed', message: `${person.name} is connected: their seat is theirs` };
    const gone = q.disconnectedAt.get(person.id) ?? this.clock();
    const until = gone + this.graceSeconds * 1000;
    if (this.clock() < until) {
      return {
        code: 'too_early',
        message: `${person.name} may still come back: the seat can be covered in ${Math.ceil((until - this.clock()) / 1000)} s`,
      };
    }
    return null;
  }

  private snapshotDue(before: QuestState, after: QuestState, events: readonly QuestEvent[]): boolean {
    const n = this.snapshotEvery;
    if (Math.floor(before.version / n) !== Math.floor(after.version / n)) return true;
    return events.some((e) => e.type === 'scene_started' || e.type === 'quest_ended');
  }

  /**
   * Decide, append at the expected version, then update memory and notify. A version conflict means another writer
   * got there first: catch up with what it wrote and decide again, up to MAX_TRIES times. Runs inside exclusive().
   */
  private async apply(q: LiveQuest, cmd: Record<string, unknown>, actor: Actor, who: string, seat: string | null) {
    for (let attempt = 1; ; attempt++) {
      const state = q.state;
      if (!state) return fail('wrong_phase', 'the quest has not started yet');
      const at = Math.max(this.clock(), state.clock);
      const decided = decide(state, { ...cmd, at }, { scenario: q.scenario, actor });
      if (!decided.ok) return fail(decided.code, decided.reason);
      if (decided.events.length === 0) return { ok: true as const, version: state.version };
      const next = replay.events(state, decided.events);
      try {
        await this.store.append(
          q.id,
          state.version,
          decided.events.map((event) => ({ event, actor: who, seat })),
          {
            status: rowStatus(next),
            snapshot: this.snapshotDue(state, next, decided.events) ? next : undefined,
            at: new Date(this.clock()),
          },
        );
      } catch (e) {
        if (!(e instanceof VersionConflict)) throw e;
        this.log.warn({ questId: q.id, version: state.version, attempt }, 'version conflict on append');
        if (attempt >= MAX_TRIES) return fail('conflict', 'the quest kept changing while your move was saved; try again');
        await this.catchUp(q);
        continue;
      }
      const statusBefore = q.row.status;
      q.state = next;
      q.row = { ...q.row, status: rowStatus(next), version: next.version };
      this.emit({
        questId: q.id,
        version: next.version,
        events: decided.events.map((event, i) => ({ seq: state.version + i + 1, event })),
        lobbyChanged:
          statusBefore !== q.row.status || decided.events.some((e) => e.type === 'seat_covered' || e.type === 'seat_released'),
      });
      this.afterChange(q);
      return { ok: true as const, version: next.version };
    }
  }

  private emit(change: QuestChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        this.log.error({ err: e, questId: change.questId }, 'a quest change listener failed');
      }
    }
  }

  private emitLobby(q: LiveQuest): void {
    this.emit({ questId: q.id, version: q.version, events: [], lobbyChanged: true });
  }

  onChange(listener: (change: QuestChange) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ---- the server clock

  /** Work started by a timer: tracked so settled() and close() can wait for it, and never left unhandled. */
  private track(work: Promise<unknown>): void {
    const p = work.catch((e) => this.log.error({ err: e }, 'quest timer work failed'));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private setTimer(fn: () => Promise<unknown>, ms: number): unknown {
    return this.timers.setTimeout(
      () => {
        if (!this.closed) this.track(fn());
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
  }

  private clearTimer(handle: unknown): void {
    if (handle !== null && handle !== undefined) this.timers.clearTimeout(handle);
  }

  /** After every change: the deadline timer, the bots and the grace timers follow the new state. */
  private afterChange(q: LiveQuest): void {
    this.scheduleDeadline(q);
    this.syncBots(q);
    if (q.state?.status === 'finished') {
      for (const t of q.graceTimers.values()) this.clearTimer(t);
      q.graceTimers.clear();
    }
  }

  private scheduleDeadline(q: LiveQuest, minDelay = 0): void {
    this.clearTimer(q.deadlineTimer);
    q.deadlineTimer = null;
    if (this.closed || !q.state || q.state.scenarioHash !== q.scenario.hash) return;
    const due = nextDeadline(q.state);
    if (due === null) return;
    q.deadlineTimer = this.setTimer(
      () => {
        q.deadlineTimer = null;
        return q.exclusive(() => this.fireDeadline(q));
      },
      Math.max(minDelay, due - this.clock()),
    );
  }

  /** Sends {type:'deadline'} as the server once the deadline is due. Runs inside exclusive(). */
  private async fireDeadline(q: LiveQuest): Promise<void> {
    const due = q.state ? nextDeadline(q.state) : null;
    if (due === null) return;
    if (this.clock() < due) return this.scheduleDeadline(q);
    try {
      const r = await this.apply(q, { type: 'deadline' }, { system: true }, 'system', null);
      if (!r.ok) {
        this.log.warn({ questId: q.id, error: r.error }, 'the engine refused a deadline');
        this.scheduleDeadline(q, REFUSED_RETRY_MS);
      }
    } catch (e) {
      this.log.error({ err: e, questId: q.id }, 'could not save a deadline; retrying');
      this.scheduleDeadline(q, RETRY_MS);
    }
  }

  // ---- presence

  async setConnected(player: Player, connected: boolean): Promise<void> {
    const q = await this.load(player.questId);
    if (!q) return;
    await q.exclusive(async () => {
      const me = q.player(player.id);
      if (!me) return;
      const before = q.isConnected(me.id);
      const count = Math.max(0, (q.connections.get(me.id) ?? 0) + (connected ? 1 : -1));
      if (count === 0) q.connections.delete(me.id);
      else q.connections.set(me.id, count);
      const after = count > 0;
      if (before === after) return;
      const now = this.clock();
      await this.store.setPresence(q.id, me.id, after, new Date(now));
      this.emitLobby(q);
      if (after) {
        q.disconnectedAt.delete(me.id);
        this.clearTimer(q.graceTimers.get(me.id));
        q.graceTimers.delete(me.id);
        const seat = q.state?.seats.find((s) => s.role === me.seat);
        if (seat?.covered && q.state?.status !== 'finished') {
          const r = await this.apply(q, { type: 'release_seat', role: seat.role }, { system: true }, 'system', null);
          if (!r.ok) this.log.warn({ questId: q.id, role: seat.role, error: r.error }, 'could not release a covered seat');
        }
      } else {
        q.disconnectedAt.set(me.id, now);
        this.startGrace(q, me.id, now);
      }
    });
  }

  /** After graceSeconds without a socket, a seated person's role is covered by a collaborative bot. */
  private startGrace(q: LiveQuest, playerId: string, since: number): void {
    const me = q.player(playerId);
    if (!me?.seat || this.closed) return;
    if (!q.disconnectedAt.has(playerId)) q.disconnectedAt.set(playerId, since);
    const seat = q.state?.seats.find((s) => s.role === me.seat);
    if (seat?.kind !== 'human' || q.state?.status === 'finished') return;
    this.clearTimer(q.graceTimers.get(playerId));
    const role = seat.role;
    q.graceTimers.set(
      playerId,
      this.setTimer(
        () =>
          q.exclusive(async () => {
            q.graceTimers.delete(playerId);
            const still = q.state?.seats.find((s) => s.role === role);
            if (q.isConnected(playerId) || !still || still.kind !== 'human' || q.state?.status === 'finished') return;
            const r = await this.apply(
              q,
              { type: 'cover_seat', role, persona: 'collaborative' },
              { system: true },
              'system',
              null,
            );
            if (!r.ok) this.log.warn({ questId: q.id, role, error: r.error }, 'could not cover a dropped seat');
            else this.log.info({ questId: q.id, role }, 'a bot covers a dropped seat');
          }),
        since + this.graceSeconds * 1000 - this.clock(),
      ),
    );
  }

  // ---- bots

  private thinkTime(): number {
    const { min, max } = this.think;
    return min + Math.floor(this.random() * Math.max(0, max - min));
  }

  /** Every bot seat (seated at the start or covering a person) has one pending turn while the quest runs. */
  private syncBots(q: LiveQuest): void {
    const state = q.state;
    const active = !this.closed && state !== null && state.status !== 'finished' && state.scenarioHash === q.scenario.hash;
    const botRoles = new Set(active ? state.seats.filter((s) => s.kind === 'bot').map((s) => s.role) : []);
    for (const [role, bot] of q.bots) {
      if (botRoles.has(role)) continue;
      this.clearTimer(bot.timer);
      q.bots.delete(role);
    }
    if (!active) return;
    for (const seat of state.seats) {
      if (seat.kind !== 'bot') continue;
      let bot = q.bots.get(seat.role);
      if (!bot) {
        bot = {
          role: seat.role,
          persona: seat.persona ?? 'collaborative',
          memory: initialBotMemory(),
          rng: botRng(state.seed, seat.role),
          timer: null,
          busy: false,
        };
        q.bots.set(seat.role, bot);
      }
      bot.persona = seat.persona ?? 'collaborative';
      if (!bot.timer && !bot.busy) this.scheduleBot(q, bot, this.thinkTime());
    }
  }

  private scheduleBot(q: LiveQuest, bot: BotSeat, ms: number): void {
    this.clearTimer(bot.timer);
    bot.timer = null;
    if (this.closed) return;
    bot.timer = this.setTimer(() => {
      bot.timer = null;
      return q.exclusive(() => this.botTurn(q, bot));
    }, ms);
  }

  /** One bot turn through the same decide path as people; the quest's bot rate bound is checked first. */
  private async botTurn(q: LiveQuest, bot: BotSeat): Promise<void> {
    const state = q.state;
    if (q.bots.get(bot.role) !== bot || !state || state.status === 'finished') return;
    if (state.status !== 'running') return this.scheduleBot(q, bot, this.thinkTime());
    const now = this.clock();
    q.botMoves = q.botMoves.filter((t) => t > now - 1000);
    if (q.botMoves.length >= this.botMovesPerSecond) {
      return this.scheduleBot(q, bot, (q.botMoves[0] as number) + 1000 - now);
    }
    bot.busy = true;
    try {
      const view = viewFor(state, { role: bot.role }, q.scenario, { hints: true });
      const move = nextMove(bot.persona, view, bot.memory, bot.rng, { position: positionOf(q.scenario, bot.role), now });
      bot.memory = move.memory;
      bot.rng = move.rng;
      if (move.command) {
        q.botMoves.push(now);
        const r = await this.apply(q, move.command as Record<string, unknown>, { role: bot.role }, `bot:${bot.role}`, bot.role);
        if (!r.ok)
          this.log.debug({ questId: q.id, role: bot.role, command: move.command.type, error: r.error }, 'bot move refused');
      }
    } catch (e) {
      this.log.error({ err: e, questId: q.id, role: bot.role }, 'bot turn failed');
    } finally {
      bot.busy = false;
    }
    if (q.bots.get(bot.role) === bot && !bot.timer && q.state?.status !== 'finished') this.scheduleBot(q, bot, this.thinkTime());
  }

  // ---- lifecycle

  async settled(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const work = [...this.inFlight, ...[...this.live.values()].map((q) => q.idle())];
      await Promise.all(work);
      if (this.inFlight.size === 0) {
        await new Promise((r) => setImmediate(r));
        if (this.inFlight.size === 0) return;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.live.values()) {
      this.clearTimer(q.deadlineTimer);
      q.deadlineTimer = null;
      for (const t of q.graceTimers.values()) this.clearTimer(t);
      q.graceTimers.clear();
      for (const b of q.bots.values()) this.clearTimer(b.timer);
      q.bots.clear();
    }
    await this.settled();
    this.listeners.clear();
  }
}
