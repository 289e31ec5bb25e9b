// Work the server starts on its own (deadlines, bot turns, grace periods) runs on injectable timers so tests can
// drive time by hand. Every run is tracked, so settled() and close() can wait for it, and a failure is logged
// rather than left as an unhandled rejection.
import type { LiveQuests } from './live-quests.ts';
import type { QuestLogger } from './quest-log.ts';

/** setTimeout/clearTimeout, injectable so tests drive the server clock by hand. */
export interface QuestTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: QuestTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Quest timers never keep the process alive on their own: the HTTP server does, and close() clears them.
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Node fires a longer timeout at once, so a far-off deadline waits this long and is then re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ScheduledWork {
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly timers: QuestTimers,
    private readonly live: LiveQuests,
    private readonly log: QuestLogger,
  ) {}

  /** True once the service is closing: nothing new is scheduled and timers that still fire do nothing. */
  get closed(): boolean {
    return this.stopped;
  }

  /** Runs fn after ms (clamped to what a timer can wait), unless the service has closed by then. */
  after(ms: number, fn: () => Promise<unknown>): unknown {
    return this.timers.setTimeout(
      () => {
        if (!this.stopped) this.track(fn());
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
  }

  cancel(handle: unknown): void {
    if (handle !== null && handle !== undefined) this.timers.clearTimeout(handle);
  }

  close(): void {
    this.stopped = true;
  }

  /** Resolves when no quest has work queued (timers that have not fired yet do not count). */
  async settled(): Promise<void> {
    // Finished work can start more, and a timer due at once fires only after a tick: look again until a pass and a
    // tick find nothing. The bound keeps close() from hanging on work that never stops coming.
    for (let i = 0; i < 1000; i++) {
      const work = [...this.inFlight, ...[...this.live.all()].map((q) => q.idle())];
      await Promise.all(work);
      if (this.inFlight.size === 0) {
        await new Promise((r) => setImmediate(r));
        if (this.inFlight.size === 0) return;
      }
    }
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch((e) => this.log.error({ err: e }, 'quest timer work failed'));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
