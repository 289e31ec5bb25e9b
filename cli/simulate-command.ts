// polarity simulate: one quest played by bots, as a readable transcript or as JSON that is identical for
// identical inputs (virtual time only, no wall clock).
import {
  type CompiledScenario,
  choiceLabel,
  METRICS,
  type MetricId,
  PERSONA_IDS,
  type SimulationResult,
  simulate,
} from '../engine/index.ts';
import type { Command } from './cli.ts';
import { loadScenarioById } from './scenario-files.ts';
import { clockLabel, seatLines, transcript } from './transcript.ts';
import { parseFlags, UsageError, wholeNumber } from './usage.ts';

export function parseBots(raw: string | undefined): string[] {
  const list = (raw ?? 'collaborative').split(',').map((s) => s.trim());
  for (const p of list) {
    if (!(PERSONA_IDS as readonly string[]).includes(p)) {
      throw new UsageError(`unknown bot persona '${p}' in --bots (known: ${PERSONA_IDS.join(', ')})`);
    }
  }
  return list;
}

export function simulationJson(scenario: CompiledScenario, r: SimulationResult): unknown {
  const ending = scenario.def.endings.find((e) => e.id === r.state.ending?.id);
  return {
    scenario: r.scenarioId,
    seed: r.seed,
    seats: r.seats.map((s) => ({ role: s.role, persona: s.persona })),
    ending: ending ? { id: ending.id, title: ending.title, outcome: ending.outcome } : null,
    score: r.state.ending?.score ?? null,
    metrics: r.state.metrics,
    path: r.path,
    decisions: r.state.decisions.map((d) => ({ decision: d.decision, choice: d.choice, via: d.via, at: d.at })),
    risksFired: r.state.risksFired,
    turns: r.turns,
    rejected: r.rejected,
    log: r.log,
    events: r.events,
  };
}

function outcomeLines(scenario: CompiledScenario, r: SimulationResult): string[] {
  const ending = scenario.def.endings.find((e) => e.id === r.state.ending?.id);
  const metrics = Object.entries(r.state.metrics)
    .map(
      ([k, v]) =>
        `  ${(METRICS[k as MetricId]?.label ?? k).padEnd(32)} ${String(scenario.initialMetrics[k as MetricId]).padStart(8)} → ${v}`,
    )
    .concat(
      Object.entries(scenario.def.vars).map(
        ([k, v]) => `  ${v.label.padEnd(32)} ${String(v.initial).padStart(8)} → ${r.state.vars[k]}`,
      ),
    );
  return [
    '',
    'Outcome',
    `  ending:  ${ending ? `${ending.title} (${ending.id}, ${ending.outcome})` : 'none'}`,
    `  score:   ${r.state.ending?.score ?? '-'}`,
    `  path:    ${r.path || '(no decisions)'}`,
    ...r.state.decisions.map(
      (d) => `           ${d.decision}: ${choiceLabel(scenario, d.decision, d.choice)} (${d.via}, at ${clockLabel(d.at)})`,
    ),
    'Metrics (start → end)',
    ...metrics,
    ...(r.rejected.length > 0
      ? ['', `${r.rejected.length} bot command(s) were refused by the engine:`, ...r.rejected.map((x) => `  ${x.reason}`)]
      : []),
  ];
}

export const simulateCommand: Command = {
  summary: 'play one quest with bots and print the transcript and outcome',
  help: [
    'Usage: polarity simulate --scenario ID --seed N [--bots PERSONAS] [--json]',
    '',
    'Options:',
    '  --scenario ID     scenario id (file name in scenarios/ without .yaml)',
    '  --seed N          whole number; fixes the setup facts and every dice roll',
    `  --bots LIST       comma-separated personas assigned to the roles in order, or one for all (${PERSONA_IDS.join(', ')});`,
    '                    default collaborative',
    '  --json            machine-readable output, identical for identical inputs',
  ].join('\n'),
  run(args, io) {
    const { values } = parseFlags(args, {
      scenario: { type: 'string' },
      seed: { type: 'string' },
      bots: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (!values.scenario) throw new UsageError('--scenario is required');
    const seed = wholeNumber('seed', values.seed, null, -(2 ** 31), 2 ** 31 - 1);
    const bots = parseBots(values.bots);
    const scenario = loadScenarioById(values.scenario);
    const r = simulate({ scenario, seed, personas: bots });
    if (values.json) {
      io.out(JSON.stringify(simulationJson(scenario, r), null, 2));
      return 0;
    }
    io.out(`${scenario.def.title} (${scenario.id}), seed ${seed}`);
    io.out('Seats:');
    for (const l of seatLines(scenario, r.seats)) io.out(l);
    for (const l of transcript(scenario, r.events)) io.out(l);
    for (const l of outcomeLines(scenario, r)) io.out(l);
    return 0;
  },
};
