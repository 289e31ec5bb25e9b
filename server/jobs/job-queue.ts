// The contract for background work that must survive a crash and run once across processes: debriefs and insights
// when a quest ends, quest reminders, commitment alerts. Implemented on PostgreSQL (pg-boss) in server/jobs; callers
// only ever see this interface, so a module registers its handlers without knowing where the queue lives.
import type { z } from 'zod';

export interface EnqueueOptions {
  /** Not before this time (a reminder, a retry). */
  startAfter?: Date;
  /** At most one job with this key is queued or running at a time: enqueuing twice is harmless. */
  singletonKey?: string;
}

export interface JobQueue {
  /**
   * The handler for one kind of job. The payload is parsed with the schema before the handler runs; a payload that
   * does not parse is failed, never retried. A handler that throws is retried with backoff, so it must be idempotent.
   */
  register<T>(name: string, schema: z.ZodType<T>, handler: (payload: T) => Promise<void>): void;
  enqueue<T>(name: string, payload: T, opts?: EnqueueOptions): Promise<void>;
  /** Runs the job `name` (with an empty payload) on a cron schedule, once per tick across all processes. */
  every(name: string, cron: string): Promise<void>;
}
