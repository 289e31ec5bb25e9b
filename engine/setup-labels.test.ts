import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileScenarioText, SCENARIO_DIR } from '../scenarios/catalog.ts';
import { initialState, viewFor } from './index.ts';

const base = readFileSync(join(SCENARIO_DIR, 'ship-by-friday.yaml'), 'utf8');

test('a word-valued setup fact shows players its label, never its id', () => {
  const r = compileScenarioText(base, 'ship-by-friday.yaml');
  assert.ok(r.ok);
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const s = initialState(
      r.scenario,
      seed,
      r.scenario.def.roles.map((x) => ({ role: x.id, kind: 'bot' as const })),
    );
    const card = viewFor(s, { role: 'pm' }, r.scenario).me?.cards.find((c) => c.id === 'halcyon_contract');
    assert.ok(card);
    assert.doesNotMatch(card.text, /three_clinics|all_clinics/);
    assert.match(card.text, s.vars.pilot === 'all_clinics' ? /all 40 clinics at once/ : /only their three pilot clinics/);
  }
});

test('a word-valued fact in text without labels is refused, naming the fact', () => {
  const broken = base.replace(/ {4}labels:\n {6}three_clinics: .*\n {6}all_clinics: .*\n/, '');
  assert.notEqual(broken, base);
  const r = compileScenarioText(broken, 'ship-by-friday.yaml');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.ok(r.problems.some((p) => /\{pilot\} would show players an id/.test(p.message) && p.line !== null));
});

test('labels must cover exactly the values', () => {
  const extra = base.replace(
    '      all_clinics: "all 40 clinics at once"\n',
    '      all_clinics: "all 40 clinics at once"\n      some_clinics: "some"\n',
  );
  const r = compileScenarioText(extra.replace('three_clinics: "only', 'three_clinic: "only'), 'ship-by-friday.yaml');
  assert.equal(r.ok, false);
  if (r.ok) return;
  const messages = r.problems.map((p) => p.message).join('\n');
  assert.match(messages, /no label for 'three_clinics'/);
  assert.match(messages, /'some_clinics' is not one of the values/);
});
