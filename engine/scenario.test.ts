import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { compileScenarioText, SCENARIO_DIR } from '../scenarios/catalog.ts';
import { compileScenario, type ScenarioProblem } from './scenario.ts';
import type { ScenarioDef } from './scenario-schema.ts';
import { FIXTURE_DIR, fixture } from './test-fixtures/quest-table.ts';

const fixtureText = readFileSync(join(FIXTURE_DIR, 'sprint-plan.yaml'), 'utf8');
const shipText = readFileSync(join(SCENARIO_DIR, 'ship-by-friday.yaml'), 'utf8');

/** The fixture as the YAML parser gives it, before defaults: what a facilitator wrote (untyped, as YAML is). */
function rawFixture(): ReturnType<typeof parse> {
  return parse(fixtureText);
}
function problemsOf(raw: unknown): ScenarioProblem[] {
  const r = compileScenario('sprint-plan', raw);
  assert.equal(r.ok, false, 'the scenario should not compile');
  return r.ok ? [] : r.problems;
}
function messageAt(problems: ScenarioProblem[], path: string): string {
  const found = problems.filter((p) => p.path === path);
  assert.equal(found.length, 1, `expected one problem at ${path}, got ${JSON.stringify(problems, null, 1)}`);
  return found[0]?.message as string;
}

