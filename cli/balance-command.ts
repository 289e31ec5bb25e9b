// polarity balance: many seeds per bot mix, then the two balance targets with PASS or MISS.
import type { CompiledScenario } from '../engine/index.ts';
import { balance, balanceLines, TARGETS } from './balance.ts';
import type { Command } from './cli.ts';
import { loadScenarioById, ScenarioProblems, scenarioIds } from './scenario-files.ts';
import { parseFlags, UsageError, wholeNumber } from './usage.ts';

export const balanceCommand: Command = {
  summary: 'play a scenario many times with bot teams and check the balance targets',
  help: [
    'Usage: polarity balance --scenario ID|all --runs N [--from SEED] [--json]',
    '',
    'For each bot mix (all-collaborative, all-positional, all-quiet, mixed-halves) plays seeds',
    'FROM..FROM+N-1 and prints the mean score and the ending distribution; then the share of seeds on',
    'which the all-collaborative team scores strictly above the all-positional team, and the share of',
    'the most frequent choice path among collaborative runs.',
    `Targets: collaborative wins >= ${TARGETS.collaborativeWins * 100}% of seeds; most frequent path <= ${TARGETS.topPathShare * 100}%.`,
    'Exits 1 if any target is missed.',
    '',
    'Options:',
    '  --scenario ID|all   a scenario id, or all of them',
    '  --runs N            seeds per mix (1..100000)',
    '  --from SEED         first seed (default 1)',
    '  --json              machine-readable output',
  ].join('\n'),
  run(args, io) {
    const { values } = parseFlags(args, {
      scenario: { type: 'string' },
      runs: { type: 'string' },
      from: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (!values.scenario) throw new UsageError('--scenario is required (an id, or all)');
    const runs = wholeNumber('runs', values.runs, null, 1, 100_000);
    const from = wholeNumber('from', values.from, 1, -(2 ** 31), 2 ** 31 - 1 - runs);
    const ids = values.scenario === 'all' ? scenarioIds() : [values.scenario];
    const scenarios: CompiledScenario[] = [];
    let broken = 0;
    for (const id of ids) {
      try {
        scenarios.push(loadScenarioById(id));
      } catch (e) {
        // With "all", one broken file should not hide the others' numbers.
        if (!(e instanceof ScenarioProblems) || ids.length === 1) throw e;
        broken++;
        io.err(`skipping ${id}: ${e.message} (polarity validate lists them)`);
      }
    }
    const reports = scenarios.map((s) => balance(s, runs, from));
    if (values.json) io.out(JSON.stringify(reports.length === 1 && values.scenario !== 'all' ? reports[0] : reports, null, 2));
    else
      reports.forEach((r, i) => {
        if (i > 0) io.out('');
        for (const l of balanceLines(r)) io.out(l);
      });
    return broken > 0 || reports.some((r) => !r.pass) ? 1 : 0;
  },
};
