// A hand-driven clock and timer queue for tests: time moves only when a test says so, and every timer due on the
// way fires in order, with the service allowed to finish the work each one started before the next.
import type { QuestTimers } from './scheduled-work.ts';

interface Pending {
  at: number;
  order: number;
  fn: () => void;
}

export class TestClock implements QuestTimers {
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(public now = Date.UTC(2025, 0, 6, 9, 0, 0)) {}

  readonly clock = (): number => this.now;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + Math.max(0, ms), order: id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get timerCount(): number {
    return this.pending.size;
  }

  private earliest(): [number, Pending] | null {
    let best: [number, Pending] | null = null;
    for (const entry of this.pending) {
      const [, p] = entry;
      if (!best || p.at < best[1].at || (p.at === best[1].at && p.order < best[1].order)) best = entry;
    }
    return best;
  }

  /** Fires the next timer (moving time to it); false when none is pending. */
  async step(settle: () => Promise<void>): Promise<boolean> {
    const next = this.earliest();
    if (!next) return false;
    const [id, p] = next;
    this.pending.delete(id);
    this.now = Math.max(this.now, p.at);
    p.fn();
    await settle();
    return true;
  }

  /** Moves time forward by ms, firing every timer due on the way. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.now + ms;
    for (let next = this.earliest(); next && next[1].at <= target; next = this.earliest()) await this.step(settle);
    this.now = target;
    await settle();
  }
}
