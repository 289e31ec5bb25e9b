// Turns a parsed scenario file into a compiled scenario: schema-checked, cross-referenced, every formula
// type-checked. All problems are collected and returned together, each with the path where it sits.
import { z } from 'zod';
import {
  type CompiledEffect,
  compileEffect,
  compileExpression,
  type Evaluator,
  FormulaError,
  type FormulaScope,
  type FormulaType,
  type FormulaValue,
} from './formula.ts';
import type { QuestState } from './quest-state.ts';
import {
  type ChallengeDef,
  type DecisionDef,
  type EndingDef,
  type IntelCardDef,
  isPlanDecision,
  METRIC_IDS,
  METRICS,
  type MetricId,
  NEEDS,
  type RiskDef,
  type RoleDef,
  type ScenarioDef,
  type SceneDef,
  scenarioSchema,
} from './scenario-schema.ts';
import { hashJson } from './state-hash.ts';

export interface ScenarioProblem {
  path: string;
  message: string;
}

export type Effect = CompiledEffect<QuestState>;
export interface CompiledRisk {
  def: RiskDef;
  chance: Evaluator<QuestState>;
  effects: Effect[];
}
export interface CompiledChoice {
  id: string;
  label: string;
  requires?: string;
  effects: Effect[];
  /** keys into CompiledScenario.delayed */
  later: { key: string; afterScenes: number; text: string }[];
  risks: CompiledRisk[];
  kind?: 'feature' | 'debt';
  points?: number;
}
export interface CompiledDecision {
  def: DecisionDef;
  scene: number;
  plan: boolean;
  choices: Map<string, CompiledChoice>;
  timeoutEffects: Effect[];
  planEffects: Effect[];
}
export interface CompiledHint {
  decision: string;
  target: string;
  weight: number;
  when: Evaluator<QuestState> | null;
}
export interface CompiledCard {
  def: IntelCardDef;
  owner: string;
  title: Template;
  text: Template;
  hints: CompiledHint[];
}
export interface CompiledScene {
  def: SceneDef;
  title: Template;
  narrative: Template;
  onEnter: Effect[];
  risks: CompiledRisk[];
  next: { when: Evaluator<QuestState> | null; goto: number | null }[];
}
export interface CompiledScenario {
  id: string;
  hash: string;
  def: ScenarioDef;
  roles: Map<string, RoleDef>;
  cards: Map<string, CompiledCard>;
  scenes: CompiledScene[];
  sceneIndex: Map<string, number>;
  decisions: Map<string, CompiledDecision>;
  challenges: Map<string, ChallengeDef>;
  challengesByCard: Map<string, ChallengeDef[]>;
  delayed: Map<string, Effect[]>;
  endings: { def: EndingDef; when: Evaluator<QuestState> | null }[];
  score: Evaluator<QuestState>;
  initialMetrics: Record<MetricId, number>;
  /** Numeric variables that effects may change, with their ranges. */
  varRanges: Map<string, { min: number; max: number; hidden: boolean }>;
  hiddenVars: Set<string>;
}

/** Text with {var} placeholders, split once so rendering is a join; word-valued facts carry their labels. */
export type Template = (string | { v: string; labels?: Record<string, string> })[];
export function renderTemplate(t: Template, vars: Record<string, number | string>): string {
  if (t.length === 1 && typeof t[0] === 'string') return t[0];
  let out = '';
  for (const p of t) {
    if (typeof p === 'string') out += p;
    else {
      const value = String(vars[p.v] ?? '');
      out += p.labels?.[value] ?? value;
    }
  }
  return out;
}
type Placeholder = { labels?: Record<string, string> } | string;
function parseTemplate(s: string, known: (v: string) => Placeholder, path: string, errs: ScenarioProblem[]): Template {
  const parts: Template = [];
  let last = 0;
  for (const m of s.matchAll(/\{([a-z][a-z0-9_]*)\}/g)) {
    const name = m[1] as string;
    const found = known(name);
    if (typeof found === 'string') errs.push({ path, message: found });
    parts.push(
      s.slice(last, m.index),
      typeof found !== 'string' && found.labels ? { v: name, labels: found.labels } : { v: name },
    );
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(s.slice(last));
  const merged = parts.filter((p) => p !== '');
  return merged.length === 0 ? [''] : merged;
}

const DEFAULT_SCORE =
  '(stability + customer_trust + morale + pace + pm_eng_trust) / 5 + 50 * (mrr - initial.mrr) / max(initial.mrr, 1)';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(top level)';
}

