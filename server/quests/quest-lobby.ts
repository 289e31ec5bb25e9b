// The lobby: taking seats, filling empty roles with bots, clearing a bot's seat, and the start. A lobby change is
// decided on the committed row and players with the quest row locked, so two processes cannot interleave, and the
// cached quest is refreshed from the database afterwards.
import {
  type CompiledScenario,
  decide,
  initialState,
  isPersona,
  type QuestEvent,
  QuestSetupError,
  type QuestState,
  replay,
  type Seat,
} from '../../engine/index.ts';
import type { PlayerRow, QuestRow, QuestStore } from '../store/quest-store.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { LiveQuest } from './live-quest.ts';
import type { LiveQuests } from './live-quests.ts';
import type { Presence } from './presence.ts';
import type { QuestLogger } from './quest-log.ts';
import type { BotPersona, Outcome, Player, SeatChoice, ServiceError } from './quest-service.ts';
import { rowStatus, snapshotDue } from './quest-stream.ts';
import { refuse } from './refusal.ts';

export interface LobbyOptions {
  store: QuestStore;
  live: LiveQuests;
  feed: ChangeFeed;
  presence: Presence;
  now: () => number;
  log: QuestLogger;
  snapshotEvery: number;
  /** Timers and bots follow every committed change. */
  afterChange: (q: LiveQuest) => void;
}

/** What a lobby change sees, all read inside its transaction. */
interface LobbyTurn {
  s: QuestStore;
  row: QuestRow;
  players: PlayerRow[];
  me: PlayerRow;
  scenario: CompiledScenario;
}

export class QuestLobby {
  constructor(private readonly o: LobbyOptions) {}

  takeSeat(player: Player, seat: SeatChoice): Promise<Outcome<{ version: number }>> {
    return this.change(player, async ({ s, row, players, me, scenario }) => {
      const roles = scenario.def.roles;
      if (seat !== 'spectator' && seat !== 'facilitator' && !roles.some((r) => r.id === seat)) {
        return {
          code: 'not_found',
          message: `'${String(seat)}' is not a role in this scenario (roles: ${roles.map((r) => r.id).join(', ')})`,
        };
      }
      if (me.seat === seat) return null;
      const holder = seat === 'spectator' ? undefined : players.find((p) => p.seat === seat);
      if (holder) {
        const what = seat === 'facilitator' ? 'the facilitator chair' : `the ${seat} role`;
        return { code: 'conflict', message: `${holder.name} already holds ${what}` };
      }
      const now = new Date(this.o.now());
      // A person may take a seat a bot was keeping warm: the bot goes.
      if (row.lobbyBots[seat]) {
        const { [seat]: _replaced, ...rest } = row.lobbyBots;
        await s.updateLobby(row.id, { lobbyBots: rest }, now);
      }
      const ok = await s.setSeat(me.id, seat);
      return ok ? null : { code: 'conflict', message: 'someone took that seat a moment ago' };
    });
  }

  fillBots(player: Player, persona: BotPersona): Promise<Outcome<{ version: number }>> {
    return this.change(player, async ({ s, row, players, me, scenario }) => {
      if (!me.host) return { code: 'not_allowed', message: 'only the host can fill seats with bots' };
      if (!isPersona(persona))
        return { code: 'invalid', message: `'${String(persona)}' is not a bot persona (collaborative, positional, quiet)` };
      const bots = { ...row.lobbyBots };
      for (const r of scenario.def.roles) {
        if (!bots[r.id] && !players.some((p) => p.seat === r.id)) bots[r.id] = persona;
      }
      await s.updateLobby(row.id, { lobbyBots: bots }, new Date(this.o.now()));
      return null;
    });
  }

  clearSeat(player: Player, role: string): Promise<Outcome<{ version: number }>> {
    return this.change(player, async ({ s, row, players, me, scenario }) => {
      if (!me.host) return { code: 'not_allowed', message: 'only the host can clear a seat' };
      if (!scenario.def.roles.some((r) => r.id === role))
        return { code: 'not_found', message: `'${String(role)}' is not a role in this scenario` };
      const person = players.find((p) => p.seat === role);
      if (person) return { code: 'conflict', message: `${person.name} holds that seat; only they can leave it` };
      if (!row.lobbyBots[role]) return { code: 'conflict', message: 'that seat is already empty' };
      const { [role]: _cleared, ...rest } = row.lobbyBots;
      await s.updateLobby(row.id, { lobbyBots: rest }, new Date(this.o.now()));
      return null;
    });
  }

