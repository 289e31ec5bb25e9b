// What the lobby and the scenario gallery show: who sits where (a person, a bot or nobody), who is connected,
// and what each scenario is about.
import type { CompiledScenario } from '../../engine/index.ts';
import type { LiveQuest } from './live-quest.ts';
import type { BotPersona, Lobby, LobbySeat, ScenarioSummary, SeatChoice } from './quest-service.ts';

export function scenarioSummary(sc: CompiledScenario): ScenarioSummary {
  return {
    id: sc.id,
    title: sc.def.title,
    summary: sc.def.summary.trim(),
    practises: [...sc.def.practises],
    minutes: sc.def.minutes,
    sceneCount: sc.scenes.length,
    roles: sc.def.roles.map((r) => ({ id: r.id, name: r.name, title: r.title, brief: r.brief.trim() })),
  };
}

function occupantOf(q: LiveQuest, role: string): LobbySeat['occupant'] {
  const seat = q.state?.seats.find((s) => s.role === role);
  // A covered seat still belongs to its person: the lobby shows them (disconnected) rather than the stand-in bot.
  if (seat && seat.kind === 'bot' && !seat.covered) return { bot: (seat.persona ?? 'collaborative') as BotPersona };
  const person = q.occupant(role);
  if (person) return { playerId: person.id, name: person.name, connected: q.isConnected(person.id) };
  const bot = q.state ? undefined : q.row.lobbyBots[role];
  return bot ? { bot: bot as BotPersona } : null;
}

type LobbyPlayer = Lobby['players'][number];

/**
 * The last lobby built for each quest in memory. Socket.IO keeps every lobby and presence packet it sends for
 * connection state recovery (two minutes), and a quest's lobby is sent again for each join, seat and connection
 * with one entry changed: a new lobby reuses every seat and player entry of the last one that is still the same,
 * and is the last one itself when nothing changed. Lobbies are therefore shared, and read-only.
 */
const lastLobby = new WeakMap<LiveQuest, Lobby>();

function sameOccupant(a: LobbySeat['occupant'], b: LobbySeat['occupant']): boolean {
  if (a === null || b === null) return a === b;
  if ('bot' in a || 'bot' in b) return 'bot' in a && 'bot' in b && a.bot === b.bot;
  return a.playerId === b.playerId && a.name === b.name && a.connected === b.connected;
}

function samePlayer(a: LobbyPlayer, b: LobbyPlayer): boolean {
  return a.id === b.id && a.name === b.name && a.seat === b.seat && a.connected === b.connected && a.host === b.host;
}

/** `fresh`, with each entry replaced by the one at the same place in `before` when they are the same. */
function reuse<T>(fresh: T[], before: readonly T[] | undefined, same: (a: T, b: T) => boolean): T[] {
  if (!before) return fresh;
  const merged = fresh.map((x, i) => {
    const old = before[i];
    return old !== undefined && same(old, x) ? old : x;
  });
  return merged.length === before.length && merged.every((x, i) => x === before[i]) ? (before as T[]) : merged;
}

export function lobbyOf(q: LiveQuest, graceSeconds: number): Lobby {
  const before = lastLobby.get(q);
  const seats = reuse(
    q.scenario.def.roles.map((r) => ({ role: r.id, name: r.name, title: r.title, occupant: occupantOf(q, r.id) })),
    before?.seats,
    (a, b) => a.role === b.role && a.name === b.name && a.title === b.title && sameOccupant(a.occupant, b.occupant),
  );
  const players = reuse(
    q.players.map((p) => ({
      id: p.id,
      name: p.name,
      seat: p.seat as SeatChoice | null,
      connected: q.isConnected(p.id),
      host: p.host,
    })),
    before?.players,
    samePlayer,
  );
  if (
    before &&
    before.seats === seats &&
    before.players === players &&
    before.questId === q.id &&
    before.invite === q.row.invite &&
    before.scenarioId === q.row.scenarioId &&
    before.status === q.row.status &&
    before.hostId === q.row.hostPlayerId &&
    before.graceSeconds === graceSeconds
  )
    return before;
  const lobby: Lobby = {
    questId: q.id,
    invite: q.row.invite,
    scenarioId: q.row.scenarioId,
    status: q.row.status,
    hostId: q.row.hostPlayerId,
    seats,
    players,
    graceSeconds,
  };
  lastLobby.set(q, lobby);
  return lobby;
}
