// Group commit for quest appends: appends of many quests that arrive while the database is busy are written together
// in one statement, so one round trip and one commit (one WAL flush) serve them all. The database, not the number
// of quests, then sets the pace: with one connection (PGlite) a commit per command caps a server at a few hundred
// commands a second, a commit per batch does not.
//
// Each append keeps its own compare-and-set: the batch statement moves only the quests still at their expected
// version, and an append whose quest had moved on gets VersionConflict while the others in its batch succeed. Every
// caller is answered only after the statement has committed, so "save, then broadcast" holds unchanged.

/** One append waiting for its batch. */
export interface QueuedAppend<T> {
  questId: string;
  /** Bind parameters the append adds to a batch statement; a batch stays under the driver's limit. */
  parameters: number;
  request: T;
  resolve: (version: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes one batch and says, per append in it, whether it was written (its new version) or refused (an Error,
 * e.g. VersionConflict). Throws when the statement as a whole failed.
 */
export type WriteBatch<T> = (batch: QueuedAppend<T>[]) => Promise<(number | Error)[]>;

/** PostgreSQL's limit is 65,535 bind parameters per statement; leave room. */
const MAX_PARAMETERS = 30_000;
/** Bounds the statement's size and the time one batch holds row locks. */
const MAX_APPENDS = 500;

export class GroupCommit<T> {
  private queue: QueuedAppend<T>[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Quests in a batch being written. */
  private readonly writing = new Set<string>();

  /**
   * @param concurrency statements in flight at once: 1 for a single connection (PGlite), a few for a pool, so a
   * batch forms while the previous one commits.
   */
  constructor(
    private readonly write: WriteBatch<T>,
    private readonly concurrency: number,
  ) {}

  append(questId: string, parameters: number, request: T): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ questId, parameters, request, resolve, reject });
      this.schedule();
    });
  }

  /** Appends waiting for a batch or being written. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // Wait for the rest of this turn of the event loop: commands decided in the same tick share the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const batch = this.take();
      // Everything waiting belongs to quests being written right now; their batch's end schedules the next.
      if (batch.length === 0) return;
      this.inFlight++;
      for (const a of batch) this.writing.add(a.questId);
      void this.run(batch).finally(() => {
        for (const a of batch) this.writing.delete(a.questId);
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /**
   * The next batch in arrival order. A quest appears at most once, and not while a batch in flight writes it: a
   * second append to the same quest waits until the first is committed, then meets the version the first one left
   * (and conflicts, as it would have alone). So one process's appends to a quest are decided in arrival order.
   */
  private take(): QueuedAppend<T>[] {
    const batch: QueuedAppend<T>[] = [];
    const rest: QueuedAppend<T>[] = [];
    const quests = new Set<string>();
    let parameters = 0;
    for (const a of this.queue) {
      const fits = batch.length === 0 || (batch.length < MAX_APPENDS && parameters + a.parameters <= MAX_PARAMETERS);
      if (fits && !quests.has(a.questId) && !this.writing.has(a.questId)) {
        batch.push(a);
        quests.add(a.questId);
        parameters += a.parameters;
      } else {
        rest.push(a);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: QueuedAppend<T>[]): Promise<void> {
    let results: (number | Error)[];
    try {
      results = await this.write(batch);
    } catch (e) {
      for (const a of batch) a.reject(e);
      return;
    }
    batch.forEach((a, i) => {
      const r = results[i];
      if (typeof r === 'number') a.resolve(r);
      else a.reject(r ?? new Error(`the batch writer gave no answer for quest ${a.questId}`));
    });
  }
}
