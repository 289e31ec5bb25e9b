// The embedded database on a thread of its own (pglite-thread.ts is the other half). PGlite runs PostgreSQL as
// WebAssembly, and every statement runs synchronously to the end: on the server's own thread a batch of appends,
// a checkpoint or a long read stopped every socket while it ran (docs/BENCHMARKS.md, "Load"). Here it blocks only
// this thread. Requests arrive in order and PGlite's own locks keep their meaning: a statement outside a
// transaction waits for an open transaction to end, as it would on the server's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Results, type Transaction, types } from '@electric-sql/pglite';
import type { ThreadReply, ThreadRequest } from './pglite-thread.ts';

const identity = (value: unknown) => value;
/** Drizzle's PGlite driver reads dates and intervals as the text PostgreSQL sends, and maps them itself. */
const DRIZZLE_PARSERS = Object.fromEntries(
  [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((t) => [t, identity]),
);

const port = parentPort;
if (!port) throw new Error('pglite-thread-worker.ts runs as a worker thread (server/store/pglite-thread.ts starts it)');
const { dataDir, image } = workerData as { dataDir: string; image: ArrayBuffer | null };

const open = PGlite.create({ dataDir, ...(image ? { loadDataDir: new Blob([image]) } : {}) });
const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void }>();
const ROLLBACK = Symbol('rollback');

function reply(m: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(m, transfer);
}

/** A PostgreSQL error keeps its SQLSTATE and details across the thread: callers decide on `code` (23505, 40P01...). */
function failure(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const fields: Record<string, unknown> = { message: e.message, name: e.name };
  for (const k of ['code', 'detail', 'hint', 'position', 'schema', 'table', 'column', 'dataType', 'constraint', 'severity']) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (v !== undefined) fields[k] = v;
  }
  return fields;
}

/** How busy the thread has been since the last 'stats' request: statements, time executing, the longest. */
let work = { statements: 0, busyMs: 0, longestMs: 0 };

async function handle(m: ThreadRequest): Promise<void> {
  const pg = await open;
  switch (m.op) {
    case 'stats':
      reply({ id: m.id, ok: true, value: work });
      work = { statements: 0, busyMs: 0, longestMs: 0 };
      return;
    case 'query':
    case 'exec': {
      const started = performance.now();
      const client: Pick<PGlite, 'query' | 'exec'> = m.tx === undefined ? pg : (transactions.get(m.tx)?.tx as Transaction);
      if (!client) throw new Error(`transaction ${m.tx} is not open`);
      const options = m.drizzle ? { parsers: DRIZZLE_PARSERS } : {};
      const value: Results | Results[] =
        m.op === 'query'
          ? await client.query(m.sql, m.params, { ...options, rowMode: m.rowMode })
          : await client.exec(m.sql, options);
      const took = performance.now() - started;
      work.statements++;
      work.busyMs += took;
      work.longestMs = Math.max(work.longestMs, took);
      reply({ id: m.id, ok: true, value });
      return;
    }
    case 'begin': {
      // The transaction stays open in PGlite until the server's side says how it ends.
      let begun = false;
      pg.transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            begun = true;
            transactions.set(m.tx, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)) });
            reply({ id: m.id, ok: true, value: null });
          }),
      ).then(
        () => settle(m.tx, null),
        (e: unknown) => {
          if (begun) settle(m.tx, e === ROLLBACK ? null : e);
          else reply({ id: m.id, ok: false, error: failure(e) });
        },
      );
      return;
    }
    case 'end': {
      const open = transactions.get(m.tx);
      if (!open) throw new Error(`transaction ${m.tx} is not open`);
      ending.set(m.tx, m.id);
      open.end(m.commit);
      return;
    }
    case 'dump': {
      const blob = (await pg.dumpDataDir('none')) as Blob;
      const buffer = await blob.arrayBuffer();
      reply({ id: m.id, ok: true, value: buffer }, [buffer]);
      return;
    }
    case 'close':
      await pg.close();
      reply({ id: m.id, ok: true, value: null });
      port?.close();
      return;
  }
}

/** The 'end' request of each transaction, answered once COMMIT (or ROLLBACK) has run. */
const ending = new Map<number, number>();
function settle(tx: number, error: unknown): void {
  transactions.delete(tx);
  const id = ending.get(tx);
  ending.delete(tx);
  if (id === undefined) return;
  reply(error ? { id, ok: false, error: failure(error) } : { id, ok: true, value: null });
}

port.on('message', (m: ThreadRequest) => {
  handle(m).catch((e: unknown) => reply({ id: m.id, ok: false, error: failure(e) }));
});
open.then(
  () => reply({ id: 0, ok: true, value: 'ready' }),
  (e: unknown) => reply({ id: 0, ok: false, error: failure(e) }),
);
