import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { balance } from '../../cli/balance.ts';
import { simulate } from '../../engine/simulation.ts';
import { compileScenarioText } from '../../scenarios/catalog.ts';
import { LedgerError } from './ledger-error.ts';
import type { LedgerItem } from './ledger-item.ts';
import { DEFAULT_SETTINGS } from './ledger-settings.ts';
import { generatePracticeQuest, type PracticeQuestInput } from './practice-quest.ts';
import { testItem } from './test-items.ts';

const crm = testItem({
  title: 'CRM integration',
  points: 8,
  rice: { reach: 450, impact: 3, confidence: 100, effort: 2 },
  ice: { impact: 8, confidence: 6, ease: 4 },
  wsjf: { businessValue: 13, timeCriticality: 8, riskReduction: 2, jobSize: 8 },
  risks: [{ text: 'the sync is untested under load', probability: 0.3, cost: 200_000 }],
});
const onboarding = testItem({
  title: 'Onboarding redesign {v2}',
  points: 5,
  rice: { reach: 2000, impact: 1, confidence: 80, effort: 4 },
  ice: { impact: 6, confidence: 7, ease: 6 },
  wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 1, jobSize: 5 },
});
const billing = testItem({
  title: 'Billing module cleanup',
  kind: 'debt',
  points: 5,
  debt: {
    extraHoursPerChange: 16,
    changesPerSprint: 1,
    outageProbability: 0.1,
    costPerOutage: 50_000,
    principalHours: 40,
    slows: [crm.id],
  },
  rice: { confidence: 80 },
  ice: { confidence: 7, ease: 8 },
  wsjf: { businessValue: 3, timeCriticality: 5, jobSize: 3 },
  risks: [{ text: 'refunds double-post during the migration', probability: 0.05, cost: 30_000 }],
});
const queue = testItem({
  title: 'Queue back-pressure',
  kind: 'debt',
  points: 3,
  debt: {
    extraHoursPerChange: 2,
    changesPerSprint: 3,
    outageProbability: 0.4,
    costPerOutage: 120_000,
    principalHours: 24,
    slows: [],
  },
  rice: { confidence: 50 },
  ice: { confidence: 5, ease: 9 },
  wsjf: { businessValue: 2, timeCriticality: 8, jobSize: 2 },
});
// Same title twice: ids must still be unique.
const crmAgain = testItem({ ...crm, id: '00000000-0000-4000-8000-0000000000ff', title: 'CRM integration', points: 3, risks: [] });

function input(items: LedgerItem[], fields: Partial<PracticeQuestInput> = {}): PracticeQuestInput {
  return {
    teamName: 'Payments',
    items,
    settings: { ...DEFAULT_SETTINGS },
    method: 'rice',
    capacity: 10,
    thirdRole: 'support',
    generatedAt: new Date('2025-03-03T09:00:00Z'),
    ...fields,
  };
}

