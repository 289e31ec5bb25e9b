// The scenario format, as a facilitator writes it in YAML. Field names are snake_case on purpose:
// they are what non-programmers type, and docs/SCENARIO_FORMAT.md documents them one by one.
import { z } from 'zod';

export const NEEDS = ['predictability', 'responsiveness', 'partnership', 'autonomy', 'sustainability', 'craft'] as const;
export type Need = (typeof NEEDS)[number];

/** The scene art the web client ships (SVG drawn in code, no image files); a scene may name one, or the client picks. */
export const SCENE_ART = ['war_room', 'release_train', 'server_fire', 'customer_call', 'dashboard'] as const;
export type SceneArt = (typeof SCENE_ART)[number];

/** How a role's lines are spoken when the browser reads them aloud; each is a hint the browser may not honour. */
const voiceHint = z.strictObject({
  /** A BCP 47 language tag such as en-GB: prefer a voice with this accent. */
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, 'a language tag such as en-GB')
    .optional(),
  pitch: z.number().min(0.5, 'pitch is between 0.5 and 1.5').max(1.5, 'pitch is between 0.5 and 1.5').optional(),
  rate: z.number().min(0.7, 'rate is between 0.7 and 1.3').max(1.3, 'rate is between 0.7 and 1.3').optional(),
});

/** The world metrics every quest tracks, with the range each is kept in. */
export const METRICS = {
  stability: { label: 'System stability', min: 0, max: 100, initial: 60 },
  customer_trust: { label: 'Customer trust', min: 0, max: 100, initial: 60 },
  morale: { label: 'Team morale', min: 0, max: 100, initial: 60 },
  mrr: { label: 'Monthly recurring revenue ($)', min: 0, max: 100_000_000, initial: 100_000 },
  pace: { label: 'Delivery pace', min: 0, max: 100, initial: 60 },
  pm_eng_trust: { label: 'PM–engineering trust', min: 0, max: 100, initial: 50 },
} as const;
export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and underscores, starting with a letter (e.g. load_test)');
const text = z.string().trim().min(1, 'must not be empty');
/** An expression in the quest's small formula language; parsed and type-checked when the scenario compiles. */
const expression = z.union([z.string().min(1, 'must not be empty'), z.number(), z.boolean()]).transform(String);
const effect = z.string().min(1, 'must not be empty');

const hint = z.strictObject({
  decision: id,
  option: id.optional(),
  item: id.optional(),
  weight: z.number().min(-10).max(10),
  when: expression.optional(),
});

const intelCard = z.strictObject({
  id,
  title: text,
  text,
  /** What this card suggests for a decision; bots read these, people read the text. */
  hints: z.array(hint).default([]),
});

const role = z.strictObject({
  id,
  name: text,
  title: text,
  brief: text,
  goal: text,
  need: z.enum(NEEDS),
  /** What this role argues for when it argues from position rather than interest: decision id -> option id. */
  position: z.record(id, id).default({}),
  intel: z.array(intelCard).min(1, 'every role needs at least one private intel card'),
  voice: voiceHint.optional(),
});

const later = z.strictObject({
  after_scenes: z.number().int().min(1).max(10),
  text,
  effects: z.array(effect).min(1),
});

const risk = z.strictObject({
  id,
  text,
  chance: expression,
  effects: z.array(effect).min(1),
});

const choiceOption = z.strictObject({
  id,
  label: text,
  description: text.optional(),
  requires: id.optional(),
  effects: z.array(effect).default([]),
  later: z.array(later).default([]),
  risks: z.array(risk).default([]),
});

const backlogItem = z.strictObject({
  id,
  label: text,
  description: text.optional(),
  kind: z.enum(['feature', 'debt']),
  points: z.number().int().min(1).max(100),
  requires: id.optional(),
  effects: z.array(effect).default([]),
  later: z.array(later).default([]),
  risks: z.array(risk).default([]),
});

const decisionBase = {
  id,
  prompt: text,
  rule: z.enum(['consensus', 'majority', 'bearers']),
  bearers: z.array(id).default([]),
  timeout_effects: z.array(effect).default([]),
};

