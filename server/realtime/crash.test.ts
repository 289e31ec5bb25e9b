// Crash test: the real server as a child process (`node --import tsx server/main.ts`) with quick bots, a scripted
// client sending commands over the socket, and SIGKILL at random moments. After every restart the client carries
// on; at the end the data directory is opened with the store and checked: every command the client saw
// acknowledged is in the event log, the stream has no gap, and the stored state (latest snapshot + later events)
// equals a fresh fold of the whole log from the initial state.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { type QuestEvent, type QuestState, replay } from '../../engine/index.ts';
import { type OpenedStore, openStore } from '../store/open-store.ts';
import { questSnapshots } from '../store/schema.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const QUESTS = 2;
const KILLS = 3;
const dataDir = mkdtempSync(join(tmpdir(), 'polarity-crash-'));
let child: ChildProcess | null = null;
let stderr = '';

after(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function start(port: number): Promise<void> {
  stderr = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      POLARITY_DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      POLARITY_BOT_THINK_MS: '30-300',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer within 180 s: ${stderr}`);
}

async function kill(): Promise<void> {
  const c = child;
  if (!c || c.exitCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await exited;
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()) as T;
}

function connect(port: number, questId: string, token: string): Promise<Socket> {
  const s = io(`http://127.0.0.1:${port}`, {
    auth: { token, questId },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

interface Player {
  questId: string;
  token: string;
  acked: Set<string>;
  sent: number;
}

/** Sends say commands (and now and then ready) until the socket fails; records what was acknowledged. */
async function play(port: number, p: Player, until: () => boolean): Promise<void> {
  let s: Socket;
  try {
    s = await connect(port, p.questId, p.token);
  } catch {
    return;
  }
  try {
    while (!until() && s.connected) {
      const text = `crash-test ${p.questId.slice(0, 8)} line ${p.sent++}`;
      const command = p.sent % 15 === 0 ? { type: 'ready' } : { type: 'say', text };
      try {
        const r = (await s.timeout(3000).emitWithAck('quest:command', { command })) as { ok: boolean; error?: { code: string } };
        if (r.ok && command.type === 'say') p.acked.add(text);
        if (!r.ok && r.error?.code === 'rate_limited') await new Promise((res) => setTimeout(res, 100));
      } catch {
        return; // no acknowledgement: the server went away mid-command, so the command may or may not have landed
      }
      await new Promise((res) => setTimeout(res, 20));
    }
  } finally {
    s.close();
  }
}

test('acknowledged commands survive SIGKILL, and stored state equals a fresh replay', { timeout: 900_000 }, async (t) => {
  const port = await freePort();
  await start(port);
  const base = `http://127.0.0.1:${port}`;
  const players: Player[] = [];
  for (let i = 0; i < QUESTS; i++) {
    const q = await post<{ questId: string; invite: string; player: { token: string } }>(`${base}/api/quests`, {
      scenarioId: 'ship-by-friday',
      name: `Crash ${i}`,
      seed: 100 + i,
    });
    const s = await connect(port, q.questId, q.player.token);
    for (const [event, payload] of [
      ['lobby:seat', { seat: 'pm' }],
      ['lobby:bots', { persona: i % 2 === 0 ? 'collaborative' : 'positional' }],
      ['lobby:start', {}],
    ] as const) {
      const r = (await s.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean };
      assert.equal(r.ok, true, `${event}: ${JSON.stringify(r)}`);
    }
    s.close();
    players.push({ questId: q.questId, token: q.player.token, acked: new Set(), sent: 0 });
  }

  const moments: number[] = [];
  for (let k = 0; k <= KILLS; k++) {
    if (k > 0) await start(port);
    const runFor = 600 + Math.floor(Math.random() * 2400);
    moments.push(runFor);
    let stop = false;
    const playing = players.map((p) => play(port, p, () => stop));
    await new Promise((r) => setTimeout(r, runFor));
    // Kill while commands are in flight; the clients notice on their own.
    await kill();
    stop = true;
    await Promise.all(playing);
  }

  const opened = await openStore({ dataDir });
  try {
    for (const p of players) {
      const row = await opened.store.quest(p.questId);
      assert.ok(row, 'the quest row survived');
      const stored = await opened.store.events(p.questId);
      assert.deepEqual(
        stored.map((e) => e.seq),
        Array.from({ length: stored.length }, (_, i) => i + 1),
        'the stream has no gap',
      );
      assert.equal(row.version, stored.length, 'the quest row version matches the stream');
      const said = new Set(stored.filter((e) => e.event.type === 'message_sent').map((e) => (e.event as { text: string }).text));
      const lost = [...p.acked].filter((t) => !said.has(t));
      assert.deepEqual(lost, [], `acknowledged commands missing after kills at ${moments.join(', ')} ms`);
      assert.ok(p.acked.size > 5, `the client got ${p.acked.size} commands acknowledged`);
      assert.ok(
        stored.some((e) => e.actor.startsWith('bot:')),
        'bots played too',
      );

      const events: QuestEvent[] = stored.map((e) => e.event);
      const latest = await opened.store.latestSnapshot(p.questId);
      assert.ok(latest);
      const initial = await initialSnapshot(opened, p.questId);
      const fresh = replay.events(initial, events);
      const resumed = replay.events(latest.state, events.slice(latest.version));
      assert.equal(replay.hash(resumed), replay.hash(fresh), 'latest snapshot + later events = fresh replay');
      assert.equal(fresh.version, stored.length);
      t.diagnostic(
        `quest ${p.questId.slice(0, 8)}: ${p.acked.size} acknowledged says of ${p.sent} sent, ${stored.length} events ` +
          `(${stored.filter((e) => e.actor.startsWith('bot:')).length} by bots), snapshot at ${latest.version}`,
      );
    }
    t.diagnostic(`SIGKILL after ${moments.join(', ')} ms of play`);
  } finally {
    await opened.close();
  }
});

/** The snapshot at version 0: the state the quest started from. */
async function initialSnapshot(opened: OpenedStore, questId: string): Promise<QuestState> {
  const [row] = await opened.store.db
    .select({ state: questSnapshots.state })
    .from(questSnapshots)
    .where(and(eq(questSnapshots.questId, questId), eq(questSnapshots.version, 0)));
  assert.ok(row, 'the initial state is stored as snapshot 0');
  return row.state as QuestState;
}
