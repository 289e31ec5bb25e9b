import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileEffect, compileExpression, FormulaError, type FormulaScope, type FormulaType } from './formula.ts';
import { compileScenario } from './scenario.ts';
import { shipByFriday } from './test-fixtures/quest-table.ts';

type Ctx = Record<string, number | string | boolean>;
const TYPES: Record<string, FormulaType> = { debt: 'number', burst: 'number', pilot: 'text', flag: 'bool', zero: 'number' };
const scope: FormulaScope<Ctx> = {
  resolve(name) {
    const type = TYPES[name];
    if (!type) return `unknown name '${name}'`;
    return { type, read: (c) => c[name] as number | string | boolean };
  },
};
const ctx: Ctx = { debt: 3, burst: 2400, pilot: 'all_clinics', flag: true, zero: 0 };
const run = (src: string, c: Ctx = ctx) => compileExpression(src, scope)(c);
const fails = (src: string, message: RegExp, want?: FormulaType) =>
  assert.throws(
    () => compileExpression(src, scope, want),
    (e: unknown) => e instanceof FormulaError && message.test(e.message),
  );

describe('formula: arithmetic and precedence', () => {
  test('* / % bind tighter than + -, and both are left-associative', () => {
    assert.equal(run('1 + 2 * 3'), 7);
    assert.equal(run('(1 + 2) * 3'), 9);
    assert.equal(run('10 - 4 - 3'), 3);
    assert.equal(run('16 / 4 / 2'), 2);
    assert.equal(run('10 % 4 + 1'), 3);
    assert.equal(run('2 + 10 % 4 * 3'), 8);
  });
  test('unary minus binds tighter than multiplication and can repeat', () => {
    assert.equal(run('-2 * 3'), -6);
    assert.equal(run('- -4'), 4);
    assert.equal(run('1 - -debt'), 4);
  });
  test('numbers: decimals, leading dot and digit separators', () => {
    assert.equal(run('0.25 * 4'), 1);
    assert.equal(run('.5 + .5'), 1);
    assert.equal(run('1_000 + 1'), 1001);
  });
  test('comparison binds looser than arithmetic; not looser than comparison; and before or', () => {
    assert.equal(run('debt * 2 > 5'), true);
    assert.equal(run('not debt > 5'), true);
    assert.equal(run('true or false and false'), true);
    assert.equal(run('(true or false) and false'), false);
    assert.equal(run('not false and false'), false);
  });
  test('&&, || and ! are synonyms of and, or, not', () => {
    assert.equal(run('debt == 3 && burst > 900'), true);
    assert.equal(run('!flag || debt != 3'), false);
  });
  test('names read the context: numbers, text and booleans', () => {
    assert.equal(run("pilot == 'all_clinics'"), true);
    assert.equal(run('pilot != "three_clinics"'), true);
    assert.equal(run('flag == true'), true);
    assert.equal(run('burst / 100', { ...ctx, burst: 700 }), 7);
  });
});

describe('formula: functions', () => {
  test('min, max, clamp, abs, round', () => {
    assert.equal(run('min(debt, 2)'), 2);
    assert.equal(run('max(debt, 2)'), 3);
    assert.equal(run('clamp(15, 0, 10)'), 10);
    assert.equal(run('clamp(-5, 0, 10)'), 0);
    assert.equal(run('clamp(debt, 0, 10)'), 3);
    assert.equal(run('abs(2 - debt * 4)'), 10);
    assert.equal(run('round(2.5)'), 3);
    assert.equal(run('round(debt / 2)'), 2);
  });
  test('if picks a branch by its condition, and branches may be text', () => {
    assert.equal(run('if(burst > 900, 0.75, 0.08) + debt * 0.01'), 0.78);
    assert.equal(run('if(burst > 900, 0.75, 0.08)', { ...ctx, burst: 300 }), 0.08);
    assert.equal(run("if(flag, 'yes', 'no')"), 'yes');
    assert.equal(run('if(pilot == "all_clinics", if(burst > 900, 0.8, 0.2), 0.03)'), 0.8);
  });
  test('division and remainder by zero give 0, never Infinity or NaN', () => {
    assert.equal(run('5 / 0'), 0);
    assert.equal(run('debt / zero'), 0);
    assert.equal(run('5 % zero'), 0);
    assert.equal(run('0 / 0'), 0);
  });
});

