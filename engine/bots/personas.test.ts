// Each persona's moves in situations built move by move with the engine, what a seat knows from its view, and
// that no view of any reachable state (or a strange hand-made one) makes a bot throw or send a malformed command.
import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenarioFile, SCENARIO_DIR } from '../../scenarios/catalog.ts';
import { playerCommandSchema } from '../commands.ts';
import {
  type Actor,
  type BotMemory,
  type CompiledScenario,
  decide,
  evolve,
  initialBotMemory,
  initialState,
  nextMove,
  PERSONA_IDS,
  PERSONAS,
  positionOf,
  type QuestState,
  type QuestView,
  simulate,
  viewFor,
} from '../index.ts';
import { bestChoice, type Decision, hintScores, onTable, priceRisks, valuation } from './knowledge.ts';

function scenario(id: string): CompiledScenario {
  const r = loadScenarioFile(`${SCENARIO_DIR}/${id}.yaml`);
  if (!r.ok) throw new Error(`${id} does not compile`);
  return r.scenario;
}
const friday = scenario('ship-by-friday');
const ROLES = friday.def.roles.map((r) => r.id);

/** A quest driven by hand: every command must be accepted, or the test is wrong about the rules. */
class Quest {
  state: QuestState;
  at = 0;
  constructor(
    readonly sc: CompiledScenario,
    seed: number,
    personas: Record<string, string> = {},
  ) {
    const seats = sc.def.roles.map((r) => ({ role: r.id, kind: 'bot' as const, persona: personas[r.id] ?? 'collaborative' }));
    this.state = initialState(sc, seed, seats);
    this.send({ system: true }, { type: 'start' });
  }
  send(actor: Actor, command: Record<string, unknown>): void {
    this.at += 1000;
    const r = decide(this.state, { ...command, at: this.at }, { scenario: this.sc, actor });
    if (!r.ok) throw new Error(`refused ${JSON.stringify(command)}: ${r.reason}`);
    for (const e of r.events) this.state = evolve(this.state, e);
  }
  as(role: string, command: Record<string, unknown>): this {
    this.send({ role }, command);
    return this;
  }
  /** Everyone ready: the briefing ends and the discussion starts. */
  toDiscussion(): this {
    const waiting = this.sc.def.roles.filter((r) => !this.state.scene?.ready.includes(r.id));
    for (const r of waiting) this.as(r.id, { type: 'ready' });
    return this;
  }
  view(role: string): QuestView {
    return viewFor(this.state, { role }, this.sc, { hints: true });
  }
  /** Ask a bot for moves until it has nothing to do, applying each; returns the commands it sent. */
  run(
    role: string,
    persona: string,
    memory: BotMemory = initialBotMemory(),
    limit = 30,
  ): { commands: Record<string, unknown>[]; memory: BotMemory } {
    const commands: Record<string, unknown>[] = [];
    let rng = 1;
    for (let i = 0; i < limit; i++) {
      const m = nextMove(persona, this.view(role), memory, rng, { position: positionOf(this.sc, role), now: this.at });
      memory = m.memory;
      rng = m.rng;
      if (!m.command) break;
      commands.push(m.command);
      this.as(role, m.command);
    }
    return { commands, memory };
  }
}

describe('personas', () => {
  it('lists every persona with a description', () => {
    deepStrictEqual([...PERSONA_IDS], ['collaborative', 'positional', 'quiet']);
    for (const p of PERSONAS) ok(p.description.length > 40);
  });

  it('sits out a spectator view and a quest that has not started', () => {
    const q = new Quest(friday, 1);
    const spectator = viewFor(q.state, { spectator: true }, friday, { hints: true });
    for (const p of PERSONA_IDS) equal(nextMove(p, spectator, initialBotMemory(), 1).command, null);
    const notStarted = initialState(
      friday,
      1,
      ROLES.map((role) => ({ role, kind: 'bot' })),
    );
    equal(
      nextMove('collaborative', viewFor(notStarted, { role: 'pm' }, friday, { hints: true }), initialBotMemory(), 1).command,
      null,
    );
  });

  it('plays collaboratively when the persona is unknown, like the engine seats bots by default', () => {
    const q = new Quest(friday, 1);
    const a = nextMove('collaborative', q.view('pm'), initialBotMemory(), 9);
    const b = nextMove('grumpy', q.view('pm'), initialBotMemory(), 9);
    deepStrictEqual(a, b);
  });

  it('is a pure function of its inputs', () => {
    const q = new Quest(friday, 3).toDiscussion();
    const view = q.view('eng');
    const memory = initialBotMemory();
    const frozen = JSON.stringify(memory);
    const a = nextMove('collaborative', view, memory, 77, { position: positionOf(friday, 'eng'), now: q.at });
    const b = nextMove('collaborative', view, memory, 77, { position: positionOf(friday, 'eng'), now: q.at });
    deepStrictEqual(a, b);
    equal(JSON.stringify(memory), frozen, 'the memory passed in must not change');
  });
});