const choiceDecision = z.strictObject({
  ...decisionBase,
  options: z.array(choiceOption).min(2, 'a decision needs at least two options'),
  default: id,
});

const planDecision = z.strictObject({
  ...decisionBase,
  capacity: z.number().int().min(1).max(1000),
  items: z.array(backlogItem).min(2, 'a plan needs at least two backlog items'),
  default_items: z.array(id),
  /** Effects applied once for the whole plan, after the items' own; can read picked.<decision>.<item>. */
  effects: z.array(effect).default([]),
});

const nextRule = z.strictObject({
  when: expression.optional(),
  goto: id.optional(),
  end: z.literal(true).optional(),
});

const scene = z.strictObject({
  id,
  title: text,
  narrative: text,
  art: z.enum(SCENE_ART).optional(),
  minutes: z.number().min(0.5).max(120),
  briefing_seconds: z.number().int().min(5).max(1800).default(60),
  consequences_seconds: z.number().int().min(5).max(1800).default(45),
  on_enter: z.array(effect).default([]),
  risks: z.array(risk).default([]),
  decision: z.union([choiceDecision, planDecision]),
  next: z.array(nextRule).default([]),
});

const ending = z.strictObject({
  id,
  title: text,
  outcome: z.enum(['success', 'mixed', 'failure']),
  when: expression.optional(),
  text,
});

const setupFact = z.strictObject({
  var: id,
  one_of: z.array(z.union([z.string().regex(/^[a-z][a-z0-9_]*$/), z.number()])).min(2),
  /** What players read where a {placeholder} shows a word-valued fact: value -> words. */
  labels: z.record(z.string(), text).optional(),
});

const variable = z.strictObject({
  label: text,
  initial: z.number(),
  min: z.number(),
  max: z.number(),
  hidden: z.boolean().default(false),
});

const challenge = z.strictObject({
  id,
  title: text,
  cards: z.array(id).min(2, 'a hidden challenge must need at least two cards pooled'),
  before: id,
  explanation: text,
});

const debrief = z.strictObject({
  summary: text,
  framework: z.array(z.strictObject({ step: text, look_for: text })).min(1),
  questions: z.array(text).min(3, 'give the facilitator at least three questions'),
});

export const scenarioSchema = z.strictObject({
  title: text,
  summary: text,
  practises: z.array(text).min(1),
  minutes: z.number().int().min(5).max(240),
  facilitator_sees_private: z.boolean().default(false),
  check_in_seconds: z.number().int().min(10).max(600).default(60),
  metrics: z
    .strictObject({
      stability: z.number().optional(),
      customer_trust: z.number().optional(),
      morale: z.number().optional(),
      mrr: z.number().optional(),
      pace: z.number().optional(),
      pm_eng_trust: z.number().optional(),
    })
    .default({}),
  vars: z.record(id, variable).default({}),
  setup: z.array(setupFact).default([]),
  score: expression.optional(),
  roles: z.array(role).min(2, 'a quest needs 2 to 6 roles').max(6, 'a quest needs 2 to 6 roles'),
  challenges: z.array(challenge).min(1, 'every scenario needs at least one hidden challenge'),
  scenes: z.array(scene).min(3, 'a scenario needs at least three scenes'),
  endings: z.array(ending).min(2, 'a scenario needs at least two endings'),
  debrief,
});

export type ScenarioDef = z.output<typeof scenarioSchema>;
export type RoleDef = ScenarioDef['roles'][number];
export type VoiceHint = z.output<typeof voiceHint>;
export type IntelCardDef = RoleDef['intel'][number];
export type SceneDef = ScenarioDef['scenes'][number];
export type DecisionDef = SceneDef['decision'];
export type ChoiceDecisionDef = z.output<typeof choiceDecision>;
export type PlanDecisionDef = z.output<typeof planDecision>;
export type RiskDef = z.output<typeof risk>;
export type LaterDef = z.output<typeof later>;
export type EndingDef = ScenarioDef['endings'][number];
export type ChallengeDef = ScenarioDef['challenges'][number];

export function isPlanDecision(d: DecisionDef): d is PlanDecisionDef {
  return 'items' in d;
}
