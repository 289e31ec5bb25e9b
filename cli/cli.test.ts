// The `polarity` command end to end, as a person runs it (child processes through the bin file), plus the
// argument errors in-process where a child would only add seconds.
import { deepStrictEqual, equal, match, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simulate } from '../engine/index.ts';
import { scenarioFiles } from '../scenarios/catalog.ts';
import { balance, mixesFor } from './balance.ts';
import { runCli } from './cli.ts';
import { loadScenarioById } from './scenario-files.ts';
import { transcript } from './transcript.ts';
import { SCHEMA_FILE, schemaText } from './validate-command.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'cli', 'polarity.mjs');

function polarity(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

async function inProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'polarity-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('polarity validate', () => {
  it('prints OK for every scenario in the folder and exits 0', () => {
    const r = polarity('validate');
    equal(r.code, 0, r.out + r.err);
    for (const file of scenarioFiles()) match(r.out, new RegExp(`^OK .*${file.split('/').pop()}$`, 'm'));
  });

  it('lists every problem of a broken file as file:line: path: message and exits 1', () => {
    const good = readFileSync(join(ROOT, 'scenarios', 'ship-by-friday.yaml'), 'utf8');
    const broken = good
      .replace(
        'rule: bearers\n      bearers: [pm, eng]\n      default: ship_friday',
        'rule: bearers\n      bearers: [pm, cfo]\n      default: ship_later',
      )
      .replace('chance: "if(burst > 900, 0.75, 0.08) + debt * 0.01"', 'chance: "if(bursts > 900, 0.75, 0.08)"')
      .replace('cards: [halcyon_contract, monday_rush]', 'cards: [halcyon_contract, no_such_card]');
    const file = join(tmp, 'broken-friday.yaml');
    writeFileSync(file, broken);
    const r = polarity('validate', file);
    equal(r.code, 1);
    const problems = r.out.split('\n').filter((l) => l.includes('broken-friday.yaml:'));
    ok(problems.length >= 4, `expected several problems, got:\n${r.out}`);
    for (const p of problems) match(p, /broken-friday\.yaml:\d+: [^:]+: .+/);
    match(r.out, /bearers\[1\]: no role 'cfo'/);
    match(r.out, /default: no option 'ship_later'/);
    match(r.out, /unknown name 'bursts'/);
    match(r.out, /no intel card 'no_such_card'/);
    match(r.err, /1 of 1 scenario file has problems/);
  });

  it('reports a YAML syntax error with its line', async () => {
    const file = join(tmp, 'bad-syntax.yaml');
    writeFileSync(file, 'title: [unclosed\nsummary: x\n');
    const r = await inProcess('validate', file);
    equal(r.code, 1);
    match(r.out, /bad-syntax\.yaml:\d+: \(YAML\): /);
  });

  it('keeps scenarios/scenario.schema.json in step with the format', () => {
    equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaText(), 'run `npx polarity validate --schema` and commit the file');
  });
});