describe('formula: errors say what is wrong and where', () => {
  test('types are checked when the formula compiles', () => {
    fails("debt + 'x'", /'\+' needs a number but got a text/);
    fails("burst == 'big'", /'==' compares a number with a text; compare like with like/);
    fails('flag and debt', /'and' needs a bool but got a number/);
    fails('not debt', /'not' needs a bool but got a number/);
    fails('-pilot', /'-' needs a number but got a text/);
    fails('debt < true', /'<' needs a number but got a bool/);
    fails("if(flag, 1, 'one')", /if\(\) gives a number in one branch and a text in the other/);
    fails('if(debt, 1, 2)', /the condition of if\(\) needs a bool but got a number/);
    fails("min(debt, 'a')", /min\(\) needs a number but got a text/);
  });
  test('the wanted result type is enforced', () => {
    fails('debt + 1', /this should be a condition \(true or false\) but it gives a number/, 'bool');
    fails('debt > 1', /this should give a number but it gives a bool/, 'number');
    assert.equal(compileExpression('debt > 1', scope, 'bool')(ctx), true);
  });
  test('wrong numbers of arguments', () => {
    fails('if(flag, 1)', /if\(condition, then, otherwise\) takes three parts/);
    fails('clamp(1, 2)', /clamp\(\) takes 3 numbers/);
    fails('abs(1, 2)', /abs\(\) takes 1 number$/);
    fails('max()', /max\(\) takes 2 numbers/);
  });
  test('unknown names and functions', () => {
    fails('debts + 1', /unknown name 'debts'/);
    fails('sqrt(4)', /unknown function 'sqrt' \(known: min, max, clamp, abs, round, if\)/);
  });
  test('syntax errors give the character position', () => {
    fails('debt +', /the formula ends too early/);
    fails('debt # 2', /unexpected character '#' at character 6/);
    fails("pilot == 'three", /text starting at character 10 is never closed with '/);
    fails('(debt + 1', /expected '\)' at character 10/);
    fails('debt 2', /unexpected '2' at character 6/);
    fails('debt = 2', /unexpected '=' at character 6/);
    fails('* 2', /unexpected '\*' at character 1/);
    fails('1 < 2 < 3', /unexpected '<' at character 7/);
  });
});

describe('formula: effects', () => {
  const assignable = (name: string): FormulaType | string =>
    name === 'debt' ? 'number' : name === 'pilot' ? 'text' : `'${name}' is not a metric or variable that an effect can change`;
  test('an effect has a target, an operator and a number expression', () => {
    for (const op of ['=', '+=', '-=', '*='] as const) {
      const e = compileEffect(`debt ${op} burst / 1200`, scope, assignable);
      assert.equal(e.target, 'debt');
      assert.equal(e.op, op);
      assert.equal(e.value(ctx), 2);
    }
  });
  test('effect errors', () => {
    const err = (src: string, message: RegExp) =>
      assert.throws(
        () => compileEffect(src, scope, assignable),
        (e: unknown) => e instanceof FormulaError && message.test(e.message),
      );
    err('debt 10', /after 'debt' write =, \+=, -= or \*= \(e\.g\. "debt -= 10"\)/);
    err('10 += debt', /an effect starts with the name of a metric or variable/);
    err('pilot = 3', /'pilot' cannot be changed by an effect/);
    err('morale += 1', /'morale' is not a metric or variable that an effect can change/);
    err('debt += flag', /the value given to 'debt' needs a number but got a bool/);
    err('debt += 1 2', /unexpected '2' at character 11/);
  });
});

describe('formula: names of a scenario', () => {
  // Replace one formula in ship-by-friday and return the problems the compiler reports.
  const withScore = (score: string) => {
    const def = structuredClone(shipByFriday().def) as unknown as Record<string, unknown>;
    def.score = score;
    const r = compileScenario('ship-by-friday', def);
    return r.ok ? [] : r.problems;
  };
  const withOnEnter = (effect: string) => {
    const def = structuredClone(shipByFriday().def);
    def.scenes[1]?.on_enter.push(effect);
    const r = compileScenario('ship-by-friday', def);
    return r.ok ? [] : r.problems;
  };
  test('every kind of name compiles', () => {
    const names = [
      'stability',
      'debt',
      'burst',
      "if(pilot == 'all_clinics', 1, 0)",
      "if(choice.release == 'ship_friday', 1, 0)",
      'if(shared.load_test and solved.pilot_fit and named.craft and fired.meltdown, 1, 0)',
      'if(timed_out.release or decided.aftermath, 1, 0)',
      'initial.mrr + checkins + scene_index',
    ];
    for (const n of names) assert.deepEqual(withScore(n), [], n);
  });
  test('unknown names list what exists', () => {
    assert.deepEqual(withScore('choice.launch'), [
      {
        path: 'score',
        message:
          "'choice.launch': no decision 'launch' in this scenario (there are: release, aftermath, agreement) (in \"choice.launch\")",
      },
    ]);
    assert.match(
      withScore('if(shared.roadmap, 1, 0)')[0]?.message ?? '',
      /no intel card 'roadmap'.*halcyon_contract, q3_roadmap/,
    );
    assert.match(withScore('if(named.speed, 1, 0)')[0]?.message ?? '', /no need 'speed'.*predictability, responsiveness/);
    assert.match(withScore('if(fired.fire, 1, 0)')[0]?.message ?? '', /no risk 'fire'.*meltdown/);
    assert.match(withScore('if(solved.x, 1, 0)')[0]?.message ?? '', /no challenge 'x'.*pilot_fit, batch_path/);
    assert.match(withScore('initial.debt')[0]?.message ?? '', /write initial.<metric>, e.g. initial.mrr/);
    assert.match(withScore('velocity')[0]?.message ?? '', /unknown name 'velocity': not a metric \(stability, customer_trust/);
    assert.match(withScore('if(picked.release.ship_friday, 1, 0)')[0]?.message ?? '', /'release' is not a plan decision/);
    assert.match(withScore('debt_points.release')[0]?.message ?? '', /'release' is not a plan decision/);
    assert.match(withScore('a.b.c.d')[0]?.message ?? '', /'a.b.c.d' has too many parts/);
  });
  test('effects cannot change setup facts or names that are not metrics or variables', () => {
    assert.deepEqual(withOnEnter('burst += 100'), [
      {
        path: 'scenes[1].on_enter[1]',
        message: '\'burst\' is a setup fact, fixed for the whole quest (in "burst += 100")',
      },
    ]);
    assert.match(
      withOnEnter('checkins += 1')[0]?.message ?? '',
      /'checkins' is not a metric or variable that an effect can change/,
    );
    assert.deepEqual(withOnEnter('debt *= 2'), []);
  });
});
