// The Socket.IO half of docs/API.md. A socket belongs to one player of one quest (checked at the handshake through
// the QuestService); every inbound message is rate-limited, shape-checked, then forwarded; every committed change
// is sent to each socket redacted for its own seat, so a private card never travels to a seat that may not read it.
// A socket's first update carries its seat's whole view; later ones only the parts that changed since the view it
// was last sent (engine viewChanges), so a chat message costs a few bytes per socket instead of a whole view.
import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { type DefaultEventsMap, Server, type ServerOptions, type Socket } from 'socket.io';
import type { z } from 'zod';
import { type QuestView, viewChanges } from '../../engine/index.ts';
import { issuesOf } from '../http/errors.ts';
import type { Outcome, Player, QuestChange, QuestService, SeenEvent, ServiceError } from '../quests/quest-service.ts';
import { CompactRecoveryAdapter } from './compact-recovery-adapter.ts';
import { QuestLane } from './quest-lane.ts';
import {
  botsPayload,
  catchUpFrom,
  clearPayload,
  commandPayload,
  emptyPayload,
  handshakeAuth,
  seatPayload,
} from './socket-payloads.ts';
import { TokenBucket } from './token-bucket.ts';
import { sendUnrecorded } from './unrecorded-send.ts';

export interface RealtimeLimits {
  /** Largest inbound message in bytes; a bigger one closes that connection. */
  maxPayloadBytes: number;
  ratePerSecond: number;
  burst: number;
}

export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = { maxPayloadBytes: 16 * 1024, ratePerSecond: 20, burst: 40 };

export interface SocketData {
  player: Player;
  bucket: TokenBucket;
  /** The quest version of the last update sent to this socket; Socket.IO restores it with a recovered session. */
  sentVersion?: number;
  /** The seat view this socket was last sent: the next update sends only what changed since. */
  view?: QuestView | null;
}

type QuestSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

interface Audience {
  player: Player;
  /** This player's open sockets on this process. */
  sockets: Set<QuestSocket>;
}

/**
 * How long a dropped socket may come back with its id, rooms and the lobby and presence packets it missed. Quest
 * updates are not among them (unrecorded-send.ts): a reconnecting socket gets those from the store.
 */
const RECOVERY_MS = 2 * 60 * 1000;
/** A socket further behind than this many events gets the current view alone, and pages the feed over HTTP. */
const CATCH_UP_EVENTS = 200;
const questRoom = (questId: string) => `quest:${questId}`;
type ErrorCode = ServiceError['code'] | 'internal';
type Reply = { ok: true; version: number; [k: string]: unknown } | { ok: false; error: { code: ErrorCode; message: string } };
type Ack = (reply: Reply) => void;

export interface QuestSockets {
  io: Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
  /** Resolves when every queued update has been handed to its sockets (tests and benchmarks wait on it). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

function refusal(code: ErrorCode, message: string): Reply {
  return { ok: false, error: { code, message } };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function firstProblem(error: z.ZodError): string {
  const i = issuesOf(error)[0];
  if (!i) return 'invalid payload';
  return i.path === '(root)' ? i.message : `${i.path}: ${i.message}`;
}

/** Splits Socket.IO's arguments into the payload and the acknowledgement, whichever of them the client sent. */
function split(args: unknown[]): { payload: unknown; extra: number; ack: Ack } {
  const last = args[args.length - 1];
  const hasAck = typeof last === 'function';
  const rest = hasAck ? args.slice(0, -1) : args;
  let answered = false;
  const ack: Ack = (reply) => {
    if (!hasAck || answered) return;
    answered = true;
    (last as Ack)(reply);
  };
  return { payload: rest[0], extra: Math.max(0, rest.length - 1), ack };
}

export function attachQuestSockets(
  httpServer: HttpServer,
  service: QuestService,
  opts: {
    logger: FastifyBaseLogger;
    limits?: Partial<RealtimeLimits>;
    now?: () => number;
    /** The signed-in person of a Cookie header (accounts' authenticateCookieHeader); without it only tokens work. */
    signedIn?: (cookieHeader: string | undefined) => Promise<{ id: string } | null>;
    /** Several processes: the Redis Streams adapter (redis-adapter.ts). Without it, rooms live in this process. */
    adapter?: ServerOptions['adapter'];
  },
): QuestSockets {
  const limits = { ...DEFAULT_REALTIME_LIMITS, ...opts.limits };
  const log = opts.logger.child({ component: 'realtime' });
  const now = opts.now ?? Date.now;
  const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>(httpServer, {
    transports: ['websocket'],
    serveClient: false,
    maxHttpBufferSize: limits.maxPayloadBytes,
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: true },
    adapter: opts.adapter ?? (CompactRecoveryAdapter as unknown as ServerOptions['adapter']),
  });

  // Who in each quest gets updates from this process: players with a socket open here.
  const audiences = new Map<string, Map<string, Audience>>();
  // Sockets already brought up to date on connecting; updates go only to them, so none lands before the catch-up.
  const caughtUp = new WeakSet<QuestSocket>();
  const lanes = new Map<string, QuestLane>();
  let closing = false;

