// Action-to-all-peers round trip through the real server, in-process on loopback: for N concurrent quests (bots in
// the other three roles, thinking at their default pace), one player per quest sends `say` commands and the clock stops when
// every socket in that quest (the sender and two spectators) has the quest:update carrying it. Beside it, in the
// same run, a bare Socket.IO server that only relays a message to a room: what the transport alone costs.
// Prints, asserts nothing. Run alone: node --import tsx bench/realtime.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { api, startTestServer, type TestServer } from '../server/http/test-server.ts';
import { openStore } from '../server/store/open-store.ts';

export interface RealtimeLevel {
  quests: number;
  samples: number;
  actionsPerSecond: number;
  p50: number;
  p99: number;
  bareP50: number;
  bareP99: number;
}

const PEERS_PER_QUEST = 3;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(url: string, auth: Record<string, string>): Promise<Socket> {
  const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/**
 * A closed loop per room: send, wait until all peers have it, think for 300-900 ms, send again. `send` returns the
 * text it sent; `seen` registers a callback per socket telling which texts arrived.
 */
async function drive(
  rooms: { actor: Socket; peers: Socket[] }[],
  send: (actor: Socket, text: string) => void,
  textsOf: (payload: unknown) => string[],
  event: string,
  ms: number,
): Promise<{ latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  const pending = new Map<string, { sent: number; left: number; done: () => void }>();
  for (const room of rooms) {
    for (const s of room.peers) {
      s.on(event, (payload: unknown) => {
        for (const text of textsOf(payload)) {
          const p = pending.get(text);
          if (!p) continue;
          if (--p.left === 0) {
            latencies.push(performance.now() - p.sent);
            pending.delete(text);
            p.done();
          }
        }
      });
    }
  }
  const start = performance.now();
  const end = start + ms;
  let n = 0;
  await Promise.all(
    rooms.map(async (room, r) => {
      await pause(Math.random() * 500);
      while (performance.now() < end) {
        const text = `bench ${r} ${n++}`;
        const arrived = new Promise<void>((done) =>
          pending.set(text, { sent: performance.now(), left: room.peers.length, done }),
        );
        send(room.actor, text);
        await Promise.race([arrived, pause(10_000)]);
        pending.delete(text);
        await pause(300 + Math.random() * 600);
      }
    }),
  );
  for (const room of rooms) for (const s of room.peers) s.off(event);
  return { latencies, elapsed: performance.now() - start };
}

async function questRooms(
  server: TestServer,
  n: number,
): Promise<{ rooms: { actor: Socket; peers: Socket[] }[]; hosts: Socket[] }> {
  const rooms: { actor: Socket; peers: Socket[] }[] = [];
  const hosts: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const host = await api.create(server.url, `Bench ${i}`);
    const actor = await open(server.url, { token: host.player.token, questId: host.questId });
    const peers = [actor];
    for (let j = 1; j < PEERS_PER_QUEST; j++) {
      const joined = await api.join(server.url, host.invite, `Peer ${j}`);
      const s = await open(server.url, { token: joined.player.token, questId: host.questId });
      await s.emitWithAck('lobby:seat', { seat: 'spectator' });
      peers.push(s);
    }
    const seated = (await actor.emitWithAck('lobby:seat', { seat: 'pm' })) as { ok: boolean };
    if (!seated.ok) throw new Error('could not take the pm seat');
    // Bots take the other roles, so every quest has moves of its own going on in the background.
    await actor.emitWithAck('lobby:bots', { persona: 'collaborative' });
    const started = (await actor.emitWithAck('lobby:start', {})) as { ok: boolean };
    if (!started.ok) throw new Error(`could not start quest ${i}: ${JSON.stringify(started)}`);
    rooms.push({ actor, peers });
    hosts.push(actor);
  }
  return { rooms, hosts };
}

function textsOfUpdate(payload: unknown): string[] {
  const events = (payload as { events?: { event: { type: string; text?: string } }[] }).events ?? [];
  return events
    .filter((e) => e.event.type === 'message_sent' && typeof e.event.text === 'string')
    .map((e) => e.event.text as string);
}

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const ioServer = new Server(http, { transports: ['websocket'], serveClient: false });
  ioServer.on('connection', (s) => {
    const room = String(s.handshake.auth.room);
    void s.join(room);
    s.on('say', (text: string, ack?: () => void) => {
      ioServer.to(room).emit('update', { text });
      ack?.();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const a = http.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => ioServer.close(() => r())),
  };
}

async function bareRooms(url: string, n: number): Promise<{ actor: Socket; peers: Socket[] }[]> {
  const rooms: { actor: Socket; peers: Socket[] }[] = [];
  for (let i = 0; i < n; i++) {
    const peers: Socket[] = [];
    for (let j = 0; j < PEERS_PER_QUEST; j++) peers.push(await open(url, { room: `r${i}` }));
    rooms.push({ actor: peers[0] as Socket, peers });
  }
  return rooms;
}

/** The realtime suite: each level measures for `ms` through the real server and then through the bare relay. */
export async function runRealtimeBench(opts: { levels?: number[]; ms?: number } = {}): Promise<RealtimeLevel[]> {
  const levels = opts.levels ?? [1, 10, 50];
  const ms = opts.ms ?? 5000;
  const dir = mkdtempSync(join(tmpdir(), 'polarity-bench-rt-'));
  const opened = await openStore({ dataDir: dir });
  const server = await startTestServer({ opened, service: { botThinkMs: { min: 4_000, max: 20_000 } } });
  const bare = await bareServer();
  const results: RealtimeLevel[] = [];
  console.log(
    `realtime: say -> quest:update at all ${PEERS_PER_QUEST} sockets of the quest (PGlite on disk, 3 bots per quest), ` +
      'beside a bare Socket.IO room relay',
  );
  try {
    for (const n of levels) {
      const { rooms, hosts } = await questRooms(server, n);
      const real = await drive(
        rooms,
        (actor, text) => actor.emit('quest:command', { command: { type: 'say', text } }, () => undefined),
        textsOfUpdate,
        'quest:update',
        ms,
      );
      for (const h of hosts) await h.emitWithAck('quest:command', { command: { type: 'end', reason: 'benchmark over' } });
      for (const r of rooms) for (const s of r.peers) s.close();

      const relayRooms = await bareRooms(bare.url, n);
      const relay = await drive(
        relayRooms,
        (actor, text) => actor.emit('say', text, () => undefined),
        (p) => [(p as { text: string }).text],
        'update',
        ms,
      );
      for (const r of relayRooms) for (const s of r.peers) s.close();

      const a = [...real.latencies].sort((x, y) => x - y);
      const b = [...relay.latencies].sort((x, y) => x - y);
      const level: RealtimeLevel = {
        quests: n,
        samples: a.length,
        actionsPerSecond: (a.length * 1000) / real.elapsed,
        p50: percentile(a, 0.5),
        p99: percentile(a, 0.99),
        bareP50: percentile(b, 0.5),
        bareP99: percentile(b, 0.99),
      };
      results.push(level);
      console.log(
        `  ${String(n).padStart(3)} quests  server p50 ${level.p50.toFixed(1).padStart(6)} ms  p99 ${level.p99.toFixed(1).padStart(6)} ms` +
          `  (${level.samples} actions, ${level.actionsPerSecond.toFixed(0)}/s)` +
          `   bare relay p50 ${level.bareP50.toFixed(2).padStart(5)} ms  p99 ${level.bareP99.toFixed(2).padStart(5)} ms`,
      );
      await pause(200);
    }
  } finally {
    await bare.close();
    await server.close();
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runRealtimeBench();
}
