// A small Polarity deployment for the scale-out tests: a fresh PostgreSQL database, a redis-server of the test's own
// on a random port (so it can be stopped without touching the machine's Redis), Polarity processes spawned as
// `node --import tsx server/main.ts`, and nginx running deploy/nginx.conf with only its upstream and port replaced.
// Everything is stopped by pid, and the database dropped, by stop().
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_URL = process.env.POLARITY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ms: number, check: () => Promise<boolean>, proc?: Spawned): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`${proc.name} exited with ${proc.child.exitCode}: ${proc.output()}`);
    if (await check().catch(() => false)) return;
    await sleep(150);
  }
  throw new Error(`${what} did not happen within ${ms} ms${proc ? `: ${proc.output()}` : ''}`);
}

export interface Spawned {
  name: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function spawned(name: string, child: ChildProcess): Spawned {
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    name,
    child,
    output: () => out,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

export interface PolarityProcess extends Spawned {
  port: number;
  url: string;
  /** The process's own /metrics, read from loopback (allowed without a token): the sum over the lines with these labels. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

export interface Cluster {
  databaseUrl: string;
  redisPort: number;
  keyPrefix: string;
  servers: PolarityProcess[];
  startServer(env?: Record<string, string>): Promise<PolarityProcess>;
  startRedis(): Promise<void>;
  stopRedis(): Promise<void>;
  startNginx(upstreams: number[]): Promise<{ url: string; stop(): Promise<void> }>;
  sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startCluster(opts: { scenariosDir?: string; env?: Record<string, string> } = {}): Promise<Cluster> {
  const name = `polarity_scale_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${name}`;
  const databaseUrl = dbUrl.toString();
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const work = mkdtempSync(join(tmpdir(), 'polarity-scale-'));
  const redisPort = await freePort();
  const keyPrefix = `polarity-test-${randomBytes(4).toString('hex')}:`;
  let redis: Spawned | null = null;
  const servers: PolarityProcess[] = [];
  // Secrets every process of one deployment shares (docs/DEPLOY.md).
  const secrets = {
    COACH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    INSIGHTS_NOISE_SECRET: randomBytes(32).toString('base64url'),
    COOKIE_SECRET: randomBytes(32).toString('base64url'),
  };
  const extra: { stop(): Promise<void> }[] = [];

  const cluster: Cluster = {
    databaseUrl,
    redisPort,
    keyPrefix,
    servers,
    async startRedis() {
      redis = spawned(
        'redis-server',
        spawn(REDIS_SERVER, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      const r = redis;
      await until('redis-server listening', 10_000, async () => r.output().includes('Ready to accept connections'), r);
    },
    async stopRedis() {
      await redis?.kill('SIGKILL');
      redis = null;
    },
    async startServer(env = {}) {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: databaseUrl,
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          REDIS_KEY_PREFIX: keyPrefix,
          LOG_LEVEL: 'warn',
          NODE_ENV: 'test',
          METRICS_TOKEN: '',
          ...secrets,
          ...(opts.scenariosDir ? { POLARITY_SCENARIOS_DIR: opts.scenariosDir } : {}),
          ...opts.env,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const url = `http://127.0.0.1:${port}`;
      const p: PolarityProcess = {
        ...spawned(`polarity:${port}`, child),
        port,
        url,
        async metric(metric, labels = {}) {
          const text = await (await fetch(`${url}/metrics`)).text();
          const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
          let sum = 0;
          for (const line of text.split('\n')) {
            if (!line.startsWith(`${metric} `) && !line.startsWith(`${metric}{`)) continue;
            if (wanted.every((l) => line.includes(l))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
          }
          return sum;
        },
      };
      servers.push(p);
      await until('the server answering /readyz', 180_000, async () => (await fetch(`${url}/readyz`)).ok, p);
      return p;
    },
    async startNginx(upstreams) {
      const port = await freePort();
      const prefix = join(work, `nginx-${port}`);
      mkdirSync(join(prefix, 'logs'), { recursive: true });
      const shipped = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
      const servers = upstreams.map((u) => `    server 127.0.0.1:${u} max_fails=1 fail_timeout=5s;`).join('\n');
      const conf = shipped
        .replace(/^(\s*server 127\.0\.0\.1:\d+ [^\n]*\n)+/m, `${servers}\n`)
        .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
        // One worker: its round robin alone decides where each new socket goes, so the test can spread players.
        .replace(/worker_processes auto;/, 'worker_processes 1;');
      assert.ok(
        conf.includes(`127.0.0.1:${upstreams[0]}`) && conf.includes(`listen 127.0.0.1:${port};`),
        'the config was adapted',
      );
      const confPath = join(prefix, 'nginx.conf');
      writeFileSync(confPath, conf);
      const child = spawned(
        'nginx',
        spawn(NGINX, ['-p', prefix, '-c', confPath, '-e', 'stderr', '-g', `daemon off; pid ${join(prefix, 'nginx.pid')};`], {
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      const url = `http://127.0.0.1:${port}`;
      await until('nginx answering', 10_000, async () => (await fetch(`${url}/healthz`)).ok, child);
      // SIGTERM, not SIGQUIT: a graceful quit would wait for the test's own open WebSockets to close.
      const handle = { url, stop: () => child.kill('SIGTERM') };
      extra.push(handle);
      return handle;
    },
    async sql(text, values) {
      return (await db.query(text, values)).rows;
    },
    async stop() {
      await Promise.allSettled(extra.map((e) => e.stop()));
      await Promise.allSettled(servers.map((s) => s.kill('SIGKILL')));
      await cluster.stopRedis();
      await db.end();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
  return cluster;
}

/**
 * ship-by-friday with short clocks: every scene's discussion 30 s, briefings and consequences 5 s, so a whole quest
 * ends in about two minutes by its deadlines alone. Written to a fresh folder as `quick-friday`.
 */
export function quickScenarioDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'polarity-scenarios-'));
  const text = readFileSync(join(ROOT, 'scenarios/ship-by-friday.yaml'), 'utf8').replace(
    /^(\s{4})minutes: [\d.]+$/gm,
    '$1minutes: 0.5\n$1briefing_seconds: 5\n$1consequences_seconds: 5',
  );
  assert.notEqual(text.match(/briefing_seconds: 5/g)?.length ?? 0, 0, 'the scenes were shortened');
  writeFileSync(join(dir, 'quick-friday.yaml'), text);
  return dir;
}