  function laneOf(questId: string): QuestLane {
    let lane = lanes.get(questId);
    if (!lane) {
      lane = new QuestLane(
        (changes) => deliver(questId, changes),
        (e) => log.error({ err: e, questId }, 'sending a quest update failed'),
      );
      lanes.set(questId, lane);
    }
    return lane;
  }

  async function deliver(questId: string, changes: QuestChange[]): Promise<void> {
    const audience = [...(audiences.get(questId)?.values() ?? [])];
    if (audience.length === 0) return;
    if (changes.some((c) => c.lobbyChanged)) {
      const lobby = await service.lobby(questId);
      if (lobby) io.to(questRoom(questId)).emit('lobby', lobby);
    }
    const events = changes.flatMap((c) => c.events);
    if (events.length === 0) return;
    const version = Math.max(...changes.map((c) => c.version));
    // The service knows each player's seat (it changes in the lobby), so redaction and the view are asked for per
    // player, once however many tabs that player has open.
    await Promise.all(
      audience.map(async ({ player, sockets }) => {
        // A socket welcomed while these changes waited in the lane already has some or all of them: its welcome read
        // the store later. It gets only the events after the version it was sent.
        const ready = [...sockets].filter((s) => caughtUp.has(s) && (s.data.sentVersion ?? 0) < version);
        if (ready.length === 0) return;
        const seen = service.seatEvents(player, events);
        const held = service.seatView(player);
        const view = held === undefined ? (await service.snapshot(player)).view : held;
        const bySent = new Map<number, QuestSocket[]>();
        for (const s of ready) {
          const sent = s.data.sentVersion ?? 0;
          bySent.set(sent, [...(bySent.get(sent) ?? []), s]);
        }
        for (const [sent, group] of bySent) {
          send(
            group,
            version,
            seen.filter((e) => e.seq > sent),
            view,
          );
        }
      }),
    );
  }

  /**
   * One update to some sockets of one player: the whole view to a socket that has none yet, otherwise the changes
   * since the view it was last sent. Sockets last sent the same view share one encoded packet.
   */
  function send(sockets: QuestSocket[], version: number, events: SeenEvent[], view: QuestView | null): void {
    const byBase = new Map<QuestView | null | undefined, string[]>();
    for (const s of sockets) {
      if (!s.connected) continue;
      const ids = byBase.get(s.data.view);
      if (ids) ids.push(s.id);
      else byBase.set(s.data.view, [s.id]);
      s.data.sentVersion = version;
      s.data.view = view;
    }
    for (const [base, ids] of byBase) {
      const update =
        base && view ? { version, events, base: base.version, changes: viewChanges(base, view) } : { version, events, view };
      sendUnrecorded(io.sockets, ids, 'quest:update', update);
    }
  }

  /**
   * A socket that connects (for the first time, or again, recovered or not) gets the lobby and its seat's current
   * view, with the events after `since` (the version it last had) when they are few enough; a client further behind,
   * or that did not say, sees the version jump and fetches the feed itself (docs/API.md).
   */
  async function welcome(s: QuestSocket, since: number | undefined): Promise<void> {
    if (!s.connected) return;
    const player = s.data.player;
    try {
      const snap = await service.snapshot(player);
      // Not kept for recovery: a socket that comes back gets a welcome like this one anyway.
      sendUnrecorded(io.sockets, [s.id], 'lobby', snap.lobby);
      if (!snap.view) return;
      const behind = since === undefined ? Number.POSITIVE_INFINITY : snap.version - since;
      const missed =
        behind > 0 && behind <= CATCH_UP_EVENTS
          ? (await service.events(player, since ?? 0, CATCH_UP_EVENTS)).filter((e) => e.seq <= snap.version)
          : [];
      // The welcome is always whole: whatever this socket (or a recovered session) held before is not known to be current.
      s.data.view = undefined;
      send([s], snap.version, missed, snap.view);
    } finally {
      // Even after a failed catch-up the socket gets what follows: the version jump then tells the client to resync.
      caughtUp.add(s);
    }
  }

  /** Tracks this process's sockets per player; only the first in and the last out change what others see. */
  function track(socket: QuestSocket, connected: boolean): void {
    const player = socket.data.player;
    let quest = audiences.get(player.questId);
    if (!quest) audiences.set(player.questId, (quest = new Map()));
    let a = quest.get(player.id);
    if (!a) quest.set(player.id, (a = { player, sockets: new Set() }));
    const before = a.sockets.size;
    if (connected) a.sockets.add(socket);
    else a.sockets.delete(socket);
    if (a.sockets.size === 0) {
      quest.delete(player.id);
      if (quest.size === 0) audiences.delete(player.questId);
    }
    if (closing || before > 0 === a.sockets.size > 0) return;
    // Presence is part of the lobby: the change it makes reaches the quest's sockets as a lobby update.
    laneOf(player.questId).push(() => service.setConnected(player, connected));
  }

