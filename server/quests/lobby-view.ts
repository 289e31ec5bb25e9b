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

export function lobbyOf(q: LiveQuest, graceSeconds: number): Lobby {
  return {
    questId: q.id,
    invite: q.row.invite,
    scenarioId: q.row.scenarioId,
    status: q.row.status,
    hostId: q.row.hostPlayerId,
    seats: q.scenario.def.roles.map((r) => ({ role: r.id, name: r.name, title: r.title, occupant: occupantOf(q, r.id) })),
    players: q.players.map((p) => ({
      id: p.id,
      name: p.name,
      seat: p.seat as SeatChoice | null,
      connected: q.isConnected(p.id),
      host: p.host,
    })),
    graceSeconds,
  };
}
