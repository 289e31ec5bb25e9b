// Engine benchmarks. Prints, asserts nothing. Run alone: node --import tsx bench/engine.ts
//  (a) the work the server does per command: decide + evolve + viewFor for every seat (each role, a spectator,
//      the facilitator), as a ratio to one JSON.stringify of the resulting state, both measured in this run over
//      the mid-quest commands of scripted team sessions. Goal: <= 1x.
//  (b) replay throughput: events per second of replay.events over the event logs of many sessions. Goal: >= 1M/s.
// Times are CPU time of this process (process.cpuUsage), not wall time: on a shared machine other processes'
// load then does not count against the engine. Both sides of the ratio are measured the same way, in the same run.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CompiledScenario,
  decide,
  evolve,
  initialState,
  type QuestState,
  replay,
  type SeatRef,
  viewFor,
} from '../engine/index.ts';
import { loadScenarioFile, SCENARIO_DIR } from '../scenarios/catalog.ts';
import { playTeamSession, type TeamSession } from './workloads/team-session.ts';

const RATIO_GOAL = 1;
const REPLAY_GOAL = 1_000_000;

export interface EngineBenchResult {
  commands: number;
  stateBytes: number;
  perCommandUs: { decide: number; evolve: number; views: number; engine: number; stringify: number };
  ratio: number;
  replayEvents: number;
  replayEventsPerSecond: number;
}

/** CPU time used by this process so far, in milliseconds. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Mid-quest: past the first fifth of the session and before its last tenth. */
function midQuest(t: TeamSession): { from: number; to: number } {
  return { from: Math.floor(t.log.length * 0.2), to: Math.floor(t.log.length * 0.9) };
}

function commandWork(sc: CompiledScenario, sessions: TeamSession[], seats: SeatRef[], out: QuestState[]): number {
  let k = 0;
  const start = cpuMs();
  for (const t of sessions) {
    const { from, to } = midQuest(t);
    let s = t.states[from] as QuestState;
    for (let i = from; i < to; i++) {
      const { actor, command } = t.log[i] as (typeof t.log)[number];
      const r = decide(s, command, { scenario: sc, actor });
      if (r.ok) for (const e of r.events) s = evolve(s, e);
      for (const seat of seats) viewFor(s, seat, sc);
      out[k++] = s;
    }
  }
  return cpuMs() - start;
}

function stringifyWork(states: QuestState[]): number {
  let bytes = 0;
  const start = cpuMs();
  for (const s of states) bytes += JSON.stringify(s).length;
  const ms = cpuMs() - start;
  if (bytes === 0) throw new Error('nothing serialised');
  return ms;
}

/** The three parts on their own, for the report: decide alone, evolve alone, the views alone. */
function partWork(
  sc: CompiledScenario,
  sessions: TeamSession[],
  seats: SeatRef[],
): { decide: number; evolve: number; views: number } {
  const inputs: { s: QuestState; actor: (typeof sessions)[number]['log'][number]['actor']; command: unknown }[] = [];
  for (const t of sessions) {
    const { from, to } = midQuest(t);
    for (let i = from; i < to; i++) {
      const { actor, command } = t.log[i] as (typeof t.log)[number];
      inputs.push({ s: t.states[i] as QuestState, actor, command });
    }
  }
  const decided = inputs.map(({ s, actor, command }) => decide(s, command, { scenario: sc, actor }));
  let t0 = cpuMs();
  for (const { s, actor, command } of inputs) decide(s, command, { scenario: sc, actor });
  const decideMs = cpuMs() - t0;
  // Fresh states, as a server has after each command (views remember parts by the slices they come from).
  const fresh: QuestState[] = new Array(inputs.length);
  t0 = cpuMs();
  inputs.forEach(({ s }, i) => {
    const r = decided[i];
    let x = s;
    if (r?.ok) for (const e of r.events) x = evolve(x, e);
    fresh[i] = x;
  });
  const evolveMs = cpuMs() - t0;
  t0 = cpuMs();
  for (const after of fresh) for (const seat of seats) viewFor(after, seat, sc);
  const viewsMs = cpuMs() - t0;
  return { decide: decideMs, evolve: evolveMs, views: viewsMs };
}