  /**
   * The player linked to the person the session cookie signs in, in this quest. A page on another site cannot use
   * the cookie: a browser names the page's origin, and it must be this server's.
   */
  async function sessionPlayer(socket: QuestSocket, questId: string): Promise<Player | null> {
    const cookie = socket.handshake.headers.cookie;
    if (!opts.signedIn || !cookie) return null;
    const origin = socket.handshake.headers.origin;
    if (origin !== undefined && !sameHost(origin, socket.handshake.headers.host)) return null;
    const person = await opts.signedIn(cookie);
    return person ? service.authenticatePerson(questId, person.id) : null;
  }

  io.use(async (socket, next) => {
    const auth = handshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) {
      next(Object.assign(new Error(`invalid auth: ${firstProblem(auth.error)}`), { data: { code: 'invalid' } }));
      return;
    }
    try {
      const { token, questId } = auth.data;
      const player = token ? await service.authenticate(questId, token) : await sessionPlayer(socket, questId);
      if (!player) {
        const why = token
          ? 'this token does not belong to a player of this quest'
          : 'send auth.token, or sign in as a person who plays in this quest';
        next(Object.assign(new Error(`not allowed: ${why}`), { data: { code: 'unauthorized' } }));
        return;
      }
      socket.data.player = player;
      next();
    } catch (e) {
      log.error({ err: e }, 'authenticating a socket failed');
      next(Object.assign(new Error('the server could not check this token; try again'), { data: { code: 'internal' } }));
    }
  });

  type Handler = (player: Player, payload: unknown) => Promise<Reply>;

  const settle = (r: Outcome<{ version: number }>): Reply => (r.ok ? { ok: true, version: r.version } : r);

  function checked<S extends z.ZodType>(schema: S, run: (player: Player, payload: z.output<S>) => Promise<Reply>): Handler {
    return async (player, payload) => {
      const r = schema.safeParse(payload === undefined ? {} : payload);
      if (!r.success) return refusal('invalid', firstProblem(r.error));
      return run(player, r.data);
    };
  }

  const handlers = new Map<string, Handler>([
    ['lobby:seat', checked(seatPayload, async (player, { seat }) => settle(await service.takeSeat(player, seat)))],
    ['lobby:bots', checked(botsPayload, async (player, { persona }) => settle(await service.fillBots(player, persona)))],
    ['lobby:clear', checked(clearPayload, async (player, { role }) => settle(await service.clearSeat(player, role)))],
    ['lobby:start', checked(emptyPayload, async (player) => settle(await service.start(player)))],
    ['quest:command', checked(commandPayload, async (player, { command }) => settle(await service.command(player, command)))],
    [
      'quest:sync',
      checked(emptyPayload, async (player) => {
        const snap = await service.snapshot(player);
        return { ok: true, version: snap.version, view: snap.view, lobby: snap.lobby };
      }),
    ],
  ]);

  io.on('connection', (socket) => {
    const player = socket.data.player;
    socket.data.bucket = new TokenBucket(limits.ratePerSecond, limits.burst, now());
    // A recovered socket gets its rooms back from Socket.IO, with the lobby and presence packets it missed; quest
    // updates it missed come from the store, after the version it says it has (or, recovered, was last sent).
    if (!socket.recovered) void socket.join(questRoom(player.questId));
    const said = catchUpFrom.safeParse(socket.handshake.auth?.version);
    const since = said.success ? said.data : socket.recovered ? socket.data.sentVersion : undefined;

    // Every inbound event comes through here and stops here: rate limit, then the handler, whose answer goes to the
    // acknowledgement. Socket.IO's own listeners are never reached, so nothing unchecked runs.
    socket.use((packet) => {
      const [event, ...args] = packet as [string, ...unknown[]];
      const { payload, extra, ack } = split(args);
      if (!socket.data.bucket.take(now())) {
        ack(refusal('rate_limited', `too many messages: at most ${limits.ratePerSecond} a second; this one was ignored`));
        return;
      }
      const handler = handlers.get(event);
      if (!handler) {
        ack(refusal('invalid', `unknown event '${String(event).slice(0, 40)}'`));
        return;
      }
      if (extra > 0) {
        ack(refusal('invalid', 'send one payload object and an acknowledgement callback'));
        return;
      }
      handler(socket.data.player, payload).then(ack, (e: unknown) => {
        log.error({ err: e, event, questId: player.questId }, 'handling a socket message failed');
        ack(refusal('internal', 'something went wrong on the server; the message may not have been applied'));
      });
    });

    socket.on('disconnect', () => track(socket, false));

    track(socket, true);
    laneOf(player.questId).push(() => welcome(socket, since));
  });

  const unsubscribe = service.onChange((change) => {
    if (closing || !audiences.has(change.questId)) return;
    laneOf(change.questId).change(change);
  });

  // Forget idle lanes of quests nobody here follows.
  const sweep = setInterval(() => {
    for (const [id, lane] of lanes) if (!lane.busy && !audiences.has(id)) lanes.delete(id);
  }, 30_000);
  sweep.unref();

  async function settled(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const busy = [...lanes.values()].filter((l) => l.busy);
      if (busy.length === 0) return;
      await Promise.all(busy.map((l) => l.idle()));
    }
  }

  return {
    io,
    settled,
    async close() {
      closing = true;
      clearInterval(sweep);
      unsubscribe();
      await settled();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
