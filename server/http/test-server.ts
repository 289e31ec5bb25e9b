// The real server for tests and benchmarks: the QuestService on PGlite in memory, the Fastify app and Socket.IO,
// listening on a free loopback port. Bots think for an hour unless told otherwise, so a test decides who moves.
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { type App, type AppOptions, buildApp } from '../app.ts';
import { createQuestService, type QuestPlay, type QuestServiceOptions } from '../quests/create-quest-service.ts';
import { type OpenedStore, openStore } from '../store/open-store.ts';

export interface TestServer {
  url: string;
  app: App;
  service: QuestPlay;
  opened: OpenedStore;
  close(): Promise<void>;
}

const UNLIMITED = { perMinute: 1_000_000, createPerMinute: 1_000_000, joinPerMinute: 1_000_000 };

export async function startTestServer(
  opts: { service?: Partial<QuestServiceOptions>; app?: Partial<Omit<AppOptions, 'service'>>; opened?: OpenedStore } = {},
): Promise<TestServer> {
  const opened = opts.opened ?? (await openStore({ dataDir: 'memory://' }));
  const service = await createQuestService({
    store: opened.store,
    catalog: loadCatalog(),
    botThinkMs: { min: 3_600_000, max: 3_600_000 },
    ...opts.service,
  });
  const app = await buildApp({ service, httpLimits: UNLIMITED, ...opts.app });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address();
  if (!address || typeof address !== 'object') throw new Error('the test server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    service,
    opened,
    async close() {
      await app.close();
      await service.close();
      if (!opts.opened) await opened.close();
    },
  };
}

export interface Joined {
  questId: string;
  player: { id: string; token: string; name: string };
}

async function call<T>(
  url: string,
  init: RequestInit & { json?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  return { status: res.status, body: (await res.json()) as T };
}

export const api = {
  call,
  async create(base: string, name = 'Host', scenarioId = 'ship-by-friday', seed = 7): Promise<Joined & { invite: string }> {
    const r = await call<Joined & { invite: string }>(`${base}/api/quests`, { method: 'POST', json: { scenarioId, name, seed } });
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  },
  async join(base: string, invite: string, name: string): Promise<Joined> {
    const r = await call<Joined>(`${base}/api/invites/${invite}/join`, { method: 'POST', json: { name } });
    if (r.status !== 201) throw new Error(`join failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  },
};

/** A Socket.IO client that records everything the server sends it. */
export interface Client {
  socket: Socket;
  received: { event: string; payload: unknown }[];
  /** Emits and waits for the acknowledgement. */
  send(
    event: string,
    payload?: unknown,
  ): Promise<{ ok: boolean; version?: number; error?: { code: string; message: string } } & Record<string, unknown>>;
  /** Resolves with the first payload of `event` received from now on that satisfies `match`. */
  next<T = unknown>(event: string, match?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

export function client(
  base: string,
  auth: { token: string; questId: string } | Record<string, unknown>,
  opts: Partial<ManagerOptions & SocketOptions> = {},
): Client {
  const socket = connect(base, { auth, transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  const received: Client['received'] = [];
  const waiters = new Set<{ event: string; match: (p: unknown) => boolean; resolve: (p: unknown) => void }>();
  let view: { version: number } | null = null;
  socket.onAny((event: string, payload: unknown) => {
    if (event === 'quest:update') view = withWholeView(view, payload as QuestUpdatePayload);
    received.push({ event, payload });
    for (const w of waiters) {
      if (w.event === event && w.match(payload)) {
        waiters.delete(w);
        w.resolve(payload);
      }
    }
  });
  return {
    socket,
    received,
    send: (event, payload) =>
      payload === undefined ? socket.timeout(10_000).emitWithAck(event) : socket.timeout(10_000).emitWithAck(event, payload),
    next<T>(event: string, match: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const w = { event, match: match as (p: unknown) => boolean, resolve: resolve as (p: unknown) => void };
        waiters.add(w);
        setTimeout(() => {
          if (waiters.delete(w)) reject(new Error(`no '${event}' within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    close: () => socket.close(),
  };
}

type QuestUpdatePayload = { view?: { version: number } | null; base?: number; changes?: Record<string, unknown> };

/**
 * The protocol's promise, checked on every update every test receives: changes always apply to the very view this
 * socket was last sent (a mismatch throws, failing the test). The payload then also carries the whole view as
 * `view`, so tests read the view the client would show.
 */
function withWholeView(held: { version: number } | null, u: QuestUpdatePayload): { version: number } | null {
  if (!u.changes) return u.view ?? null;
  if (!held || held.version !== u.base) {
    throw new Error(`quest:update changes against version ${u.base}, but this socket holds ${held?.version ?? 'no view'}`);
  }
  u.view = { ...held, ...u.changes } as { version: number };
  return u.view;
}

/** Connects and waits until the server has accepted the socket (or refused it). */
export async function connected(c: Client): Promise<Client> {
  if (c.socket.connected) return c;
  await new Promise<void>((resolve, reject) => {
    c.socket.once('connect', () => resolve());
    c.socket.once('connect_error', (e) => reject(e));
  });
  return c;
}
