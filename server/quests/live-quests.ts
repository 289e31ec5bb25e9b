// The quests this process holds in memory, loaded from the store on first use. Callers asking for the same quest at
// once share one load and so one LiveQuest: exclusive() only serialises changes made through the same object.
import { type QuestState, replay } from '../../engine/index.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { isId } from './identity.ts';
import { LiveQuest } from './live-quest.ts';
import type { QuestLogger } from './quest-log.ts';
import type { ScenarioSource } from './scenario-source.ts';

/** Quests kept in memory; beyond this, idle finished and lobby quests nobody is connected to are dropped first. */
const CACHE_LIMIT = 2_000;

/**
 * A row read again, with every field that did not change taken from the row held before (the row itself when none
 * did). A quest's rows are read back after each join and seat, and the lobbies sent meanwhile, which Socket.IO keeps
 * for connection state recovery, refer to their strings: so one copy of each is kept, not one per read.
 */
function keepUnchanged<T extends object>(before: T | undefined, after: T): T {
  if (!before) return after;
  const merged = { ...after } as Record<string, unknown>;
  const old = before as Record<string, unknown>;
  let changed = false;
  for (const [k, v] of Object.entries(after)) {
    const was = old[k];
    if (sameValue(was, v)) merged[k] = was;
    else changed = true;
  }
  return changed || Object.keys(before).length !== Object.keys(after).length ? (merged as T) : before;
}

/** Column values: strings, numbers, booleans, null, Dates and small JSON (a quest's seats and lobby bots). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a && b && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

export class LiveQuests {
  private readonly live = new Map<string, LiveQuest>();
  private readonly loading = new Map<string, Promise<LiveQuest | null>>();

  constructor(
    private readonly store: QuestStore,
    private readonly scenarios: ScenarioSource,
    private readonly log: QuestLogger,
  ) {}

  async load(questId: string): Promise<LiveQuest | null> {
    if (!isId(questId)) return null;
    const cached = this.live.get(questId);
    if (cached) {
      // Map order is recency order: the least recently used quests come first when the cache is trimmed.
      this.live.delete(questId);
      this.live.set(questId, cached);
      return cached;
    }
    let pending = this.loading.get(questId);
    if (!pending) {
      pending = this.fetch(questId).finally(() => this.loading.delete(questId));
      this.loading.set(questId, pending);
    }
    const q = await pending;
    if (q && !this.live.has(questId)) {
      this.live.set(questId, q);
      this.evict();
    }
    return this.live.get(questId) ?? null;
  }

  /** The quest if it is in memory, without a store read and without counting as a use. */
  held(questId: string): LiveQuest | undefined {
    return this.live.get(questId);
  }

  all(): IterableIterator<LiveQuest> {
    return this.live.values();
  }

  /** The row and players as committed, after a lobby change or when another process may have moved the quest. */
  async refresh(q: LiveQuest): Promise<void> {
    const row = await this.store.quest(q.id);
    if (!row) return;
    q.row = keepUnchanged(q.row, row);
    const players = await this.store.players(q.id);
    q.players = players.map((p) => keepUnchanged(q.player(p.id), p));
    if (row.status !== 'lobby' && !q.state) q.state = await this.readState(q.id);
  }

  /** Quests with a running clock or someone connected stay; the rest can be loaded again from the store. */
  private evict(): void {
    if (this.live.size <= CACHE_LIMIT) return;
    for (const [id, q] of this.live) {
      if (this.live.size <= CACHE_LIMIT) return;
      const quiet = q.row.status === 'lobby' || q.row.status === 'finished';
      if (quiet && q.connections.size === 0 && q.bots.size === 0 && q.graceTimers.size === 0) this.live.delete(id);
    }
  }

  private async fetch(questId: string): Promise<LiveQuest | null> {
    const row = await this.store.quest(questId);
    if (!row) return null;
    const scenario = await this.scenarios.forQuest(row);
    if (!scenario) {
      this.log.warn({ questId, scenarioId: row.scenarioId }, 'quest refers to a scenario neither in the catalog nor stored');
      return null;
    }
    const players = await this.store.players(questId);
    const state = row.status === 'lobby' ? null : await this.readState(questId);
    if (state && state.scenarioHash !== scenario.hash) {
      this.log.warn(
        { questId, scenarioId: row.scenarioId },
        'the scenario changed since this quest started: it can be viewed, not played',
      );
    }
    return new LiveQuest(row, players, scenario, state);
  }

  /** State = latest snapshot + the events after it. */
  private async readState(questId: string): Promise<QuestState> {
    const snap = await this.store.latestSnapshot(questId);
    if (!snap) throw new Error(`quest ${questId} has started but has no snapshot`);
    const later = await this.store.events(questId, snap.version);
    return replay.events(
      snap.state,
      later.map((e) => e.event),
    );
  }
}