  /** Every role needs a person or a bot; the seats are then fixed and the engine's start is the stream's first events. */
  start(player: Player): Promise<Outcome<{ version: number }>> {
    let events: QuestEvent[] = [];
    return this.change(
      player,
      async ({ s, row, players, me, scenario }) => {
        if (!me.host) return { code: 'not_allowed', message: 'only the host can start the quest' };
        const seats: Seat[] = [];
        const empty: string[] = [];
        for (const r of scenario.def.roles) {
          const bot = row.lobbyBots[r.id];
          if (players.some((p) => p.seat === r.id)) seats.push({ role: r.id, kind: 'human' });
          else if (bot) seats.push({ role: r.id, kind: 'bot', persona: bot });
          else empty.push(r.id);
        }
        if (empty.length > 0) {
          return { code: 'conflict', message: `every role needs a person or a bot before the start; empty: ${empty.join(', ')}` };
        }
        let initial: QuestState;
        try {
          initial = initialState(scenario, row.seed, seats);
        } catch (e) {
          if (e instanceof QuestSetupError) return { code: 'invalid', message: e.message };
          throw e;
        }
        const decided = decide(initial, { type: 'start', at: this.o.now() }, { scenario, actor: { system: true } });
        if (!decided.ok) return { code: decided.code, message: decided.reason };
        const state = replay.events(initial, decided.events);
        const now = new Date(this.o.now());
        // The initial state is stored as snapshot 0 and the start events are appended in the same transaction.
        await s.updateLobby(row.id, { status: 'running', seats, lobbyBots: {} }, now);
        await s.saveSnapshot(row.id, initial, now);
        await s.append(
          row.id,
          0,
          decided.events.map((event) => ({ event, actor: me.id, seat: me.seat === 'facilitator' ? 'facilitator' : null })),
          {
            status: rowStatus(state),
            snapshot: snapshotDue(this.o.snapshotEvery, initial, state, decided.events) ? state : undefined,
            at: now,
          },
        );
        events = decided.events;
        return null;
      },
      (q) => {
        this.o.feed.publish({
          questId: q.id,
          version: q.version,
          events: events.map((event, i) => ({ seq: i + 1, event })),
          lobbyChanged: true,
        });
        this.o.presence.graceForAbsent(q, this.o.now());
        this.o.afterChange(q);
        this.o.log.info({ questId: q.id }, 'quest started');
      },
    );
  }

  /** Runs `rule` in a transaction on the locked quest row, only while the quest is still in its lobby. */
  private async change(
    player: Player,
    rule: (turn: LobbyTurn) => Promise<ServiceError | null>,
    /** Runs once committed, in the same turn; it notifies listeners itself. */
    committed?: (q: LiveQuest) => void,
  ): Promise<Outcome<{ version: number }>> {
    const q = await this.o.live.load(player.questId);
    if (!q) return refuse('not_found', 'no such quest');
    return q.exclusive(async () => {
      const problem = await this.o.store.transaction(async (s): Promise<ServiceError | null> => {
        const row = await s.quest(q.id, { lock: true });
        if (!row) return { code: 'not_found', message: 'no such quest' };
        const players = await s.players(q.id);
        const me = players.find((p) => p.id === player.id);
        if (!me) return { code: 'not_found', message: 'you are not a player in this quest' };
        if (row.status !== 'lobby') return { code: 'wrong_phase', message: 'the quest has started: the lobby is closed' };
        return rule({ s, row, players, me, scenario: q.scenario });
      });
      if (problem) return { ok: false as const, error: problem };
      await this.o.live.refresh(q);
      if (committed) committed(q);
      else this.o.feed.lobbyChanged(q);
      return { ok: true as const, version: q.version };
    });
  }
}