export function compileScenario(
  id: string,
  raw: unknown,
): { ok: true; scenario: CompiledScenario } | { ok: false; problems: ScenarioProblem[] } {
  // reportInput lets describeIssue tell a missing field from one of the wrong type.
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: describeIssue(i) })),
    };
  }
  const def = parsed.data;
  const errs: ScenarioProblem[] = [];
  const err = (path: string, message: string) => errs.push({ path, message });

  // ---- names and uniqueness
  const unique = <T extends { id: string }>(list: T[], path: string, what: string) => {
    const seen = new Map<string, number>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) err(`${path}[${i}].id`, `${what} id '${x.id}' is used twice (also at ${path}[${seen.get(x.id)}])`);
      seen.set(x.id, i);
    });
  };
  unique(def.roles, 'roles', 'role');
  unique(def.scenes, 'scenes', 'scene');
  unique(def.endings, 'endings', 'ending');
  unique(def.challenges, 'challenges', 'challenge');

  const roles = new Map(def.roles.map((r) => [r.id, r]));
  const sceneIndex = new Map(def.scenes.map((s, i) => [s.id, i]));
  const cardOwner = new Map<string, string>();
  def.roles.forEach((r, ri) => {
    r.intel.forEach((c, ci) => {
      if (cardOwner.has(c.id)) err(`roles[${ri}].intel[${ci}].id`, `intel card id '${c.id}' is used twice`);
      cardOwner.set(c.id, r.id);
    });
  });
  const decisionDefs = new Map<string, { def: DecisionDef; scene: number }>();
  def.scenes.forEach((s, si) => {
    if (decisionDefs.has(s.decision.id)) err(`scenes[${si}].decision.id`, `decision id '${s.decision.id}' is used twice`);
    decisionDefs.set(s.decision.id, { def: s.decision, scene: si });
  });
  const riskIds = new Set<string>();
  const allRisks: { risk: RiskDef; path: string }[] = [];
  def.scenes.forEach((s, si) => {
    s.risks.forEach((r, ri) => {
      allRisks.push({ risk: r, path: `scenes[${si}].risks[${ri}]` });
    });
    const d = s.decision;
    const list = isPlanDecision(d) ? d.items : d.options;
    const key = isPlanDecision(d) ? 'items' : 'options';
    list.forEach((o, oi) => {
      o.risks.forEach((r, ri) => {
        allRisks.push({ risk: r, path: `scenes[${si}].decision.${key}[${oi}].risks[${ri}]` });
      });
    });
  });
  for (const { risk, path } of allRisks) {
    if (riskIds.has(risk.id)) err(`${path}.id`, `risk id '${risk.id}' is used twice; risk ids are unique in a scenario`);
    riskIds.add(risk.id);
  }

  // ---- variables and setup facts
  const varRanges = new Map<string, { min: number; max: number; hidden: boolean }>();
  for (const [name, v] of Object.entries(def.vars)) {
    if (name in METRICS) err(`vars.${name}`, `'${name}' is a world metric; give the variable another name`);
    if (v.min > v.max) err(`vars.${name}`, `min (${v.min}) is above max (${v.max})`);
    if (v.initial < v.min || v.initial > v.max) err(`vars.${name}.initial`, `${v.initial} is outside ${v.min}..${v.max}`);
    varRanges.set(name, { min: v.min, max: v.max, hidden: v.hidden });
  }
  const setupTypes = new Map<string, FormulaType>();
  def.setup.forEach((f, i) => {
    if (f.var in METRICS || varRanges.has(f.var) || setupTypes.has(f.var)) {
      err(`setup[${i}].var`, `'${f.var}' is already a metric, a variable or another setup fact`);
    }
    const kinds = new Set(f.one_of.map((x) => typeof x));
    if (kinds.size > 1) err(`setup[${i}].one_of`, 'use all numbers or all words, not a mix');
    setupTypes.set(f.var, typeof f.one_of[0] === 'number' ? 'number' : 'text');
    if (f.labels) {
      const values = f.one_of.map(String);
      for (const v of values) if (!(v in f.labels)) err(`setup[${i}].labels`, `no label for '${v}'`);
      for (const k of Object.keys(f.labels))
        if (!values.includes(k)) err(`setup[${i}].labels.${k}`, `'${k}' is not one of the values`);
    }
  });
  const setupFacts = new Map(def.setup.map((f) => [f.var, f]));
  const initialMetrics = {} as Record<MetricId, number>;
  for (const m of METRIC_IDS) {
    const v = def.metrics[m] ?? METRICS[m].initial;
    if (v < METRICS[m].min || v > METRICS[m].max) err(`metrics.${m}`, `${v} is outside ${METRICS[m].min}..${METRICS[m].max}`);
    initialMetrics[m] = v;
  }
  // Players read words, not ids: a word-valued fact shown in text must say what each value means.
  const knownVar = (v: string): Placeholder => {
    if (varRanges.has(v)) return {};
    const fact = setupFacts.get(v);
    if (!fact) return `{${v}} is not a setup fact or variable of this scenario`;
    if (setupTypes.get(v) === 'text' && !fact.labels) {
      return `{${v}} would show players an id like '${fact.one_of[0]}': give setup fact '${v}' labels: for each value`;
    }
    return fact.labels ? { labels: fact.labels } : {};
  };

  // ---- the formula scope: every name a formula may read
  const choiceOf = (s: QuestState, d: string) => s.decisions.find((x) => x.decision === d);
  const scope: FormulaScope<QuestState> = {
    resolve(name) {
      if (name in METRICS) return { type: 'number', read: (s) => s.metrics[name as MetricId] };
      if (varRanges.has(name)) return { type: 'number', read: (s) => s.vars[name] as number };
      const st = setupTypes.get(name);
      if (st) return { type: st, read: (s) => s.vars[name] as FormulaValue };
      if (name === 'checkins') return { type: 'number', read: (s) => s.checkIns };
      if (name === 'scene_index') return { type: 'number', read: (s) => s.scene?.index ?? 0 };
      const [head, a, b, ...rest] = name.split('.');
      const unknown = (what: string, list: Iterable<string>) =>
        `'${name}': no ${what} '${a}' in this scenario (there are: ${[...list].join(', ') || 'none'})`;
      if (rest.length > 0) return `'${name}' has too many parts`;
      switch (head) {
        case 'initial':
          if (a && a in METRICS && !b) return { type: 'number', read: () => initialMetrics[a as MetricId] };
          return `'${name}': write initial.<metric>, e.g. initial.mrr`;
        case 'choice': {
          const d = a ? decisionDefs.get(a) : undefined;
          if (!d || b) return unknown('decision', decisionDefs.keys());
          if (isPlanDecision(d.def)) return `'${name}': '${a}' is a plan; use picked.${a}.<item>`;
          return {
            type: 'text',
            read: (s) => {
              const c = choiceOf(s, a as string)?.choice;
              return c && 'option' in c ? c.option : '';
            },
          };
        }
        case 'timed_out': {
          if (!a || !decisionDefs.has(a) || b) return unknown('decision', decisionDefs.keys());
          return { type: 'bool', read: (s) => choiceOf(s, a)?.via === 'timeout' };
        }
        case 'decided': {
          if (!a || !decisionDefs.has(a) || b) return unknown('decision', decisionDefs.keys());
          return { type: 'bool', read: (s) => choiceOf(s, a) !== undefined };
        }
        case 'picked': {
          const d = a ? decisionDefs.get(a) : undefined;
          if (!d || !isPlanDecision(d.def)) return `'${name}': '${a}' is not a plan decision`;
          if (!b || !d.def.items.some((i) => i.id === b)) return `'${name}': plan '${a}' has no item '${b}'`;
          return {
            type: 'bool',
            read: (s) => {
              const c = choiceOf(s, a as string)?.choice;
              return !!c && 'items' in c && c.items.includes(b);
            },
          };
        }
        case 'debt_points':
        case 'feature_points': {
          const d = a ? decisionDefs.get(a) : undefined;
          if (!d || !isPlanDecision(d.def) || b) return `'${name}': '${a}' is not a plan decision`;
          const kind = head === 'debt_points' ? 'debt' : 'feature';
          const pts = new Map(d.def.items.map((i) => [i.id, i.kind === kind ? i.points : 0]));
          return {
            type: 'number',
            read: (s) => {
              const c = choiceOf(s, a as string)?.choice;
              return c && 'items' in c ? c.items.reduce((n, i) => n + (pts.get(i) ?? 0), 0) : 0;
            },
          };
        }
        case 'shared':
          if (!a || !cardOwner.has(a) || b) return unknown('intel card', cardOwner.keys());
          return { type: 'bool', read: (s) => s.shared[a] === 'team' };
        case 'solved':
          if (!a || !def.challenges.some((c) => c.id === a) || b)
            return unknown(
              'challenge',
              def.challenges.map((c) => c.id),
            );
          return { type: 'bool', read: (s) => s.solved.includes(a) };
        case 'named':
          if (!a || !(NEEDS as readonly string[]).includes(a) || b) return unknown('need', NEEDS);
          return { type: 'bool', read: (s) => s.needsNamed.some((n) => n.need === a) };
        case 'fired':
          if (!a || !riskIds.has(a) || b) return unknown('risk', riskIds);
          return { type: 'bool', read: (s) => s.risksFired.includes(a) };
        default:
          return (
            `unknown name '${name}': not a metric (${METRIC_IDS.join(', ')}), variable, setup fact, checkins, scene_index ` +
            'or known prefix (choice., picked., debt_points., feature_points., shared., solved., named., fired., ' +
            'timed_out., decided., initial.)'
          );
      }
    },
  };
  const assignable = (name: string): FormulaType | string => {
    if (name in METRICS || varRanges.has(name)) return 'number';
    if (setupTypes.has(name)) return `'${name}' is a setup fact, fixed for the whole quest`;
    return `'${name}' is not a metric or variable that an effect can change`;
  };
  const expr = (src: string, path: string, want: FormulaType): Evaluator<QuestState> | null => {
    try {
      return compileExpression(src, scope, want);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      err(path, `${e.message} (in "${src}")`);
      return null;
    }
  };
  const effects = (list: string[], path: string): Effect[] =>
    list.flatMap((src, i) => {
      try {
        return [compileEffect(src, scope, assignable)];
      } catch (e) {
        if (!(e instanceof FormulaError)) throw e;
        err(`${path}[${i}]`, `${e.message} (in "${src}")`);
        return [];
      }
    });
  const risks = (list: RiskDef[], path: string): CompiledRisk[] =>
    list.map((r, i) => ({
      def: r,
      chance: expr(r.chance, `${path}[${i}].chance`, 'number') ?? (() => 0),
      effects: effects(r.effects, `${path}[${i}].effects`),
    }));

  // ---- challenges
  const challenges = new Map(def.challenges.map((c) => [c.id, c]));
  const challengesByCard = new Map<string, ChallengeDef[]>();
  def.challenges.forEach((c, i) => {
    const owners = new Set<string>();
    c.cards.forEach((card, j) => {
      const owner = cardOwner.get(card);
      if (!owner) err(`challenges[${i}].cards[${j}]`, `no intel card '${card}' in this scenario`);
      else owners.add(owner);
      challengesByCard.set(card, [...(challengesByCard.get(card) ?? []), c]);
    });
    if (owners.size < 2)
      err(`challenges[${i}].cards`, 'the cards must come from at least two different roles, so only pooling solves it');
    if (!decisionDefs.has(c.before)) err(`challenges[${i}].before`, `no decision '${c.before}' in this scenario`);
  });

  // ---- scenes and decisions
  const delayed = new Map<string, Effect[]>();
  const decisions = new Map<string, CompiledDecision>();
  const scenes: CompiledScene[] = def.scenes.map((s, si) => {
    const p = `scenes[${si}]`;
    const d = s.decision;
    const plan = isPlanDecision(d);
    const list = plan ? d.items : d.options;
    const listKey = plan ? 'items' : 'options';
    const seen = new Set<string>();
    const choices = new Map<string, CompiledChoice>();
    list.forEach((o, oi) => {
      const op = `${p}.decision.${listKey}[${oi}]`;
      if (seen.has(o.id)) err(`${op}.id`, `'${o.id}' is used twice in this decision`);
      seen.add(o.id);
      if (o.requires) {
        const c = challenges.get(o.requires);
        if (!c) err(`${op}.requires`, `no hidden challenge '${o.requires}' in this scenario`);
        else if (c.before !== d.id)
          err(`${op}.requires`, `challenge '${o.requires}' is solved before decision '${c.before}', not '${d.id}'`);
      }
      const later = o.later.map((l, li) => {
        const key = `${d.id}/${o.id}/${li}`;
        delayed.set(key, effects(l.effects, `${op}.later[${li}].effects`));
        return { key, afterScenes: l.after_scenes, text: l.text };
      });
      choices.set(o.id, {
        id: o.id,
        label: o.label,
        requires: o.requires,
        effects: effects(o.effects, `${op}.effects`),
        later,
        risks: risks(o.risks, `${op}.risks`),
        ...('kind' in o && 'points' in o ? { kind: o.kind as 'feature' | 'debt', points: o.points as number } : {}),
      });
    });
    if (plan) {
      let total = 0;
      d.default_items.forEach((it, i) => {
        const c = choices.get(it);
        if (!c) err(`${p}.decision.default_items[${i}]`, `no item '${it}' in this plan`);
        else {
          total += c.points ?? 0;
          if (c.requires)
            err(
              `${p}.decision.default_items[${i}]`,
              `the default cannot need a hidden challenge ('${it}' requires '${c.requires}')`,
            );
        }
      });
      if (total > d.capacity)
        err(`${p}.decision.default_items`, `the default plan takes ${total} points but capacity is ${d.capacity}`);
    } else {
      const c = choices.get(d.default);
      if (!c) err(`${p}.decision.default`, `no option '${d.default}' in this decision`);
      else if (c.requires)
        err(`${p}.decision.default`, `the default cannot need a hidden challenge ('${d.default}' requires '${c.requires}')`);
    }
    d.bearers.forEach((b, i) => {
      if (!roles.has(b)) err(`${p}.decision.bearers[${i}]`, `no role '${b}' in this scenario`);
    });
    if (d.rule === 'bearers' && d.bearers.length === 0)
      err(`${p}.decision.bearers`, "rule 'bearers' needs at least one bearer role");
    decisions.set(d.id, {
      def: d,
      scene: si,
      plan,
      choices,
      timeoutEffects: effects(d.timeout_effects, `${p}.decision.timeout_effects`),
      planEffects: plan ? effects(d.effects, `${p}.decision.effects`) : [],
    });
    const next = s.next.map((n, ni) => {
      if (!!n.goto === !!n.end) err(`${p}.next[${ni}]`, 'write either goto: <scene> or end: true');
      const target = n.goto ? sceneIndex.get(n.goto) : undefined;
      if (n.goto && target === undefined) err(`${p}.next[${ni}].goto`, `no scene '${n.goto}' in this scenario`);
      else if (target !== undefined && target <= si) {
        err(`${p}.next[${ni}].goto`, `'${n.goto}' is not after this scene; a quest only moves forward, so every quest ends`);
      }
      return {
        when: n.when === undefined ? null : expr(n.when, `${p}.next[${ni}].when`, 'bool'),
        goto: target ?? null,
      };
    });
    return {
      def: s,
      title: parseTemplate(s.title, knownVar, `${p}.title`, errs),
      narrative: parseTemplate(s.narrative, knownVar, `${p}.narrative`, errs),
      onEnter: effects(s.on_enter, `${p}.on_enter`),
      risks: risks(s.risks, `${p}.risks`),
      next,
    };
  });

  // ---- roles, cards and hints
  const cards = new Map<string, CompiledCard>();
  def.roles.forEach((r, ri) => {
    for (const [dec, opt] of Object.entries(r.position)) {
      const d = decisions.get(dec);
      if (!d) err(`roles[${ri}].position.${dec}`, `no decision '${dec}' in this scenario`);
      else if (!d.plan && !d.choices.has(opt)) err(`roles[${ri}].position.${dec}`, `decision '${dec}' has no option '${opt}'`);
      else if (d.plan && !d.choices.has(opt)) err(`roles[${ri}].position.${dec}`, `plan '${dec}' has no item '${opt}'`);
    }
    r.intel.forEach((c, ci) => {
      const cp = `roles[${ri}].intel[${ci}]`;
      const hints = c.hints.flatMap((h, hi): CompiledHint[] => {
        const hp = `${cp}.hints[${hi}]`;
        const d = decisions.get(h.decision);
        if (!d) {
          err(`${hp}.decision`, `no decision '${h.decision}' in this scenario`);
          return [];
        }
        const target = d.plan ? h.item : h.option;
        if (!target || (d.plan ? h.option : h.item)) {
          err(hp, d.plan ? `'${h.decision}' is a plan: name an item:` : `'${h.decision}' is a choice: name an option:`);
          return [];
        }
        if (!d.choices.has(target)) {
          err(hp, `decision '${h.decision}' has no ${d.plan ? 'item' : 'option'} '${target}'`);
          return [];
        }
        return [{ decision: h.decision, target, weight: h.weight, when: h.when ? expr(h.when, `${hp}.when`, 'bool') : null }];
      });
      cards.set(c.id, {
        def: c,
        owner: r.id,
        title: parseTemplate(c.title, knownVar, `${cp}.title`, errs),
        text: parseTemplate(c.text, knownVar, `${cp}.text`, errs),
        hints,
      });
    });
  });

  // ---- endings and score
  const endings = def.endings.map((e, i) => ({
    def: e,
    when: e.when === undefined ? null : expr(e.when, `endings[${i}].when`, 'bool'),
  }));
  const lastEnding = def.endings[def.endings.length - 1];
  if (lastEnding && lastEnding.when !== undefined) {
    err(`endings[${def.endings.length - 1}].when`, 'the last ending is the fallback: leave out its when:');
  }
  const score = expr(def.score ?? DEFAULT_SCORE, 'score', 'number') ?? (() => 0);

  if (errs.length > 0) return { ok: false, problems: errs };
  const hiddenVars = new Set([...setupTypes.keys(), ...[...varRanges].filter(([, v]) => v.hidden).map(([k]) => k)]);
  return {
    ok: true,
    scenario: {
      id,
      hash: hashJson(def),
      def,
      roles,
      cards,
      scenes,
      sceneIndex,
      decisions,
      challenges,
      challengesByCard,
      delayed,
      endings,
      score,
      initialMetrics,
      varRanges,
      hiddenVars,
    },
  };
}

function describeIssue(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') return `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}`;
  if (i.code === 'invalid_type' && i.input === undefined) return `missing (required: ${i.expected})`;
  if (i.code === 'invalid_union' && 'errors' in i) {
    // Plans and choices differ by fields; say which shape fits best rather than dumping both.
    const best = [...i.errors].sort((a, b) => a.length - b.length)[0];
    if (best && best.length > 0) return best.map((x) => `${formatPath(x.path)}: ${describeIssue(x)}`).join('; ');
  }
  return i.message;
}

/** JSON Schema of the scenario format, for editor autocomplete in YAML files. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
