// A quest on the test bench: sends commands through decide(), folds accepted events with evolve() and keeps the
// command log, so a test reads like a session ("pm proposes, eng votes") and still checks the engine's contract
// (a rejected command changes nothing, decide never mutates the state it is given).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile, SCENARIO_DIR } from '../../scenarios/catalog.ts';
import type { Actor } from '../commands.ts';
import { decide, initialState } from '../decide.ts';
import type { Decided, QuestEvent, Rejection } from '../events.ts';
import { evolve } from '../evolve.ts';
import type { QuestState, Seat } from '../quest-state.ts';
import type { LoggedCommand } from '../replay.ts';
import type { CompiledScenario } from '../scenario.ts';
import { hashJson } from '../state-hash.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('.', import.meta.url));

const loaded = new Map<string, CompiledScenario>();
function load(path: string): CompiledScenario {
  let sc = loaded.get(path);
  if (!sc) {
    const r = loadScenarioFile(path);
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.file}:${p.line}: ${p.path}: ${p.message}`).join('\n'));
    sc = r.scenario;
    loaded.set(path, sc);
  }
  return sc;
}

/** The example scenario, read on its own so that a broken sibling file does not stop the engine's tests. */
export function shipByFriday(): CompiledScenario {
  return load(join(SCENARIO_DIR, 'ship-by-friday.yaml'));
}

/** A scenario from engine/test-fixtures, by file name without extension. */
export function fixture(name: string): CompiledScenario {
  return load(join(FIXTURE_DIR, `${name}.yaml`));
}

export function humanSeats(sc: CompiledScenario): Seat[] {
  return sc.def.roles.map((r) => ({ role: r.id, kind: 'human' }));
}

/** 'facilitator' and 'system' name those actors; anything else is a role. */
export type Who = string;
export function actor(who: Who): Actor {
  if (who === 'facilitator') return { facilitator: true };
  if (who === 'system') return { system: true };
  return { role: who };
}

type Command = { type: string; at?: number; [k: string]: unknown };

export class QuestTable {
  state: QuestState;
  readonly events: QuestEvent[] = [];
  readonly log: LoggedCommand[] = [];

  constructor(
    readonly scenario: CompiledScenario,
    readonly seed = 1,
    readonly seats: Seat[] = humanSeats(scenario),
  ) {
    this.state = initialState(scenario, seed, seats);
  }

  get roles(): string[] {
    return this.state.seats.map((s) => s.role);
  }

  /** Send a command; without `at` it arrives one second after the quest's clock. */
  send(who: Who, command: Command): Decided {
    const full = { ...command, at: command.at ?? this.state.clock + 1000 };
    const before = hashJson(this.state);
    const r = decide(this.state, full, { scenario: this.scenario, actor: actor(who) });
    assert.equal(hashJson(this.state), before, 'decide() must not change the state it is given');
    this.log.push({ actor: actor(who), command: full });
    if (r.ok) {
      for (const e of r.events) {
        this.state = evolve(this.state, e);
        this.events.push(e);
      }
    }
    return r;
  }

  /** Send a command that must be accepted; returns its events. */
  do(who: Who, command: Command): QuestEvent[] {
    const r = this.send(who, command);
    if (!r.ok) assert.fail(`${who} ${command.type} was rejected: ${r.code}: ${r.reason}`);
    return r.events;
  }

  /** Send a command that must be rejected; checks the state did not move. */
  reject(who: Who, command: Command): Rejection {
    const version = this.state.version;
    const r = this.send(who, command);
    if (r.ok) assert.fail(`${who} ${command.type} was accepted: ${JSON.stringify(r.events)}`);
    assert.equal(this.state.version, version);
    return r;
  }

  start(at = 0): QuestEvent[] {
    return this.do('facilitator', { type: 'start', at });
  }

  /** Every seat says ready: ends the briefing or the consequences. */
  allReady(): QuestEvent[] {
    return this.roles.flatMap((r) => this.do(r, { type: 'ready' }));
  }

  /** The clock runs out: the server's deadline at the moment it is due. */
  deadline(): QuestEvent[] {
    const due = this.state.scene?.checkIn?.until ?? this.state.scene?.phaseEndsAt ?? 0;
    return this.do('system', { type: 'deadline', at: Math.max(due, this.state.clock) });
  }

  /** Propose an option (or plan items) and have `voters` vote yes; returns the events of the last vote. */
  settle(by: Who, choice: { option: string } | { items: string[] }, voters: Who[]): QuestEvent[] {
    const decision = this.currentDecision();
    const [made] = this.do(by, { type: 'propose', decision, ...choice });
    assert.equal(made?.type, 'proposal_made');
    const id = (made as { id: string }).id;
    let last: QuestEvent[] = [];
    for (const v of voters) last = this.do(v, { type: 'vote', proposal: id, vote: 'yes' });
    return last;
  }

  currentDecision(): string {
    const scene = this.state.scene;
    assert.ok(scene, 'no scene is running');
    return this.scenario.scenes[scene.index]?.def.decision.id as string;
  }

  eventsOf<T extends QuestEvent['type']>(type: T, from: readonly QuestEvent[] = this.events): Extract<QuestEvent, { type: T }>[] {
    return from.filter((e): e is Extract<QuestEvent, { type: T }> => e.type === type);
  }
}
