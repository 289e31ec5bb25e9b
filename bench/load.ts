// `npm run bench:load`: ramps bot-driven quests of five sockets up to 1,000 quests on ONE Polarity server process
// and compares, in the same run:
//   - action-to-all-peers latency (p50/p99) against a bare Socket.IO server at the same load (goals: <= 2x, p99 < 50 ms)
//   - memory per connected player: the server's heap and RSS growth over its idle start, per socket (goal <= 20 KB)
//   - cross-process against same-process delivery: two server processes with the Redis Streams adapter and the
//     players of every quest split across them, against one process (goal <= 1.5x)
// The server, the bare server and the players each run in a process of their own (bench/load/), on loopback only;
// each reports its CPU share, so the table says which side saturates. Prints a table, writes a JSON result, and
// never fails on a missed goal.
//   npm run bench:load                       the full run (about 6 minutes)
//   npm run bench:load -- --quick            a small run (about 1 minute) to check that everything works
//   flags: --minutes 6 (the time budget; a ramp that runs out of it stops where it got to and says so)
//          --priority=-10 (nice value for the bench's own processes, on a machine shared with other work)
//          --steps 100,250,500,1000  --window 15 (seconds)  --store pglite|postgres|both  --cross-quests 200 (0 skips)
//          --out bench/results/load-<date>.json  --profile <dir> (CPU profiles of the Polarity servers, node --cpu-prof)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { cpus, loadavg, setPriority } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Child, type CpuSample, type ProcessSample, startChild } from './load/ipc.ts';
import type { Measurement } from './load/players.ts';

const GOALS = { latencyRatio: 2, p99Ms: 50, bytesPerPlayer: 20 * 1024, crossProcessRatio: 1.5 };
const ADMIN_URL = process.env.POLARITY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    steps: { type: 'string' },
    window: { type: 'string' },
    store: { type: 'string', default: 'pglite' },
    'cross-quests': { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'string' },
    minutes: { type: 'string' },
    priority: { type: 'string' },
  },
});
const quick = flags.quick === true;
const steps = (flags.steps ?? (quick ? '10,40' : '100,250,500,1000')).split(',').map((s) => Number.parseInt(s, 10));
const windowMs = Number(flags.window ?? (quick ? 5 : 15)) * 1000;
const crossQuests = Number.parseInt(flags['cross-quests'] ?? (quick ? '10' : '200'), 10);
const priority = Number.parseInt(flags.priority ?? '0', 10);
const budgetMs = Number(flags.minutes ?? (quick ? 2 : 6)) * 60_000;
const stores = flags.store === 'both' ? ['pglite', 'postgres'] : [flags.store as string];
if (steps.some((n) => !Number.isSafeInteger(n) || n < 1) || !(windowMs > 0) || !Number.isSafeInteger(crossQuests)) {
  console.error(
    'usage: bench/load.ts [--quick] [--steps 100,250,...] [--window seconds] [--store pglite|postgres|both] [--cross-quests n] [--out file]',
  );
  process.exit(2);
}
if (stores.some((s) => s !== 'pglite' && s !== 'postgres')) {
  console.error(`--store is pglite, postgres or both, not '${flags.store}'`);
  process.exit(2);
}
const date = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
const out = resolve(flags.out ?? `bench/results/load-${date}.json`);

