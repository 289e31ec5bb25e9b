// The JobQueue on pg-boss: jobs are rows in PostgreSQL (schema `pgboss`), so a job enqueued is a job that survives a
// crash, and pg-boss's SKIP LOCKED fetch hands each job to one worker across every process. On the embedded PGlite
// the same pg-boss runs through a small executeSql bridge (see pgliteBossDb), so one code path serves both.
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { EnqueueOptions, JobQueue } from './job-queue.ts';

export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PgBossQueueOptions {
  /** A PostgreSQL server: pg-boss opens its own small pool there. */
  databaseUrl?: string;
  /** The embedded database: pg-boss shares its one connection. */
  pglite?: PGlite;
  log: JobLogger;
  /** How often an idle worker looks for work, seconds (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Attempts after the first failure, with exponential backoff. */
  retryLimit?: number;
  /** Told after every run in this process (metrics); must not throw. */
  onFinished?: (job: string, outcome: 'done' | 'failed' | 'invalid') => void;
}

/** Counts for /metrics, by pg-boss state, per queue. */
export interface JobCounts {
  queue: string;
  state: string;
  count: number;
}

interface Registered {
  schema: z.ZodType<unknown>;
  handler: (payload: unknown) => Promise<void>;
}

/**
 * pg-boss's executeSql over PGlite. Without parameters pg-boss sends whole scripts (its schema, with BEGIN/COMMIT),
 * which only the simple protocol (exec) accepts; with parameters it sends one statement. PGlite runs one statement
 * or script at a time, so a script's transaction never interleaves with the product's queries.
 */
export function pgliteBossDb(client: PGlite): { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return client.query(text, values);
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

export class PgBossQueue implements JobQueue {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, Registered>();
  private readonly ready: Promise<void>;
  private readonly retryLimit: number;
  private closed = false;

  private constructor(
    boss: PgBoss,
    private readonly log: JobLogger,
    private readonly pollingIntervalSeconds: number,
    retryLimit: number,
    private readonly onFinished: NonNullable<PgBossQueueOptions['onFinished']>,
  ) {
    this.boss = boss;
    this.retryLimit = retryLimit;
    boss.on('error', (e) => log.error({ err: e }, 'background job queue error'));
    this.ready = boss.start().then(() => undefined);
  }

  static open(o: PgBossQueueOptions): PgBossQueue {
    const { databaseUrl, pglite } = o;
    if (!databaseUrl && !pglite) throw new Error('the job queue needs a databaseUrl or the embedded PGlite');
    const common = {
      application_name: 'polarity-jobs',
      // Finished jobs are kept a week for inspection, then dropped by pg-boss's maintenance.
      deleteAfterDays: 7,
      // Maintenance and cron run in whichever process takes pg-boss's advisory lock first: once across processes.
      monitorStateIntervalSeconds: 60,
    };
    const boss = pglite
      ? new PgBoss({ ...common, db: pgliteBossDb(pglite) as PgBoss.Db })
      : new PgBoss({ ...common, connectionString: databaseUrl, max: 3 });
    return new PgBossQueue(boss, o.log, o.pollingIntervalSeconds ?? 2, o.retryLimit ?? 5, o.onFinished ?? (() => undefined));
  }

  /** Resolves when pg-boss has its schema and is polling; enqueue and register wait for it themselves. */
  started(): Promise<void> {
    return this.ready;
  }

  register<T>(name: string, schema: z.ZodType<T>, handler: (payload: T) => Promise<void>): void {
    if (this.handlers.has(name)) throw new Error(`a handler for '${name}' is already registered`);
    this.handlers.set(name, { schema, handler: handler as (p: unknown) => Promise<void> });
    void this.ready
      .then(() => this.ensureQueue(name))
      .then(() =>
        this.boss.work<unknown>(name, { pollingIntervalSeconds: this.pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
          for (const job of jobs) await this.run(name, job.id, job.data);
        }),
      )
      .catch((e) => this.log.error({ err: e, job: name }, 'could not start the worker for a job'));
  }

  async enqueue<T>(name: string, payload: T, opts: EnqueueOptions = {}): Promise<void> {
    await this.ready;
    await this.ensureQueue(name);
    // Every queue is 'stately' (one queued and one running per key); a job without a key gets a key of its own, so
    // only jobs that ask to be deduplicated are.
    await this.boss.send(name, payload as object, {
      singletonKey: opts.singletonKey ?? randomUUID(),
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      retryLimit: this.retryLimit,
      retryBackoff: true,
    });
  }

  async every(name: string, cron: string): Promise<void> {
    await this.ready;
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, {}, { tz: 'UTC', retryLimit: this.retryLimit, retryBackoff: true });
  }

  /** Jobs per queue and state, for the metrics endpoint. */
  async counts(): Promise<JobCounts[]> {
    await this.ready;
    const out: JobCounts[] = [];
    for (const q of await this.boss.getQueues()) {
      const size = await this.boss.getQueueSize(q.name);
      out.push({ queue: q.name, state: 'queued', count: size });
    }
    return out;
  }

  /** Stops fetching, waits for running jobs (up to 10 s), and releases the connection pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  private readonly queues = new Map<string, Promise<void>>();

  private ensureQueue(name: string): Promise<void> {
    let p = this.queues.get(name);
    if (!p) {
      p = this.boss.getQueue(name).then(async (q) => {
        if (!q) await this.boss.createQueue(name, { name, policy: 'stately' });
      });
      this.queues.set(name, p);
      p.catch(() => this.queues.delete(name));
    }
    return p;
  }

  private async run(name: string, id: string, data: unknown): Promise<void> {
    const r = this.handlers.get(name);
    if (!r) throw new Error(`no handler for '${name}'`);
    const parsed = r.schema.safeParse(data ?? {});
    if (!parsed.success) {
      // Retrying cannot make a bad payload good: fail it for good and say why.
      this.log.error({ job: name, id, issues: parsed.error.issues.slice(0, 3) }, 'a job payload does not parse; not retried');
      await this.boss.cancel(name, id);
      this.onFinished(name, 'invalid');
      return;
    }
    try {
      await r.handler(parsed.data);
    } catch (e) {
      this.onFinished(name, 'failed');
      this.log.warn({ err: e, job: name, id }, 'a job failed; pg-boss retries it with backoff');
      throw e;
    }
    this.onFinished(name, 'done');
  }
}