describe('scenario compile', () => {
  test('the fixture and ship-by-friday compile, with their plan and choice decisions', () => {
    const sc = fixture('sprint-plan');
    assert.equal(sc.id, 'sprint-plan');
    assert.deepEqual([...sc.decisions.keys()], ['plan', 'demo', 'response']);
    const plan = sc.decisions.get('plan');
    assert.equal(plan?.plan, true);
    assert.deepEqual(
      [...(plan?.choices.values() ?? [])].map((c) => [c.id, c.kind, c.points, c.requires]),
      [
        ['big_feature', 'feature', 5, undefined],
        ['small_feature', 'feature', 2, undefined],
        ['refactor', 'debt', 3, undefined],
        ['fix_flaky', 'debt', 2, 'flaky_root'],
        ['quick_hack', 'feature', 1, undefined],
      ],
    );
    assert.deepEqual([...sc.hiddenVars].sort(), ['load', 'shortcuts']);
    assert.deepEqual(
      sc.scenes[0]?.next.map((n) => n.goto),
      [2],
    );
    assert.deepEqual(
      sc.scenes[1]?.next.map((n) => n.goto),
      [null],
    );
    const ship = compileScenarioText(shipText, 'ship-by-friday.yaml');
    assert.equal(ship.ok, true);
  });

  test('the same definition always hashes the same, and any change moves the hash', () => {
    const a = compileScenario('x', rawFixture());
    const b = compileScenario('x', rawFixture());
    const changed = rawFixture();
    changed.scenes[0].minutes = 3;
    const c = compileScenario('x', changed);
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(a.scenario.hash, b.scenario.hash);
    assert.notEqual(a.scenario.hash, c.scenario.hash);
  });

  test('every cross-reference problem is reported at once, each at its path', () => {
    const raw = rawFixture();
    raw.endings[1].id = 'steady';
    raw.roles[2].intel[0].id = 'sales_promise';
    raw.roles[0].position = { launch: 'x' };
    raw.roles[0].intel[0].hints = [{ decision: 'plan', item: 'moonshot', weight: 1 }];
    raw.roles[2].intel[0].text = 'Costs {budget} a week.';
    raw.vars.debt.min = 20;
    raw.setup.push({ var: 'stability', one_of: [1, 2] }, { var: 'mixed', one_of: [1, 'two'] });
    raw.challenges[0].cards = ['flake_log', 'ghost_card'];
    raw.challenges[0].before = 'launch';
    const plan = raw.scenes[0].decision;
    plan.default_items = ['big_feature', 'refactor', 'nothing'];
    plan.items[3].requires = 'nope';
    plan.items[0].effects.push('burst += 1', 'load *= 2');
    plan.effects.push('morale += debt_points.demo');
    raw.scenes[0].next = [{ when: 'debt', goto: 'planning' }, { goto: 'nowhere' }, {}];
    raw.scenes[1].decision.default = 'maybe';
    raw.scenes[1].decision.rule = 'bearers';
    raw.scenes[2].decision.bearers = ['eng', 'cto'];
    raw.scenes[2].risks[0].chance = 'debt > 2';
    raw.endings[2].when = 'stability < 40';
    raw.score = 'stability + flag';
    const problems = problemsOf(raw);

    const expected: [string, RegExp][] = [
      ['endings[1].id', /ending id 'steady' is used twice \(also at endings\[0\]\)/],
      ['roles[2].intel[0].id', /intel card id 'sales_promise' is used twice/],
      ['roles[0].position.launch', /no decision 'launch' in this scenario/],
      ['roles[0].intel[0].hints[0]', /decision 'plan' has no item 'moonshot'/],
      ['roles[2].intel[0].text', /\{budget\} is not a setup fact or variable of this scenario/],
      ['vars.debt', /min \(20\) is above max \(10\)/],
      ['vars.debt.initial', /4 is outside 20..10/],
      ['setup[1].var', /'stability' is already a metric, a variable or another setup fact/],
      ['setup[2].one_of', /use all numbers or all words, not a mix/],
      ['challenges[0].cards[1]', /no intel card 'ghost_card' in this scenario/],
      ['challenges[0].cards', /the cards must come from at least two different roles/],
      ['challenges[0].before', /no decision 'launch' in this scenario/],
      ['scenes[0].decision.default_items[2]', /no item 'nothing' in this plan/],
      ['scenes[0].decision.items[3].requires', /no hidden challenge 'nope' in this scenario/],
      ['scenes[0].decision.items[0].effects[1]', /'burst' is not a metric or variable that an effect can change/],
      ['scenes[0].decision.items[0].effects[2]', /'load' is a setup fact, fixed for the whole quest/],
      ['scenes[0].decision.effects[3]', /'debt_points.demo': 'demo' is not a plan decision/],
      ['scenes[0].next[0].when', /this should be a condition \(true or false\) but it gives a number \(in "debt"\)/],
      ['scenes[0].next[0].goto', /'planning' is not after this scene; a quest only moves forward/],
      ['scenes[0].next[1].goto', /no scene 'nowhere' in this scenario/],
      ['scenes[0].next[2]', /write either goto: <scene> or end: true/],
      ['scenes[1].decision.default', /no option 'maybe' in this decision/],
      ['scenes[1].decision.bearers', /rule 'bearers' needs at least one bearer role/],
      ['scenes[2].decision.bearers[1]', /no role 'cto' in this scenario/],
      ['scenes[2].risks[0].chance', /this should give a number but it gives a bool/],
      ['endings[2].when', /the last ending is the fallback: leave out its when:/],
      ['score', /unknown name 'flag'/],
    ];
    for (const [path, message] of expected) assert.match(messageAt(problems, path), message, path);
    // big_feature + refactor = 8 points fits the capacity exactly, so the plan's size is not a problem.
    assert.equal(problems.length, expected.length, JSON.stringify(problems, null, 1));
  });

  test('a default over capacity, a default that needs a challenge, and a challenge from one role are refused', () => {
    const raw = rawFixture();
    raw.scenes[0].decision.default_items = ['big_feature', 'refactor', 'fix_flaky'];
    raw.challenges[0].cards = ['flake_log', 'flake_log'];
    const problems = problemsOf(raw);
    assert.match(
      messageAt(problems, 'scenes[0].decision.default_items[2]'),
      /the default cannot need a hidden challenge \('fix_flaky' requires 'flaky_root'\)/,
    );
    assert.match(messageAt(problems, 'scenes[0].decision.default_items'), /the default plan takes 10 points but capacity is 8/);
    assert.match(messageAt(problems, 'challenges[0].cards'), /the cards must come from at least two different roles/);
    assert.equal(problems.length, 3);
  });

  test('a requires pointing at a challenge of another decision is refused', () => {
    const raw = rawFixture();
    raw.scenes[1].decision.options[0].requires = 'flaky_root';
    assert.deepEqual(problemsOf(raw), [
      {
        path: 'scenes[1].decision.options[0].requires',
        message: "challenge 'flaky_root' is solved before decision 'plan', not 'demo'",
      },
    ]);
  });

  test('hints must name an option for a choice and an item for a plan', () => {
    const raw = rawFixture();
    raw.roles[0].intel[0].hints = [
      { decision: 'plan', option: 'big_feature', weight: 1 },
      { decision: 'demo', item: 'live_demo', weight: 1 },
      { decision: 'demo', option: 'live_demo', weight: 1, when: 'stability' },
    ];
    const problems = problemsOf(raw);
    assert.match(messageAt(problems, 'roles[0].intel[0].hints[0]'), /'plan' is a plan: name an item/);
    assert.match(messageAt(problems, 'roles[0].intel[0].hints[1]'), /'demo' is a choice: name an option/);
    assert.match(messageAt(problems, 'roles[0].intel[0].hints[2].when'), /should be a condition/);
  });

  test('schema problems are all reported together, with paths and readable messages', () => {
    const raw = rawFixture();
    delete raw.title;
    raw.minutes = 'ten';
    raw.roles[0].colour = 'blue';
    raw.roles[1].need = 'speed';
    raw.roles[2].intel = [];
    raw.scenes[0].decision.items[0].points = 0;
    raw.endings = [raw.endings[2]];
    const problems = problemsOf(raw);
    const paths = problems.map((p) => p.path).sort();
    assert.deepEqual(paths, [
      'endings',
      'minutes',
      'roles[0]',
      'roles[1].need',
      'roles[2].intel',
      'scenes[0].decision.items[0].points',
      'title',
    ]);
    assert.equal(messageAt(problems, 'title'), 'missing (required: string)');
    assert.equal(messageAt(problems, 'roles[0]'), 'unknown field: colour');
    assert.equal(messageAt(problems, 'roles[2].intel'), 'every role needs at least one private intel card');
    assert.equal(messageAt(problems, 'endings'), 'a scenario needs at least two endings');
    assert.match(messageAt(problems, 'minutes'), /expected number, received string/);
    assert.match(messageAt(problems, 'roles[1].need'), /predictability/);
    assert.match(messageAt(problems, 'scenes[0].decision.items[0].points'), />=1/);
  });

  test('problems in a YAML file carry the line where they sit', () => {
    const lines = shipText.split('\n');
    const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    const broken = shipText
      .replace('default: ship_friday', 'default: ship_sunday')
      .replace('bearers: [pm, eng]', 'bearers: [pm, cto]')
      .replace('    before: release', '    before: launch');
    const r = compileScenarioText(broken, 'ship-by-friday.yaml');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.path]),
      [
        [lineOf('before: release'), 'challenges[0].before'],
        // the renamed decision also orphans the option that needs the challenge
        [lineOf('requires: pilot_fit'), 'scenes[0].decision.options[2].requires'],
        [lineOf('default: ship_friday'), 'scenes[0].decision.default'],
        [lineOf('bearers: [pm, eng]'), 'scenes[0].decision.bearers[1]'],
      ],
    );
    assert.ok(r.problems.every((p) => p.file === 'ship-by-friday.yaml'));
    assert.equal(r.problems[2]?.message, "no option 'ship_sunday' in this decision");
  });

  test('a missing field is reported at the line of its parent', () => {
    const broken = shipText.replace(/^ *prompt: How does bulk scheduling go out\?\n/m, '');
    const r = compileScenarioText(broken, 'ship-by-friday.yaml');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.problems.length, 1);
    const decisionLine = broken.split('\n').findIndex((l) => l.includes('id: release')) + 1;
    assert.equal(r.problems[0]?.line, decisionLine);
    assert.match(r.problems[0]?.message ?? '', /prompt: missing/);
  });

  test('YAML syntax errors and duplicate keys are reported with their lines', () => {
    const dup = compileScenarioText('title: A\nsummary: B\ntitle: C\n', 'dup.yaml');
    assert.equal(dup.ok, false);
    if (!dup.ok) {
      assert.equal(dup.problems[0]?.path, '(YAML)');
      assert.equal(dup.problems[0]?.line, 3);
      assert.match(dup.problems[0]?.message ?? '', /unique/i);
    }
    const bad = compileScenarioText('title: A\nroles: [a, b\nscenes: 3\n', 'bad.yaml');
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.ok(bad.problems.length > 0);
      assert.ok(bad.problems.every((p) => p.path === '(YAML)' && typeof p.line === 'number' && p.line >= 2));
    }
  });

  test('scenario file names must be lower case', () => {
    const r = compileScenarioText(fixtureText, 'Sprint Plan.yaml');
    assert.deepEqual(r.ok ? null : r.problems, [
      {
        file: 'Sprint Plan.yaml',
        line: null,
        path: '(file name)',
        message: 'name scenario files in lower case, e.g. ship-by-friday.yaml',
      },
    ]);
  });
});

test('defaults are filled in by the schema', () => {
  const r = compileScenario('sprint-plan', rawFixture());
  assert.ok(r.ok);
  const def: ScenarioDef = r.scenario.def;
  assert.equal(def.facilitator_sees_private, false);
  assert.equal(def.scenes[1]?.decision.bearers.length, 0);
  assert.deepEqual(def.roles[2]?.position, {});
  assert.equal(r.scenario.initialMetrics.mrr, 100_000);
  assert.equal(r.scenario.initialMetrics.pm_eng_trust, 50);
  assert.equal(r.scenario.initialMetrics.stability, 50);
});
