// The embedded PGlite, run on a worker thread (pglite-thread-worker.ts) and reached through the part of PGlite's
// client API that drizzle's PGlite driver, the migrator and pg-boss use: query, exec, transaction. PGlite executes
// each statement synchronously; on the server's thread that stopped every socket for as long as a batch of appends
// or a checkpoint took. Messages to a worker keep their order, so statements still run in the order they were sent.
import { Worker } from 'node:worker_threads';
import { type PGlite, type QueryOptions, type Results, types } from '@electric-sql/pglite';

export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; rowMode: 'object' | 'array'; drizzle: boolean; tx?: number }
  | { id: number; op: 'exec'; sql: string; drizzle: boolean; tx?: number }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'dump' }
  | { id: number; op: 'stats' }
  | { id: number; op: 'close' };
type Sent = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Record<string, unknown> };

/** What a statement inside a transaction is sent through (drizzle's PgliteSession calls query on it). */
export interface ThreadTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
}

/**
 * Drizzle asks for dates and intervals as text by passing its own parsers; functions cannot cross to the thread,
 * so the thread applies the same set when it sees drizzle's. Everyone else gets PGlite's defaults.
 */
const fromDrizzle = (options?: QueryOptions) => options?.parsers?.[types.TIMESTAMPTZ] !== undefined;

/**
 * A worker thread does not inherit tsx's loader on Node 20 (`--import tsx` registers it on the main thread only), so
 * the thread starts from a line of JavaScript that loads the TypeScript worker through tsx's API.
 */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(
  new URL('./pglite-thread-worker.ts', import.meta.url).href,
)}, ${JSON.stringify(import.meta.url)}))`;

export class PGliteThread {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private nextTx = 1;
  private stopped: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly onError: (e: Error) => void,
  ) {}

  /** Starts the thread and opens (or creates) the database in dataDir, from a dumped image when given. */
  static async create(o: { dataDir: string; loadDataDir?: Blob; onError?: (e: Error) => void }): Promise<PGliteThread> {
    const image = o.loadDataDir ? await o.loadDataDir.arrayBuffer() : null;
    const worker = new Worker(WORKER_BOOT, {
      eval: true,
      workerData: { dataDir: o.dataDir, image },
      ...(image ? { transferList: [image] } : {}),
    });
    const thread = new PGliteThread(worker, o.onError ?? (() => undefined));
    await new Promise<void>((resolve, reject) => {
      thread.pending.set(0, { resolve: () => resolve(), reject });
      worker.on('message', (m: ThreadReply) => thread.answer(m));
      worker.on('error', (e) => thread.stop(new Error(`the database thread failed: ${e.message}`, { cause: e })));
      worker.on('exit', (code) => thread.stop(new Error(`the database thread stopped (exit code ${code})`)));
    });
    thread.idle();
    return thread;
  }

  query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.send({ op: 'query', sql, params, rowMode: options?.rowMode ?? 'object', drizzle: fromDrizzle(options) });
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.send({ op: 'exec', sql, drizzle: fromDrizzle(options) });
  }

  /** Commits when fn resolves, rolls back when it throws; statements outside it wait until it has ended. */
  async transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    const tx = this.nextTx++;
    await this.send({ op: 'begin', tx });
    const inside: ThreadTransaction = {
      query: (sql, params = [], options) =>
        this.send({ op: 'query', sql, params, rowMode: options?.rowMode ?? 'object', drizzle: fromDrizzle(options), tx }),
      exec: (sql, options) => this.send({ op: 'exec', sql, drizzle: fromDrizzle(options), tx }),
    };
    let result: T;
    try {
      result = await fn(inside);
    } catch (e) {
      await this.send({ op: 'end', tx, commit: false });
      throw e;
    }
    await this.send({ op: 'end', tx, commit: true });
    return result;
  }

  /** Statements run since the last call, the time the thread spent running them, and the longest (ms). */
  stats(): Promise<{ statements: number; busyMs: number; longestMs: number }> {
    return this.send({ op: 'stats' });
  }

  async dumpDataDir(): Promise<Blob> {
    return new Blob([await this.send<ArrayBuffer>({ op: 'dump' })]);
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.send({ op: 'close' });
    this.stopped = new Error('the database is closed');
    await this.worker.terminate();
  }

  /** For drizzle's PGlite driver and pg-boss's bridge, which are typed against PGlite itself. */
  asPGlite(): PGlite {
    return this as unknown as PGlite;
  }

  private send<T>(request: Sent): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    // A request in flight keeps the process alive, as a statement on the main thread would; an idle thread does not.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private answer(m: ThreadReply): void {
    const waiting = this.pending.get(m.id);
    if (!waiting) return;
    this.pending.delete(m.id);
    if (m.ok) waiting.resolve(m.value);
    else waiting.reject(Object.assign(new Error(String(m.error.message)), m.error));
    this.idle();
  }

  private idle(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  private stop(e: Error): void {
    if (this.stopped) return;
    this.stopped = e;
    for (const w of this.pending.values()) w.reject(e);
    this.pending.clear();
    this.onError(e);
  }
}
