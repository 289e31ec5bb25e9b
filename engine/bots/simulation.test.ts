// Whole quests played by bots: every scenario in the folder (whatever other authors have added), every persona
// mix, to an ending, with no command refused, reproducible from the seed and replayable from the command log.
import { deepStrictEqual, equal, notDeepStrictEqual, ok, throws } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenarioFile, scenarioFiles } from '../../scenarios/catalog.ts';
import { type CompiledScenario, replay, SimulationError, seatsFor, simulate } from '../index.ts';

function compiledScenarios(): CompiledScenario[] {
  return scenarioFiles().map((file) => {
    const r = loadScenarioFile(file);
    if (!r.ok)
      throw new Error(`${file} does not validate:\n${r.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`).join('\n')}`);
    return r.scenario;
  });
}

function mixes(sc: CompiledScenario): Record<string, string[]> {
  const n = sc.def.roles.length;
  const each = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
  return {
    collaborative: ['collaborative'],
    positional: ['positional'],
    quiet: ['quiet'],
    'collaborative then positional': each((i) => (i < Math.ceil(n / 2) ? 'collaborative' : 'positional')),
    'positional then collaborative': each((i) => (i < Math.ceil(n / 2) ? 'positional' : 'collaborative')),
    'one quiet among collaborators': each((i) => (i === n - 1 ? 'quiet' : 'collaborative')),
    rotation: each((i) => ['collaborative', 'positional', 'quiet'][i % 3] as string),
  };
}

const scenarios = compiledScenarios();

describe('bots play every scenario to an ending', () => {
  it('finds scenarios to play', () => ok(scenarios.length >= 1));
  for (const sc of scenarios) {
    for (const [name, personas] of Object.entries(mixes(sc))) {
      it(`${sc.id}: ${name}`, () => {
        for (const seed of [1, 2, 3]) {
          const r = simulate({ scenario: sc, seed, personas });
          equal(r.state.status, 'finished', `seed ${seed} did not finish`);
          ok(r.state.ending, `seed ${seed} has no ending`);
          equal(r.state.ending.early, false, `seed ${seed} was cut short after ${r.turns} turns`);
          deepStrictEqual(r.rejected, [], `seed ${seed}: the engine refused bot commands`);
          equal(r.state.decisions.length, r.path.split(' > ').length);
          const again = replay.commands(sc, seed, r.seats, r.log);
          equal(replay.hash(again.state), replay.hash(r.state), `seed ${seed}: the command log does not replay`);
        }
      });
    }
  }
});

describe('collaborative teams', () => {
  for (const sc of scenarios) {
    it(`${sc.id}: decide by vote, not by the clock`, () => {
      for (const seed of [1, 2, 3, 4]) {
        const r = simulate({ scenario: sc, seed, personas: ['collaborative'] });
        deepStrictEqual(
          r.state.decisions.filter((d) => d.via !== 'vote').map((d) => d.decision),
          [],
          `seed ${seed}: decisions fell to the default`,
        );
        const types = new Set(r.events.map((e) => e.type));
        for (const t of ['card_shared', 'need_named', 'proposal_made', 'proposal_supported', 'vote_cast'])
          ok(types.has(t as never), `no ${t}`);
      }
    });
  }

  it('pool every card and solve every hidden challenge before its decision', () => {
    const sc = scenarios.find((s) => s.id === 'ship-by-friday') ?? (scenarios[0] as CompiledScenario);
    const r = simulate({ scenario: sc, seed: 7, personas: ['collaborative'] });
    for (const card of sc.cards.keys()) equal(r.state.shared[card], 'team', `${card} was never pooled`);
    deepStrictEqual([...r.state.solved].sort(), [...sc.challenges.keys()].sort());
  });

  it('price the risks of what they propose and name the bearers', () => {
    const sc = scenarios[0] as CompiledScenario;
    const r = simulate({ scenario: sc, seed: 2, personas: ['collaborative'] });
    const proposals = r.events.filter((e) => e.type === 'proposal_made');
    ok(proposals.length > 0);
    for (const p of proposals) {
      ok(p.risks.length > 0, 'a collaborative proposal names at least one risk');
      for (const risk of p.risks) ok(risk.probability > 0 && risk.probability < 1 && risk.cost > 0);
      ok(p.bearers.length > 0);
      ok(p.rationale.length > 0);
    }
  });
});

describe('positional and quiet teams', () => {
  for (const sc of scenarios) {
    it(`${sc.id}: positional bots never share and quiet bots never propose`, () => {
      const positional = simulate({ scenario: sc, seed: 3, personas: ['positional'] });
      equal(positional.events.filter((e) => e.type === 'card_shared').length, 0);
      equal(positional.events.filter((e) => e.type === 'check_in_called').length, 0);
      const quiet = simulate({ scenario: sc, seed: 3, personas: ['quiet'] });
      for (const t of ['card_shared', 'proposal_made', 'proposal_objected', 'check_in_called']) {
        equal(quiet.events.filter((e) => e.type === t).length, 0, `quiet bots made ${t}`);
      }
      ok(quiet.state.decisions.every((d) => d.via === 'timeout'));
    });
  }
});

describe('simulate', () => {
  const sc = scenarios[0] as CompiledScenario;

  it('gives byte-identical results for identical inputs', () => {
    const personas = seatsFor(sc, ['collaborative']).map((_, i) => (i % 2 ? 'positional' : 'collaborative'));
    const a = JSON.stringify(simulate({ scenario: sc, seed: 42, personas }));
    const b = JSON.stringify(simulate({ scenario: sc, seed: 42, personas }));
    equal(a, b);
  });

  it('plays differently with another seed', () => {
    const a = simulate({ scenario: sc, seed: 1, personas: ['collaborative'] });
    const b = simulate({ scenario: sc, seed: 2, personas: ['collaborative'] });
    notDeepStrictEqual(a.events, b.events);
  });

  it('accepts personas by role id', () => {
    const byRole = Object.fromEntries(sc.def.roles.map((r) => [r.id, 'quiet']));
    const r = simulate({ scenario: sc, seed: 1, personas: byRole });
    ok(r.seats.every((s) => s.persona === 'quiet' && s.kind === 'bot'));
  });

  it('writes the path as decision=choice, in order', () => {
    const r = simulate({ scenario: sc, seed: 5, personas: ['collaborative'] });
    const ids = sc.def.scenes.map((s) => s.decision.id);
    for (const part of r.path.split(' > ')) {
      const m = /^([a-z][a-z0-9_]*)=([a-z][a-z0-9_+]*)$/.exec(part);
      ok(m, `'${part}' is not decision=choice`);
      ok(ids.includes(m[1] as string));
    }
  });

  it('stops a runaway quest at the turn limit and still ends it', () => {
    const r = simulate({ scenario: sc, seed: 1, personas: ['collaborative'], maxTurns: 5 });
    equal(r.turns, 5);
    equal(r.state.status, 'finished');
    equal(r.state.ending?.early, true);
  });

  it('refuses bad teams and seeds with a clear error', () => {
    throws(
      () => simulate({ scenario: sc, seed: 1, personas: ['grumpy'] }),
      (e: Error) => e instanceof SimulationError && /unknown persona 'grumpy'/.test(e.message),
    );
    throws(
      () => simulate({ scenario: sc, seed: 1, personas: ['quiet', 'quiet', 'quiet', 'quiet', 'quiet', 'quiet', 'quiet'] }),
      /give one persona for all or one per role, not 7/,
    );
    throws(() => simulate({ scenario: sc, seed: 1, personas: { nobody: 'quiet' } }), /'nobody' is not a role/);
    throws(() => simulate({ scenario: sc, seed: 1, personas: { [sc.def.roles[0]?.id as string]: 'quiet' } }), /has no persona/);
    throws(() => simulate({ scenario: sc, seed: 1.5, personas: ['quiet'] }), /whole number/);
  });
});
