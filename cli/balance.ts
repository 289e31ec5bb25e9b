// Whether a scenario rewards collaboration, measured by playing it many times with bot teams. A scenario is
// balanced when pooling and pricing beat arguing positions on most seeds, and no single choice path dominates:
// the best path should depend on what the team finds out, not be learnable by heart.
import { type CompiledScenario, PERSONA_IDS, simulate } from '../engine/index.ts';

export const TARGETS = {
  /** Share of seeds on which the all-collaborative team scores strictly above the all-positional team. */
  collaborativeWins: 0.8,
  /** Largest share of collaborative runs that may follow the same choice path. */
  topPathShare: 0.5,
} as const;

export interface Mix {
  id: string;
  personas: string[];
}

export function mixesFor(scenario: CompiledScenario): Mix[] {
  const n = scenario.def.roles.length;
  const half = Math.ceil(n / 2);
  return [
    ...PERSONA_IDS.map((p) => ({ id: `all-${p}`, personas: Array.from({ length: n }, () => p as string) })),
    { id: 'mixed-halves', personas: Array.from({ length: n }, (_, i) => (i < half ? 'collaborative' : 'positional')) },
  ];
}

export interface MixReport {
  mix: string;
  personas: string[];
  runs: number;
  meanScore: number;
  minScore: number;
  maxScore: number;
  endings: Record<string, number>;
  outcomes: Record<string, number>;
  timeouts: number;
}

export interface BalanceReport {
  scenario: string;
  runs: number;
  from: number;
  mixes: MixReport[];
  headToHead: { collaborativeWins: number; ties: number; positionalWins: number; share: number };
  topCollaborativePath: { path: string; runs: number; share: number; distinct: number };
  targets: { id: keyof typeof TARGETS; label: string; value: number; target: number; pass: boolean }[];
  pass: boolean;
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

/** What balance keeps of one run; the full event log would cost memory for nothing. */
interface Run {
  score: number;
  ending: string;
  path: string;
  timeouts: number;
}

function play(scenario: CompiledScenario, seed: number, personas: string[]): Run {
  const r = simulate({ scenario, seed, personas });
  return {
    score: r.state.ending?.score ?? 0,
    ending: r.state.ending?.id ?? 'none',
    path: r.path,
    timeouts: r.state.decisions.filter((d) => d.via === 'timeout').length,
  };
}

function summarise(scenario: CompiledScenario, mix: Mix, results: Run[]): MixReport {
  const scores = results.map((r) => r.score);
  const outcome = (id: string) => scenario.def.endings.find((e) => e.id === id)?.outcome ?? 'unknown';
  return {
    mix: mix.id,
    personas: mix.personas,
    runs: results.length,
    meanScore: round(scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length)),
    minScore: Math.min(...scores),
    maxScore: Math.max(...scores),
    endings: countBy(results, (r) => r.ending),
    outcomes: countBy(results, (r) => outcome(r.ending)),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
  };
}

export function balance(scenario: CompiledScenario, runs: number, from: number): BalanceReport {
  const mixes = mixesFor(scenario);
  const seeds = Array.from({ length: runs }, (_, i) => from + i);
  const byMix = new Map(mixes.map((m) => [m.id, seeds.map((seed) => play(scenario, seed, m.personas))]));
  const collab = byMix.get('all-collaborative') ?? [];
  const positional = byMix.get('all-positional') ?? [];
  let wins = 0;
  let ties = 0;
  collab.forEach((r, i) => {
    const a = r.score;
    const b = positional[i]?.score ?? 0;
    if (a > b) wins++;
    else if (a === b) ties++;
  });
  const paths = Object.entries(countBy(collab, (r) => r.path)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const [topPath, topRuns] = paths[0] ?? ['', 0];
  const winShare = round(wins / Math.max(1, runs), 4);
  const topShare = round(topRuns / Math.max(1, runs), 4);
  const targets: BalanceReport['targets'] = [
    {
      id: 'collaborativeWins',
      label: 'all-collaborative beats all-positional',
      value: winShare,
      target: TARGETS.collaborativeWins,
      pass: winShare >= TARGETS.collaborativeWins,
    },
    {
      id: 'topPathShare',
      label: 'most frequent collaborative path',
      value: topShare,
      target: TARGETS.topPathShare,
      pass: topShare <= TARGETS.topPathShare,
    },
  ];
  return {
    scenario: scenario.id,
    runs,
    from,
    mixes: mixes.map((m) => summarise(scenario, m, byMix.get(m.id) ?? [])),
    headToHead: { collaborativeWins: wins, ties, positionalWins: runs - wins - ties, share: winShare },
    topCollaborativePath: { path: topPath, runs: topRuns, share: topShare, distinct: paths.length },
    targets,
    pass: targets.every((t) => t.pass),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function balanceLines(r: BalanceReport): string[] {
  const out = [`${r.scenario}: ${r.runs} runs per mix, seeds ${r.from}..${r.from + r.runs - 1}`];
  for (const m of r.mixes) {
    const endings = Object.entries(m.endings)
      .sort((a, b) => b[1] - a[1])
      .map(([id, n]) => `${id} ${pct(n / m.runs)}`)
      .join(', ');
    out.push(
      `  ${m.mix.padEnd(20)} mean score ${m.meanScore.toFixed(2).padStart(7)}  (min ${m.minScore}, max ${m.maxScore})` +
        `  timeouts ${m.timeouts}  endings: ${endings}`,
    );
  }
  const h = r.headToHead;
  out.push(
    `  head-to-head: all-collaborative beats all-positional on ${h.collaborativeWins}/${r.runs} seeds ` +
      `(${pct(h.share)}; ties ${h.ties}, losses ${h.positionalWins})`,
  );
  const p = r.topCollaborativePath;
  out.push(
    `  most frequent collaborative path (${p.distinct} distinct): ${p.path || '(none)'}: ${p.runs}/${r.runs} (${pct(p.share)})`,
  );
  for (const t of r.targets) {
    const cmp = t.id === 'topPathShare' ? '<=' : '>=';
    out.push(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.label}: ${pct(t.value)} (target ${cmp} ${pct(t.target)})`);
  }
  return out;
}