describe('collaborative', () => {
  it('says something in the briefing, then gets ready', () => {
    const q = new Quest(friday, 1);
    const { commands } = q.run('pm', 'collaborative');
    deepStrictEqual(
      commands.map((c) => c.type),
      ['say', 'ready'],
    );
  });

  it('shares the card that speaks to the decision first, one per turn, then names its need and asks someone', () => {
    const q = new Quest(friday, 1).toDiscussion();
    const { commands } = q.run('pm', 'collaborative', initialBotMemory(), 5);
    deepStrictEqual(
      commands.slice(0, 4).map((c) => c.type),
      ['share', 'share', 'name_need', 'ask'],
    );
    equal(commands[0]?.card, 'halcyon_contract');
    equal(commands[2]?.need, 'predictability');
    ok(commands[3]?.to !== 'pm');
  });

  it('proposes the best choice it knows, with priced risks and the decision bearers', () => {
    const q = new Quest(friday, 1).toDiscussion();
    const { commands } = q.run('eng', 'collaborative');
    const proposal = commands.find((c) => c.type === 'propose');
    ok(proposal);
    equal(proposal.decision, 'release');
    deepStrictEqual(proposal.bearers, ['pm', 'eng']);
    const risks = proposal.risks as { probability: number; cost: number }[];
    ok(risks.length > 0 && risks.every((r) => r.probability > 0 && r.cost > 0));
    // Only its own cards are pooled: no hidden challenge is solved, so only the plain options are on the table.
    ok(['ship_friday', 'slip_two_weeks'].includes(proposal.option as string));
  });

  it('amends a proposal made without the information it holds (a bridging move)', () => {
    // burst > 900 with this seed: the load test speaks against shipping everyone on Friday.
    const seed = [...Array(50).keys()].find(
      (s) =>
        Number(
          initialState(
            friday,
            s,
            ROLES.map((role) => ({ role, kind: 'bot' })),
          ).vars.burst,
        ) > 900,
    );
    ok(seed !== undefined);
    const q = new Quest(friday, seed).toDiscussion();
    q.as('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    const { commands } = q.run('eng', 'collaborative');
    const amend = commands.find((c) => c.type === 'amend');
    ok(amend, `no amendment in ${JSON.stringify(commands.map((c) => c.type))}`);
    equal(amend.proposal, 'p1');
    equal(amend.option, 'slip_two_weeks');
    ok(String(amend.rationale).includes('did not have'));
    equal(q.state.proposals[0]?.amendedBy[0], 'eng');
  });

  it('supports and votes yes on a proposal close to its best, and objects otherwise', () => {
    const q = new Quest(friday, 2).toDiscussion();
    for (const r of ROLES) q.run(r, 'collaborative', initialBotMemory(), 2); // everyone pools both cards
    q.as('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    const scores = hintScores([...(q.view('cs').me?.cards ?? []), ...q.view('cs').cards], 'release');
    const best = [...scores].sort((a, b) => b[1] - a[1])[0]?.[0];
    q.as('eng', { type: 'propose', decision: 'release', option: best as string });
    const { commands } = q.run('cs', 'collaborative');
    const on = (id: string) => commands.filter((c) => c.proposal === id).map((c) => c.type);
    ok(on('p2').includes('support') && on('p2').includes('vote'), JSON.stringify(commands));
    ok(!on('p1').includes('vote'));
    ok((scores.get('ship_friday') ?? 0) < (scores.get(best as string) ?? 0) - 1, 'with this seed, Friday is clearly worse');
    ok(on('p1').includes('object'));
  });

  it('calls a check-in once two objections pile up', () => {
    const q = new Quest(friday, 1, { pm: 'positional', eng: 'positional' }).toDiscussion();
    q.as('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    q.as('eng', { type: 'object', proposal: 'p1', reason: 'It will break under load.' });
    q.as('cs', { type: 'object', proposal: 'p1', reason: 'Halcyon would leave over an outage.' });
    const { commands } = q.run('design', 'collaborative');
    ok(
      commands.some((c) => c.type === 'check_in'),
      JSON.stringify(commands.map((c) => c.type)),
    );
    ok(q.state.scene?.checkIn);
  });
});

describe('positional', () => {
  it('states its position, never shares, proposes its position and objects to the rest', () => {
    const q = new Quest(friday, 1, { eng: 'positional' });
    const brief = q.run('eng', 'positional');
    equal(brief.commands[0]?.type, 'say');
    ok(String(brief.commands[0]?.text).includes('Hold the release two weeks'));
    q.toDiscussion();
    q.as('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    const { commands } = q.run('eng', 'positional');
    ok(!commands.some((c) => c.type === 'share' || c.type === 'check_in'));
    equal(commands.find((c) => c.type === 'propose')?.option, 'slip_two_weeks');
    ok(commands.some((c) => c.type === 'object' && c.proposal === 'p1'));
    ok(!commands.some((c) => c.type === 'vote' && c.proposal === 'p1'));
    ok(commands.some((c) => c.type === 'vote' && c.proposal === 'p2' && c.vote === 'yes'));
  });

  it('joins a majority it would complete late in a majority vote, never in a consensus', () => {
    const sc = scenario('ship-by-friday');
    const late = (rule: 'majority' | 'consensus') => {
      const q = new Quest(sc, 1, { pm: 'positional' }).toDiscussion();
      q.as('eng', { type: 'propose', decision: 'release', option: 'slip_two_weeks' });
      q.as('eng', { type: 'vote', proposal: 'p1', vote: 'yes' });
      q.as('cs', { type: 'vote', proposal: 'p1', vote: 'yes' });
      let memory = q.run('pm', 'positional').memory;
      const view = q.view('pm');
      const ends = view.scene?.endsAt ?? 0;
      const asRule = { ...view, decision: { ...(view.decision as Decision), rule } };
      memory = { ...memory, done: [...memory.done], statements: 99 };
      return nextMove('positional', asRule, memory, 5, { position: positionOf(sc, 'pm'), now: ends - 1000 }).command;
    };
    deepStrictEqual(late('majority'), { type: 'vote', proposal: 'p1', vote: 'yes' });
    equal(late('consensus'), null);
  });
});

describe('quiet', () => {
  it('gets ready, shares nothing and votes yes on the proposal with the most backing', () => {
    const q = new Quest(friday, 1);
    deepStrictEqual(q.run('design', 'quiet').commands, [{ type: 'ready' }]);
    q.toDiscussion();
    equal(q.run('design', 'quiet').commands.filter((c) => c.type !== 'say').length, 0);
    q.as('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    q.as('eng', { type: 'propose', decision: 'release', option: 'slip_two_weeks' });
    q.as('cs', { type: 'support', proposal: 'p2' });
    const { commands } = q.run('design', 'quiet');
    deepStrictEqual(
      commands.filter((c) => c.type !== 'say'),
      [{ type: 'vote', proposal: 'p2', vote: 'yes' }],
    );
  });
});

describe('knowledge', () => {
  const plan: Decision = {
    id: 'sprint',
    prompt: 'What goes in the sprint?',
    rule: 'consensus',
    bearers: [],
    plan: true,
    capacity: 10,
    lockedCount: 0,
    choices: [
      { id: 'big_feature', label: 'Big feature', kind: 'feature', points: 8 },
      { id: 'fix_a', label: 'Fix A', kind: 'debt', points: 3 },
      { id: 'fix_b', label: 'Fix B', kind: 'debt', points: 3 },
      { id: 'polish', label: 'Polish', kind: 'feature', points: 2 },
      { id: 'bad_idea', label: 'Bad idea', kind: 'feature', points: 1 },
    ],
  };
  const card = (hints: { target: string; weight: number }[]) => ({
    id: 'c',
    title: 'A card',
    text: '',
    owner: 'pm',
    sharedWith: [],
    hints: hints.map((h) => ({ decision: 'sprint', ...h })),
  });

  it('fills a plan greedily by value per point, within capacity, leaving out what cards argue against', () => {
    const cards = [
      card([
        { target: 'big_feature', weight: 4 },
        { target: 'fix_a', weight: 3 },
        { target: 'fix_b', weight: 2 },
        { target: 'bad_idea', weight: -2 },
      ]),
    ];
    const best = bestChoice(plan, valuation(hintScores(cards, 'sprint'), {}, 'sprint', 0));
    deepStrictEqual(best, { items: ['fix_a', 'fix_b', 'polish'] });
    ok(best && onTable(plan, best));
  });

  it('still proposes a plan that fits when nothing is known, and never one over capacity', () => {
    const best = bestChoice(plan, valuation(new Map(), {}, 'sprint', 0));
    ok(best && 'items' in best && best.items.length > 0 && onTable(plan, best));
    const tiny = { ...plan, capacity: 1 };
    deepStrictEqual(bestChoice(tiny, valuation(new Map(), {}, 'sprint', 0)), { items: ['bad_idea'] });
    equal(bestChoice({ ...plan, capacity: 0 }, valuation(new Map(), {}, 'sprint', 0)), null);
    equal(bestChoice({ ...plan, choices: [] }, valuation(new Map(), {}, 'sprint', 0)), null);
  });

  it('prices risks from warnings and names the alternative given up', () => {
    const cards = [
      card([
        { target: 'bad_idea', weight: -3 },
        { target: 'fix_a', weight: 2 },
      ]),
    ];
    const risks = priceRisks(cards, plan, { items: ['bad_idea'] });
    equal(risks.length, 2);
    deepStrictEqual(
      risks.map((r) => [r.probability, r.cost]),
      [
        [0.36, 15],
        [0.9, 10],
      ],
    );
    ok(risks[1]?.text.includes('Fix A'));
  });
});

describe('robustness', () => {
  const SCENARIOS = ['ship-by-friday', 'rebuild-trust-after-outage', 'sprint-too-many-features'].flatMap((id) => {
    const r = loadScenarioFile(`${SCENARIO_DIR}/${id}.yaml`);
    return r.ok ? [r.scenario] : [];
  });

  it('never throws and only sends well-formed commands, from any view of any reachable state', () => {
    ok(SCENARIOS.length > 0);
    for (const sc of SCENARIOS) {
      const roles = sc.def.roles.map((r) => r.id);
      const run = simulate({ scenario: sc, seed: 4, personas: roles.map((_, i) => PERSONA_IDS[i % 3] as string) });
      let s = initialState(sc, 4, run.seats);
      const memories = new Map<string, BotMemory>();
      run.events.forEach((e, i) => {
        s = evolve(s, e);
        if (i % 3 !== 0 && i !== run.events.length - 1) return;
        for (const seat of [...roles.map((role) => ({ role })), { spectator: true as const }, { facilitator: true as const }]) {
          const view = viewFor(s, seat, sc, { hints: true });
          for (const persona of PERSONA_IDS) {
            const key = `${'role' in seat ? seat.role : 'x'}/${persona}`;
            const m = nextMove(persona, view, memories.get(key) ?? initialBotMemory(), i, {
              position: 'role' in seat ? positionOf(sc, seat.role) : {},
            });
            memories.set(key, m.memory);
            if (m.command) ok(playerCommandSchema.safeParse({ ...m.command, at: s.clock }).success, JSON.stringify(m.command));
          }
        }
      });
    }
  });

  it('copes with strange views: no decision, no choices, zero capacity, odd proposals', () => {
    const q = new Quest(friday, 1).toDiscussion();
    q.as('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    const base = q.view('eng');
    const d = base.decision as Decision;
    const odd: QuestView[] = [
      { ...base, decision: null },
      { ...base, decision: { ...d, choices: [] } },
      { ...base, decision: { ...d, plan: true, capacity: 0 } },
      { ...base, decision: { ...d, plan: true, capacity: null, choices: d.choices.map((c) => ({ ...c, points: 2 })) } },
      { ...base, proposals: base.proposals.map((p) => ({ ...p, choice: { items: [] } })) },
      { ...base, proposals: base.proposals.map((p) => ({ ...p, decision: 'elsewhere' })) },
      { ...base, me: base.me ? { ...base.me, cards: base.me.cards.map((c) => ({ ...c, hints: undefined })) } : null },
      { ...base, cards: [], roles: base.roles.filter((r) => r.id === 'eng') },
      { ...base, scene: base.scene ? { ...base.scene, endsAt: null } : null },
      { ...base, scene: base.scene ? { ...base.scene, checkIn: { by: 'pm', until: 0 } } : null },
    ];
    for (const view of odd) {
      for (const persona of PERSONA_IDS) {
        let memory = initialBotMemory();
        for (let i = 0; i < 8; i++) {
          const m = nextMove(persona, view, memory, i, { position: positionOf(friday, 'eng'), now: q.at });
          memory = m.memory;
          if (m.command) ok(playerCommandSchema.safeParse({ ...m.command, at: 1 }).success);
        }
      }
    }
  });
});