// --- progress display (stderr) -----------------------------------------------------------------------------------
const began = performance.now();
const tty = process.stderr.isTTY;
let phase = '';
function show(text: string, keep = false): void {
  const s = Math.round((performance.now() - began) / 1000);
  const line = `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${phase}${text}`;
  if (tty && !keep) process.stderr.write(`\r\x1b[K${line}`);
  else process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`);
}

// --- processes -------------------------------------------------------------------------------------------------
const children = new Set<Child<unknown>>();
const setupFailures: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function child<R>(file: string, name: string, env?: Record<string, string>): Promise<Child<R>> {
  const execArgv =
    flags.profile && file === 'polarity-server.ts' ? ['--cpu-prof', `--cpu-prof-dir=${resolve(flags.profile)}`] : [];
  const c = await startChild<R>(file, { name, execArgv, ...(env ? { env } : {}), onProgress: (t) => show(t) });
  children.add(c as Child<unknown>);
  if (priority !== 0) setPriority(c.pid, priority);
  return c;
}

async function stopChild(c: Child<unknown>): Promise<void> {
  children.delete(c);
  await c.stop();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (!address || typeof address !== 'object') throw new Error('no free port');
  return address.port;
}

async function database(): Promise<string> {
  const name = `polarity_load_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A redis-server of our own on a random port, without persistence: nothing else shares it. */
async function redis(): Promise<string> {
  const port = await freePort();
  const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  cleanups.push(async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  });
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = tcpConnect(port, '127.0.0.1', () => {
        s.end();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

// --- measuring -------------------------------------------------------------------------------------------------
interface ServerReady {
  url: string;
  store?: string;
}

interface CommandTimes {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  /** The embedded database's thread in the window: statements, time spent running them, the longest (ms). */
  db: { statements: number; busyMs: number; longestMs: number } | null;
}

interface Step {
  quests: number;
  players: number;
  setupSeconds: number;
  latency: Measurement;
  serverCpu: number;
  /** The server's event-loop delay in the window (ms, the worst process): time every socket waited for the CPU. */
  serverLoopDelayP99: number;
  serverLoopDelayMax: number;
  /** Garbage collection in the window (the worst process): the longest pause, and the share of the time spent. */
  serverGcMaxMs: number;
  serverGcShare: number;
  /** Growth over the idle server, per connected player (socket), after a full GC. */
  heapBytesPerPlayer: number;
  rssBytesPerPlayer: number;
  heapUsed: number;
  rss: number;
  /** Per Polarity process: a command's time in the server (handler to committed answer), in the window. */
  serverCommandMs: CommandTimes[] | null;
  /** Packets held for Socket.IO's connection state recovery (2 minutes of broadcasts), summed over processes. */
  recoveryPackets: number | null;
}

const ms = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '—' : `${n.toFixed(digits)} ms`);
const pct = (n: number) => `${Math.round(n * 100)}%`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function ramp(
  label: string,
  target: 'polarity' | 'bare',
  servers: Child<ServerReady>[],
  players: Child<unknown>,
  levels: number[],
  /** Date.now() by which this ramp must be done: setup stops early enough to leave the window its time. */
  until: number,
): Promise<{ idle: ProcessSample[]; steps: Step[]; stoppedEarly: boolean }> {
  phase = `${label}: `;
  const idle = await Promise.all(servers.map((s) => s.call<ProcessSample>('memory')));
  const result: Step[] = [];
  const urls = servers.map((s) => s.ready.url);
  let stoppedEarly = false;
  for (const total of levels) {
    const setupUntil = until - windowMs - Math.min(5_000, windowMs / 3) - 5_000;
    if (Date.now() >= setupUntil) {
      stoppedEarly = true;
      break;
    }
    show(`setting up ${total} quests`);
    const grown = await players.call<{ quests: number; sockets: number; ms: number; failed: number; error: string | null }>(
      'grow',
      {
        target,
        urls,
        total,
        until: setupUntil,
      },
    );
    if (grown.quests < total) stoppedEarly = true;
    if (grown.failed > 0) {
      show(`${grown.failed} quests could not be set up (first: ${grown.error}); the ramp ends here`, true);
      setupFailures.push(`${label}: ${grown.failed} quests failed to set up at ${total}: ${grown.error}`);
    }
    if (result.some((r) => r.quests === grown.quests)) break;
    // Let the ramp's own traffic drain and every quest reach its pace before the clock starts.
    await new Promise((r) => setTimeout(r, Math.min(5_000, windowMs / 3)));
    show(`${grown.quests} quests: measuring for ${windowMs / 1000} s`);
    const cpu0 = await Promise.all(servers.map((s) => s.call<CpuSample>('cpu')));
    if (target === 'polarity') await Promise.all(servers.map((s) => s.call('commandTimes')));
    const latency = await players.call<Measurement>('measure', { ms: windowMs });
    const cpu1 = await Promise.all(servers.map((s) => s.call<CpuSample>('cpu')));
    const commands = target === 'polarity' ? await Promise.all(servers.map((s) => s.call<CommandTimes>('commandTimes'))) : null;
    const memory = await Promise.all(servers.map((s) => s.call<ProcessSample>('memory')));
    const serverCpu = Math.max(
      ...cpu0.map((c0, i) => {
        const c1 = cpu1[i] as CpuSample;
        return (c1.cpuMicros - c0.cpuMicros) / 1000 / (c1.at - c0.at);
      }),
    );
    const sum = (xs: ProcessSample[], k: 'heapUsed' | 'rss') => xs.reduce((a, x) => a + x[k], 0);
    const step: Step = {
      quests: grown.quests,
      players: grown.sockets,
      setupSeconds: grown.ms / 1000,
      latency,
      serverCpu,
      serverLoopDelayP99: Math.max(...cpu1.map((c) => c.loopDelayP99)),
      serverLoopDelayMax: Math.max(...cpu1.map((c) => c.loopDelayMax)),
      serverGcMaxMs: Math.max(...cpu1.map((c) => c.gcMaxMs)),
      serverGcShare: Math.max(...cpu1.map((c, i) => c.gcTotalMs / (c.at - (cpu0[i] as CpuSample).at))),
      heapBytesPerPlayer: (sum(memory, 'heapUsed') - sum(idle, 'heapUsed')) / grown.sockets,
      rssBytesPerPlayer: (sum(memory, 'rss') - sum(idle, 'rss')) / grown.sockets,
      heapUsed: sum(memory, 'heapUsed'),
      rss: sum(memory, 'rss'),
      serverCommandMs: commands,
      recoveryPackets: memory.some((m) => typeof m.recoveryPackets === 'number')
        ? memory.reduce((a, m) => a + (m.recoveryPackets ?? 0), 0)
        : null,
    };
    result.push(step);
    show(
      `${grown.quests} quests: p50 ${ms(latency.p50)} p99 ${ms(latency.p99)} · ${latency.actionsPerSecond.toFixed(0)} actions/s · ` +
        `server cpu ${pct(serverCpu)} (loop delay p99 ${ms(step.serverLoopDelayP99)}, max ${ms(step.serverLoopDelayMax, 0)}; ` +
        `gc max ${ms(step.serverGcMaxMs, 0)}, ${pct(step.serverGcShare)} of the time) ` +
        `client cpu ${pct(latency.clientCpu)} · heap ${kb(step.heapBytesPerPlayer)}/player` +
        (commands
          ? ` · in the server p50 ${ms(Math.max(...commands.map((c) => c.p50 ?? 0)))} p99 ${ms(Math.max(...commands.map((c) => c.p99 ?? 0)))}`
          : '') +
        (commands?.[0]?.db
          ? ` · db thread ${(commands[0].db.statements / (windowMs / 1000)).toFixed(0)} statements/s, busy ${pct(commands[0].db.busyMs / windowMs)}, longest ${ms(commands[0].db.longestMs)}`
          : '') +
        (latency.refused || latency.lost ? ` · refused ${latency.refused} lost ${latency.lost}` : ''),
      true,
    );
    if (stoppedEarly) {
      show(`out of time: stopped at ${grown.quests} of ${total} quests (see --minutes)`, true);
      break;
    }
  }
  await players.call('stop');
  return { idle, steps: result, stoppedEarly };
}

async function polarityServers(store: string, n: number, redisUrl?: string): Promise<Child<ServerReady>[]> {
  const env: Record<string, string> = {};
  if (store === 'postgres') env.DATABASE_URL = await database();
  if (redisUrl) {
    env.REDIS_URL = redisUrl;
    env.REDIS_KEY_PREFIX = `polarity-load-${randomBytes(4).toString('hex')}:`;
  }
  const servers: Child<ServerReady>[] = [];
  // One at a time: the first applies the migrations.
  for (let i = 0; i < n; i++) servers.push(await child<ServerReady>('polarity-server.ts', `polarity server ${i + 1}`, env));
  return servers;
}

async function main() {
  show(
    `load bench: steps ${steps.join(', ')} quests, ${windowMs / 1000} s windows, store ${stores.join(' + ')}, ` +
      `cross-process ${crossQuests || 'skipped'}; ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}`,
    true,
  );
  const players = await child<unknown>('players.ts', 'players');
  // The budget: each Polarity ramp a share, then the bare server (quick to set up) and the cross-process pair.
  const start = Date.now();
  const shares = { polarity: crossQuests > 0 ? 0.62 : 0.8, bare: 0.2 };
  const polarity: Record<string, Awaited<ReturnType<typeof ramp>>> = {};
  for (const [i, store] of stores.entries()) {
    const [server] = await polarityServers(store, 1);
    const until = start + (budgetMs * shares.polarity * (i + 1)) / stores.length;
    polarity[store] = await ramp(
      `polarity (${store}, 1 process)`,
      'polarity',
      [server as Child<ServerReady>],
      players,
      steps,
      until,
    );
    await stopChild(server as Child<unknown>);
  }
  // The bare server is measured at the loads the Polarity server reached, so every row has its baseline.
  const reached = [...new Set(Object.values(polarity).flatMap((r) => r.steps.map((s) => s.quests)))].sort((a, b) => a - b);
  const bareServer = await child<ServerReady>('bare-server.ts', 'bare server');
  const bareUntil = Math.max(Date.now() + 60_000, start + budgetMs * (shares.polarity + shares.bare));
  const bare = await ramp('bare socket.io', 'bare', [bareServer], players, reached, bareUntil);
  await stopChild(bareServer as Child<unknown>);

  let cross: { same: Step; cross: Step } | { skipped: string } = { skipped: 'not run (--cross-quests 0)' };
  if (crossQuests > 0) {
    try {
      const [single] = await polarityServers('postgres', 1);
      const pairUntil = Math.max(Date.now() + 2 * 60_000, start + budgetMs);
      const sameUntil = Date.now() + (pairUntil - Date.now()) / 2;
      const same = (
        await ramp('same process (postgres)', 'polarity', [single as Child<ServerReady>], players, [crossQuests], sameUntil)
      ).steps[0];
      if (!same) throw new Error('out of time before the same-process measurement');
      await stopChild(single as Child<unknown>);
      const redisUrl = await redis();
      const pair = await polarityServers('postgres', 2, redisUrl);
      const two = (await ramp('two processes (postgres + redis)', 'polarity', pair, players, [same.quests], pairUntil)).steps[0];
      if (!two) throw new Error('out of time before the cross-process measurement');
      for (const s of pair) await stopChild(s as Child<unknown>);
      cross = { same, cross: two };
    } catch (e) {
      cross = { skipped: e instanceof Error ? (e.message.split('\n')[0] as string) : String(e) };
      show(`cross-process skipped: ${cross.skipped}`, true);
    }
  }
  await stopChild(players);
  phase = '';

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverage: loadavg() },
    settings: {
      steps,
      windowSeconds: windowMs / 1000,
      stores,
      crossQuests,
      socketsPerQuest: 5,
      budgetMinutes: budgetMs / 60_000,
      priority,
    },
    goals: GOALS,
    polarity,
    bare,
    crossProcess: cross,
    setupFailures,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result.polarity, bare.steps, cross);
  console.log(`\nresult written to ${out}`);
}

