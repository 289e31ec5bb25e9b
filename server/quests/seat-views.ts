// What a player reads: the scenario gallery, the lobby, their seat's view of the quest, the event log and the
// debrief. Everything about play is redacted for the reader's seat by the engine (viewFor, eventFor), so a private
// card never reaches a seat that may not read it.
import { type CompiledScenario, eventFor, type QuestEvent, type QuestView, viewFor } from '../../engine/index.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { debriefOf } from './debrief.ts';
import type { LiveQuests } from './live-quests.ts';
import { lobbyOf, scenarioSummary } from './lobby-view.ts';
import type { Debrief, Lobby, Outcome, Player, ScenarioSummary, SeenEvent } from './quest-service.ts';
import { refuse } from './refusal.ts';

/** The largest page of events one read returns, and the page when the caller asks for something unusable. */
const MAX_EVENTS = 1000;
const DEFAULT_EVENTS = 200;

export class SeatViews {
  constructor(
    private readonly store: QuestStore,
    private readonly catalog: ReadonlyMap<string, CompiledScenario>,
    private readonly live: LiveQuests,
    private readonly graceSeconds: number,
  ) {}

  scenarios(): ScenarioSummary[] {
    return [...this.catalog.values()].map(scenarioSummary);
  }

  async lobby(questId: string): Promise<Lobby | null> {
    const q = await this.live.load(questId);
    return q ? lobbyOf(q, this.graceSeconds) : null;
  }

  async snapshot(player: Player) {
    const q = await this.live.load(player.questId);
    if (!q) throw new Error(`quest ${player.questId} is gone`);
    const me = q.player(player.id);
    return {
      version: q.version,
      view: q.state ? viewFor(q.state, q.seatOf(me), q.scenario) : null,
      lobby: lobbyOf(q, this.graceSeconds),
    };
  }

  async events(player: Player, afterSeq: number, limit: number): Promise<SeenEvent[]> {
    const q = await this.live.load(player.questId);
    if (!q?.state) return [];
    const after = Number.isSafeInteger(afterSeq) && afterSeq > 0 ? afterSeq : 0;
    const n = Number.isSafeInteger(limit) ? Math.min(Math.max(limit, 1), MAX_EVENTS) : DEFAULT_EVENTS;
    const rows = await this.store.events(q.id, after, n);
    return this.seatEvents(
      player,
      rows.map((r) => ({ seq: r.seq, event: r.event })),
    );
  }

  seatView(player: Player): QuestView | null | undefined {
    const q = this.live.held(player.questId);
    if (!q) return undefined;
    return q.state ? viewFor(q.state, q.seatOf(q.player(player.id)), q.scenario) : null;
  }

  /** Synchronous, for the sockets' fan-out of a change: the quest is in memory, since the change came from it. */
  seatEvents(player: Player, events: { seq: number; event: QuestEvent }[]): SeenEvent[] {
    const q = this.live.held(player.questId);
    if (!q) return [];
    const seat = q.seatOf(q.player(player.id));
    return events.flatMap(({ seq, event }) => {
      const seen = eventFor(event, seat, q.scenario);
      return seen ? [{ seq, event: seen }] : [];
    });
  }

  async debrief(player: Player): Promise<Outcome<{ debrief: Debrief }>> {
    const q = await this.live.load(player.questId);
    if (!q) return refuse('not_found', 'no such quest');
    if (q.state?.status !== 'finished') return refuse('wrong_phase', 'the debrief opens when the quest has ended');
    const view = viewFor(q.state, q.seatOf(q.player(player.id)), q.scenario);
    const rows = await this.store.events(q.id, 0);
    const debrief = debriefOf(
      q.scenario,
      q.state,
      view,
      rows.map((r) => ({ seq: r.seq, event: r.event })),
    );
    return { ok: true as const, debrief };
  }
}