describe('polarity simulate', () => {
  it('prints the same JSON for the same inputs, with an ending and a path', () => {
    const args = [
      'simulate',
      '--scenario',
      'ship-by-friday',
      '--seed',
      '11',
      '--bots',
      'collaborative,positional,quiet,collaborative',
      '--json',
    ];
    const a = polarity(...args);
    const b = polarity(...args);
    equal(a.code, 0, a.err);
    equal(a.out, b.out);
    const json = JSON.parse(a.out);
    equal(json.scenario, 'ship-by-friday');
    deepStrictEqual(
      json.seats.map((s: { persona: string }) => s.persona),
      ['collaborative', 'positional', 'quiet', 'collaborative'],
    );
    ok(json.ending.id);
    match(json.path, /^release=\w+ > aftermath=\w+ > agreement=\w+$/);
    ok(Array.isArray(json.events) && json.events.length > 0);
  });

  it('prints a readable transcript with times, names, decisions, risk rolls and the outcome', async () => {
    const r = await inProcess('simulate', '--scenario', 'ship-by-friday', '--seed', '3');
    equal(r.code, 0, r.err);
    match(r.out, /^\d\d:\d\d {2}Dana Okafor shares "/m);
    match(r.out, /DECISION release: /);
    match(r.out, /risk ".+" \(\d+(\.\d)?%\): (HAPPENED|did not happen)/);
    match(r.out, /System stability \d+ → \d+ \([+−]\d+\)/);
    match(r.out, /^ {2}ending: {2}.+\((fast_and_well|shipped_with_scars|lost_the_room), (success|mixed|failure)\)$/m);
    match(r.out, /^ {2}path: {4}release=/m);
  });

  it('names the unknown scenario and the known ones', async () => {
    const r = await inProcess('simulate', '--scenario', 'no-such-quest', '--seed', '1');
    equal(r.code, 2);
    match(r.err, /unknown scenario 'no-such-quest' \(known: .*ship-by-friday/);
  });

  it('rejects bad numbers, personas, team sizes and flags', async () => {
    const cases: [string[], RegExp][] = [
      [['simulate', '--scenario', 'ship-by-friday', '--seed', 'abc'], /--seed must be a whole number, not 'abc'/],
      [['simulate', '--scenario', 'ship-by-friday', '--seed', '1.5'], /--seed must be a whole number/],
      [['simulate', '--scenario', 'ship-by-friday'], /--seed is required/],
      [['simulate', '--seed', '1'], /--scenario is required/],
      [['simulate', '--scenario', 'ship-by-friday', '--seed', '1', '--bots', 'grumpy'], /unknown bot persona 'grumpy'/],
      [
        ['simulate', '--scenario', 'ship-by-friday', '--seed', '1', '--bots', 'quiet,quiet'],
        /give one persona for all or one per role, not 2/,
      ],
      [['simulate', '--scenario', 'ship-by-friday', '--seed', '1', '--fast'], /unknown option '--fast'/],
      [['balance', '--scenario', 'ship-by-friday', '--runs', '0'], /--runs must be between 1 and 100000, not 0/],
      [['balance', '--scenario', 'ship-by-friday'], /--runs is required/],
      [['balance', '--scenario', 'ship-by-friday', '--runs', '2', '--from', 'x'], /--from must be a whole number/],
      [['launch'], /unknown command 'launch'/],
    ];
    for (const [args, message] of cases) {
      const r = await inProcess(...args);
      equal(r.code, 2, `${args.join(' ')} should fail`);
      match(r.err, message);
    }
  });

  it('explains itself with --help', async () => {
    const top = await inProcess('--help');
    equal(top.code, 0);
    for (const c of ['validate', 'simulate', 'balance']) match(top.out, new RegExp(`^ {2}${c} `, 'm'));
    const sim = await inProcess('simulate', '--help');
    equal(sim.code, 0);
    match(sim.out, /--scenario ID/);
  });
});

describe('polarity balance', () => {
  it('reports every mix, the head-to-head and the targets as JSON', async () => {
    const r = await inProcess('balance', '--scenario', 'ship-by-friday', '--runs', '4', '--from', '20', '--json');
    ok(r.code === 0 || r.code === 1, r.err);
    const report = JSON.parse(r.out);
    equal(report.scenario, 'ship-by-friday');
    deepStrictEqual(
      report.mixes.map((m: { mix: string }) => m.mix),
      ['all-collaborative', 'all-positional', 'all-quiet', 'mixed-halves'],
    );
    for (const m of report.mixes)
      equal(
        Object.values(m.endings as Record<string, number>).reduce((a, b) => a + b, 0),
        4,
      );
    equal(report.headToHead.collaborativeWins + report.headToHead.ties + report.headToHead.positionalWins, 4);
    deepStrictEqual(
      report.targets.map((t: { id: string }) => t.id),
      ['collaborativeWins', 'topPathShare'],
    );
    equal(r.code, report.pass ? 0 : 1);
  });

  it('prints PASS or MISS per target in text', async () => {
    const r = await inProcess('balance', '--scenario', 'ship-by-friday', '--runs', '3');
    match(r.out, /^ {2}(PASS|MISS) {2}all-collaborative beats all-positional: [\d.]+% \(target >= 80\.0%\)$/m);
    match(r.out, /^ {2}(PASS|MISS) {2}most frequent collaborative path: [\d.]+% \(target <= 50\.0%\)$/m);
  });

  it('counts head-to-head wins seed by seed against the same setup', () => {
    const sc = loadScenarioById('ship-by-friday');
    const report = balance(sc, 3, 5);
    const wins = [5, 6, 7].filter((seed) => {
      const a = simulate({ scenario: sc, seed, personas: ['collaborative'] }).state.ending?.score ?? 0;
      const b = simulate({ scenario: sc, seed, personas: ['positional'] }).state.ending?.score ?? 0;
      return a > b;
    }).length;
    equal(report.headToHead.collaborativeWins, wins);
    equal(
      mixesFor(sc)
        .find((m) => m.id === 'mixed-halves')
        ?.personas.join(','),
      'collaborative,collaborative,positional,positional',
    );
  });
});

describe('transcript', () => {
  it('writes one line or more for every event people care about, with mm:ss times', () => {
    const sc = loadScenarioById('ship-by-friday');
    const r = simulate({ scenario: sc, seed: 9, personas: ['positional'] });
    const lines = transcript(sc, r.events).filter((l) => l !== '');
    ok(lines.length > 20);
    for (const l of lines) match(l, /^\d\d:\d\d {2}/);
    ok(lines.some((l) => l.includes('by default: time ran out')));
    ok(lines.some((l) => /objects to p\d+: /.test(l)));
  });
});

describe('the bin file', () => {
  it('is what package.json declares, executable, and registers tsx before loading the TypeScript', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    equal(pkg.bin.polarity, './cli/polarity.mjs');
    ok(statSync(BIN).mode & 0o111, 'cli/polarity.mjs is not executable');
    const text = readFileSync(BIN, 'utf8');
    match(text, /^#!\/usr\/bin\/env node\n/);
    ok(text.indexOf('register()') < text.indexOf("import('./main.ts')"));
  });
});