function printTable(
  polarity: Record<string, { steps: Step[] }>,
  bare: Step[],
  cross: { same: Step; cross: Step } | { skipped: string },
): void {
  const rows: string[][] = [];
  for (const [store, run] of Object.entries(polarity)) {
    for (const s of run.steps) {
      const b = bare.find((x) => x.quests === s.quests);
      const ratio = (a: number | null, z: number | null | undefined) => (a !== null && z ? `${(a / z).toFixed(1)}x` : '—');
      rows.push([
        store,
        String(s.quests),
        String(s.players),
        s.latency.actionsPerSecond.toFixed(0),
        `${ms(s.latency.p50)} / ${ms(s.latency.p99)}`,
        b ? `${ms(b.latency.p50, 2)} / ${ms(b.latency.p99, 2)}` : '—',
        `${ratio(s.latency.p50, b?.latency.p50)} / ${ratio(s.latency.p99, b?.latency.p99)}`,
        `${kb(s.heapBytesPerPlayer)} (${kb(s.rssBytesPerPlayer)})`,
        b ? `${kb(b.heapBytesPerPlayer)} (${kb(b.rssBytesPerPlayer)})` : '—',
        `${pct(s.serverCpu)} / ${pct(s.latency.clientCpu)}`,
        `${s.latency.refused}/${s.latency.lost}`,
      ]);
    }
  }
  const head = [
    'store',
    'quests',
    'players',
    'actions/s',
    'polarity p50 / p99',
    'bare p50 / p99',
    'ratio p50 / p99',
    'heap (rss) per player',
    'bare heap (rss)',
    'cpu server / players',
    'refused/lost',
  ];
  console.log(
    `\nAction to all peers (goal: ratio <= ${GOALS.latencyRatio}x, p99 < ${GOALS.p99Ms} ms); memory per player (goal <= 20 KB)`,
  );
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  if ('skipped' in cross) {
    console.log(`\nCross-process: ${cross.skipped}`);
    return;
  }
  const r = (a: number | null, z: number | null) => (a !== null && z ? `${(a / z).toFixed(2)}x` : '—');
  console.log(
    `\nCross-process against same-process delivery, ${cross.same.quests} quests on PostgreSQL (goal <= ${GOALS.crossProcessRatio}x)`,
  );
  console.log('| | p50 | p99 | actions/s | cpu server (busiest) / players |\n|---|---|---|---|---|');
  console.log(
    `| one process | ${ms(cross.same.latency.p50)} | ${ms(cross.same.latency.p99)} | ${cross.same.latency.actionsPerSecond.toFixed(0)} | ${pct(cross.same.serverCpu)} / ${pct(cross.same.latency.clientCpu)} |`,
  );
  console.log(
    `| two processes + Redis | ${ms(cross.cross.latency.p50)} | ${ms(cross.cross.latency.p99)} | ${cross.cross.latency.actionsPerSecond.toFixed(0)} | ${pct(cross.cross.serverCpu)} / ${pct(cross.cross.latency.clientCpu)} |`,
  );
  console.log(
    `| ratio | ${r(cross.cross.latency.p50, cross.same.latency.p50)} | ${r(cross.cross.latency.p99, cross.same.latency.p99)} | | |`,
  );
}

async function cleanUp(): Promise<void> {
  for (const c of [...children]) await c.stop().catch(() => undefined);
  for (const c of cleanups.reverse()) await c().catch((e: unknown) => show(`cleanup failed: ${String(e)}`, true));
  cleanups.length = 0;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    show(`${signal}: stopping the servers and players`, true);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  await main();
} finally {
  await cleanUp();
}