export function runEngineBench(
  opts: { sessions?: number; rounds?: number; replaySessions?: number; replayMs?: number } = {},
): EngineBenchResult {
  const loaded = loadScenarioFile(join(SCENARIO_DIR, 'ship-by-friday.yaml'));
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}:${p.line}: ${p.path}: ${p.message}`).join('\n'));
  const sc = loaded.scenario;
  const seats: SeatRef[] = [...sc.def.roles.map((r) => ({ role: r.id })), { spectator: true }, { facilitator: true }];
  const sessions = Array.from({ length: opts.sessions ?? 20 }, (_, i) => playTeamSession(sc, i + 1));
  const commands = sessions.reduce((n, t) => n + midQuest(t).to - midQuest(t).from, 0);
  const out: QuestState[] = new Array(commands);

  // Warm up both sides, then alternate rounds so drift on a shared machine hits both alike.
  for (let i = 0; i < 5; i++) {
    commandWork(sc, sessions, seats, out);
    stringifyWork(out);
  }
  const engineMs: number[] = [];
  const stringifyMs: number[] = [];
  for (let i = 0; i < (opts.rounds ?? 25); i++) {
    engineMs.push(commandWork(sc, sessions, seats, out));
    stringifyMs.push(stringifyWork(out));
  }
  const parts: { decide: number[]; evolve: number[]; views: number[] } = { decide: [], evolve: [], views: [] };
  for (let i = 0; i < 10; i++) {
    const p = partWork(sc, sessions, seats);
    parts.decide.push(p.decide);
    parts.evolve.push(p.evolve);
    parts.views.push(p.views);
  }
  const us = (ms: number) => (ms * 1000) / commands;
  const engine = median(engineMs);
  const stringify = median(stringifyMs);
  const stateBytes = Math.round(out.reduce((n, s) => n + JSON.stringify(s).length, 0) / out.length);

  // (b) replay: many whole sessions, each folded from its initial state.
  const logs = Array.from({ length: opts.replaySessions ?? 300 }, (_, i) => {
    const t = playTeamSession(sc, 1000 + i);
    return { initial: initialState(sc, 1000 + i, t.seats), events: t.events };
  });
  const replayEvents = logs.reduce((n, l) => n + l.events.length, 0);
  const expected = logs.map((l) => replay.hash(replay.events(l.initial, l.events)));
  let folded = 0;
  let replayMs = 0;
  const budget = opts.replayMs ?? 3000;
  const rates: number[] = [];
  while (replayMs < budget) {
    const t0 = cpuMs();
    for (const l of logs) replay.events(l.initial, l.events);
    const ms = cpuMs() - t0;
    replayMs += ms;
    folded += replayEvents;
    rates.push((replayEvents / ms) * 1000);
  }
  // The fold must still give the quest it gave before timing, or the number means nothing.
  logs.forEach((l, i) => {
    if (replay.hash(replay.events(l.initial, l.events)) !== expected[i]) throw new Error('replay is not deterministic');
  });

  const result: EngineBenchResult = {
    commands,
    stateBytes,
    perCommandUs: {
      decide: us(median(parts.decide)),
      evolve: us(median(parts.evolve)),
      views: us(median(parts.views)),
      engine: us(engine),
      stringify: us(stringify),
    },
    ratio: engine / stringify,
    replayEvents: folded,
    replayEventsPerSecond: median(rates),
  };
  print(result, seats.length, sessions.length, logs.length, replayEvents);
  return result;
}

function print(r: EngineBenchResult, seatCount: number, sessions: number, replaySessions: number, perPass: number): void {
  const f = (n: number) => n.toFixed(1).padStart(6);
  const p = r.perCommandUs;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  console.log('engine (a): decide + evolve + viewFor for every seat, per command, against JSON.stringify(state)');
  console.log(
    `  ${r.commands} mid-quest commands from ${sessions} scripted ship-by-friday sessions; ${seatCount} seats; state ~${r.stateBytes} bytes of JSON`,
  );
  console.log(
    `  per command (µs): decide ${f(p.decide)}  evolve ${f(p.evolve)}  views x${seatCount} ${f(p.views)}  together ${f(p.engine)}`,
  );
  console.log(`  per command (µs): JSON.stringify(state) ${f(p.stringify)}`);
  console.log(`  ratio ${r.ratio.toFixed(2)}x (goal <= ${RATIO_GOAL}x): ${verdict(r.ratio <= RATIO_GOAL)}`);
  console.log('engine (b): replay.events throughput');
  console.log(`  ${perPass} events per pass (${replaySessions} whole sessions), ${r.replayEvents} events folded`);
  console.log(
    `  ${Math.round(r.replayEventsPerSecond).toLocaleString('en-US')} events/s (goal >= ${REPLAY_GOAL.toLocaleString('en-US')}): ${verdict(r.replayEventsPerSecond >= REPLAY_GOAL)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runEngineBench();