describe('practice quest from the ledger', () => {
  const cases: [string, PracticeQuestInput][] = [
    ['one feature and one debt item, RICE', input([crm, billing], { capacity: 8 })],
    [
      'four items with risks and outages, ICE product',
      input([crm, onboarding, billing, queue], {
        method: 'ice',
        capacity: 12,
        settings: { ...DEFAULT_SETTINGS, iceRule: 'product' },
      }),
    ],
    [
      'duplicate titles, WSJF, a sales role and own names',
      input([crm, crmAgain, queue], {
        method: 'wsjf',
        capacity: 9,
        thirdRole: 'sales',
        names: { pm: 'Ada', eng: 'Grace', third: 'Linus' },
      }),
    ],
    [
      'debt without outages and a designer',
      input(
        [
          onboarding,
          { ...billing, debt: { ...(billing.debt as NonNullable<LedgerItem['debt']>), outageProbability: 0 }, risks: [] },
        ],
        { capacity: 6, thirdRole: 'design' },
      ),
    ],
  ];

  for (const [name, questInput] of cases) {
    it(`compiles and plays to an ending: ${name}`, () => {
      const q = generatePracticeQuest(questInput);
      const compiled = compileScenarioText(q.yaml, `${q.scenarioId}.yaml`);
      assert.ok(compiled.ok, compiled.ok ? '' : compiled.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
      const def = compiled.scenario.def;
      assert.deepEqual(def.roles.map((r) => r.title).slice(0, 2), ['Product Manager', 'Engineering Lead']);
      const plan = def.scenes.find((s) => s.decision.id === 'sprint')?.decision;
      assert.ok(plan && 'items' in plan);
      assert.equal(plan.capacity, questInput.capacity);
      assert.equal(plan.items.length, questInput.items.length);
      assert.ok(plan.items.reduce((n, i) => n + i.points, 0) > plan.capacity, 'the plan cannot hold everything');
      for (const persona of ['collaborative', 'positional', 'quiet']) {
        const run = simulate({ scenario: compiled.scenario, seed: 11, personas: [persona] });
        assert.equal(run.state.status, 'finished', `${persona} bots finish`);
        assert.ok(run.state.ending, `${persona} bots reach an ending`);
        assert.deepEqual(run.rejected, []);
        assert.equal(run.state.decisions.length, 4);
      }
    });
  }

  it("splits each item's numbers across roles so that only pooling reveals the ranking", () => {
    const q = generatePracticeQuest(input([crm, onboarding, billing, queue], { capacity: 12 }));
    const def = parse(q.yaml);
    const card = (id: string) =>
      def.roles.flatMap((r: { intel: { id: string; text: string }[] }) => r.intel).find((c: { id: string }) => c.id === id);
    // The PM's card has reach and impact, but not effort; the engineering lead's has effort and the debt's interest.
    assert.match(card('demand_numbers').text, /CRM integration: reach 450 per quarter, impact 3 \(massive\), confidence 100%\./);
    assert.doesNotMatch(card('demand_numbers').text, /person-months|interest/);
    assert.match(card('cost_numbers').text, /CRM integration: 8 points, effort 2 person-months\./);
    assert.match(
      card('cost_numbers').text,
      /interest 16 extra hours per change × 1 changes per sprint × \$100 an hour = \$1,600 per sprint/,
    );
    assert.match(card('cost_numbers').text, /it slows CRM integration/);
    assert.match(card('risk_numbers').text, /the sync is untested under load, 30% × \$200,000 = \$60,000\./);
    assert.deepEqual(def.challenges[0].cards, ['demand_numbers', 'cost_numbers']);
    assert.match(
      def.challenges[0].explanation,
      /with RICE: 1\. CRM integration \(feature\): Reach 450 per quarter .* = 675; 2\. Queue back-pressure \(tech debt\): Reach × Impact 516 /,
    );
    // Ledger text with braces must not turn into placeholders.
    assert.match(q.yaml, /Onboarding redesign \(v2\)/);
    // Outage exposure becomes a risk that is smaller when the debt is paid down.
    const risks = def.scenes[3].risks;
    assert.deepEqual(
      risks.map((r: { chance: string }) => r.chance),
      [
        "if(picked.sprint.queue_back_pressure, 0.1, if(early_signs == 'queue_back_pressure_outage', 0.95, 0.3))",
        "if(picked.sprint.billing_module_cleanup, 0.025, if(early_signs == 'billing_module_cleanup_outage', 0.25, 0.075))",
      ],
    );
  });

  it('seeds the real effort, the risk showing early signs and the customer date, so different seeds lead to different paths', () => {
    for (const [items, capacity] of [
      [[crm, billing], 8],
      [[crm, onboarding, billing, queue], 12],
    ] as const) {
      const q = generatePracticeQuest(input([...items], { capacity }));
      const compiled = compileScenarioText(q.yaml, `${q.scenarioId}.yaml`);
      assert.ok(compiled.ok);
      const setup = compiled.scenario.def.setup;
      assert.deepEqual(
        setup.map((f) => f.var),
        ['real_effort', 'early_signs', 'deadline'],
      );
      // Every priced risk and every outage can be the one showing signs, or none of them.
      const signs = setup[1]?.one_of ?? [];
      const riskCount = items.reduce((n, i) => n + i.risks.length, 0);
      const outageCount = items.filter((i) => (i.debt?.outageProbability ?? 0) > 0).length;
      assert.equal(signs.length, riskCount + outageCount + 1);
      assert.ok(signs.includes('none'));

      const report = balance(compiled.scenario, 40, 1);
      const target = (id: string) => report.targets.find((t) => t.id === id);
      assert.ok(
        target('topPathShare')?.pass,
        `top path ${report.topCollaborativePath.path} at ${report.topCollaborativePath.share}`,
      );
      assert.ok(target('collaborativeWins')?.pass, `collaborative wins only ${report.headToHead.share}`);
      assert.ok(report.topCollaborativePath.distinct >= 3);
    }
  });

  it('makes the drawn facts matter: an overrun keeps the top feature out of a pooled plan, a contractual date favours renegotiating', () => {
    const q = generatePracticeQuest(input([crm, billing], { capacity: 8 }));
    const compiled = compileScenarioText(q.yaml, `${q.scenarioId}.yaml`);
    assert.ok(compiled.ok);
    const runs = Array.from({ length: 40 }, (_, seed) =>
      simulate({ scenario: compiled.scenario, seed: seed + 1, personas: ['collaborative'] }),
    );
    type Run = (typeof runs)[number];
    const fact = (r: Run, name: string) => r.state.vars[name];
    const choice = (r: Run, id: string) => JSON.stringify(r.state.decisions.find((d) => d.decision === id)?.choice);
    // With no early signs to weigh against it, the real effort alone decides whether the top feature is planned.
    const quiet = runs.filter((r) => fact(r, 'early_signs') === 'none');
    const overrun = quiet.filter((r) => fact(r, 'real_effort') === 'overrun');
    const asEstimated = quiet.filter((r) => fact(r, 'real_effort') === 'as_estimated');
    assert.ok(overrun.length > 0 && asEstimated.length > 0, 'both efforts drawn among 40 seeds');
    for (const r of overrun) assert.doesNotMatch(choice(r, 'sprint'), /crm_integration/);
    for (const r of asEstimated) assert.match(choice(r, 'sprint'), /crm_integration/);
    // The customer's date decides between keeping the debt commitment and renegotiating it in the open.
    for (const r of runs) {
      assert.match(choice(r, 'follow_through'), fact(r, 'deadline') === 'contractual' ? /renegotiate/ : /honour/);
    }
  });

  it('refuses selections that leave nothing to trade off or cannot be scored', () => {
    const refusal = (i: PracticeQuestInput) => {
      try {
        generatePracticeQuest(i);
      } catch (e) {
        assert.ok(e instanceof LedgerError);
        return e.message;
      }
      return 'accepted';
    };
    assert.match(refusal(input([crm, onboarding])), /at least one feature and one tech-debt item/);
    assert.match(
      refusal(input([crm, billing], { capacity: 13 })),
      /capacity must be a whole number from 5 \(the smallest item\) to 12/,
    );
    assert.match(
      refusal(input([crm, { ...billing, points: null }])),
      /needs an estimate of 1 to 100 points to be planned: "Billing module cleanup"/,
    );
    assert.match(
      refusal(input([crm, { ...billing, rice: {} }], { capacity: 8 })),
      /"Billing module cleanup" needs confidence \(100, 80 or 50 %\)/,
    );
  });
});
