// scenarios/catalog.ts
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";

// engine/prng.ts
function nextRandom(rng) {
  const next2 = rng + 1831565813 | 0;
  let t = next2;
  t = Math.imul(t ^ t >>> 15, t | 1);
  t ^= t + Math.imul(t ^ t >>> 7, t | 61);
  return { value: ((t ^ t >>> 14) >>> 0) / 4294967296, rng: next2 };
}
function seedState(seed) {
  let h = seed ^ 2654435769 | 0;
  h = Math.imul(h ^ h >>> 16, 2246822507);
  h = Math.imul(h ^ h >>> 13, 3266489909);
  return h ^ h >>> 16 | 0;
}

// engine/bots/personas.ts
var PERSONAS = [
  {
    id: "collaborative",
    name: "Collaborative",
    description: "Pools every intel card, names its own need, asks others what they know, proposes the best choice it can see with priced risks and bearers, backs proposals close to its best, bridges with amendments, and calls a check-in when objections pile up."
  },
  {
    id: "positional",
    name: "Positional",
    description: "Restates its role's position, keeps its intel to itself, proposes its position, objects to everything else with the reason its role always gives, and votes only for its own position (late in a majority vote it joins a proposal its vote would carry)."
  },
  {
    id: "quiet",
    name: "Quiet",
    description: "Withdrawal: says little, shares nothing, never proposes or objects, and votes yes on whatever already has the most backing."
  }
];
var PERSONA_IDS = PERSONAS.map((p) => p.id);

// engine/commands.ts
import { z as z2 } from "zod";

// engine/scenario-schema.ts
import { z } from "zod";
var NEEDS = [
  "predictability",
  "responsiveness",
  "partnership",
  "autonomy",
  "sustainability",
  "craft"
];
var METRICS = {
  stability: { label: "System stability", min: 0, max: 100, initial: 60 },
  customer_trust: { label: "Customer trust", min: 0, max: 100, initial: 60 },
  morale: { label: "Team morale", min: 0, max: 100, initial: 60 },
  mrr: { label: "Monthly recurring revenue ($)", min: 0, max: 1e8, initial: 1e5 },
  pace: { label: "Delivery pace", min: 0, max: 100, initial: 60 },
  pm_eng_trust: { label: "PM\u2013engineering trust", min: 0, max: 100, initial: 50 }
};
var METRIC_IDS = Object.keys(METRICS);
var id = z.string().regex(/^[a-z][a-z0-9_]*$/, "use lower-case letters, digits and underscores, starting with a letter (e.g. load_test)");
var text = z.string().trim().min(1, "must not be empty");
var expression = z.union([z.string().min(1, "must not be empty"), z.number(), z.boolean()]).transform(String);
var effect = z.string().min(1, "must not be empty");
var hint = z.strictObject({
  decision: id,
  option: id.optional(),
  item: id.optional(),
  weight: z.number().min(-10).max(10),
  when: expression.optional()
});
var intelCard = z.strictObject({
  id,
  title: text,
  text,
  /** What this card suggests for a decision; bots read these, people read the text. */
  hints: z.array(hint).default([])
});
var role = z.strictObject({
  id,
  name: text,
  title: text,
  brief: text,
  goal: text,
  need: z.enum(NEEDS),
  /** What this role argues for when it argues from position rather than interest: decision id -> option id. */
  position: z.record(id, id).default({}),
  intel: z.array(intelCard).min(1, "every role needs at least one private intel card")
});
var later = z.strictObject({
  after_scenes: z.number().int().min(1).max(10),
  text,
  effects: z.array(effect).min(1)
});
var risk = z.strictObject({
  id,
  text,
  chance: expression,
  effects: z.array(effect).min(1)
});
var choiceOption = z.strictObject({
  id,
  label: text,
  description: text.optional(),
  requires: id.optional(),
  effects: z.array(effect).default([]),
  later: z.array(later).default([]),
  risks: z.array(risk).default([])
});
var backlogItem = z.strictObject({
  id,
  label: text,
  description: text.optional(),
  kind: z.enum(["feature", "debt"]),
  points: z.number().int().min(1).max(100),
  requires: id.optional(),
  effects: z.array(effect).default([]),
  later: z.array(later).default([]),
  risks: z.array(risk).default([])
});
var decisionBase = {
  id,
  prompt: text,
  rule: z.enum(["consensus", "majority", "bearers"]),
  bearers: z.array(id).default([]),
  timeout_effects: z.array(effect).default([])
};
var choiceDecision = z.strictObject({
  ...decisionBase,
  options: z.array(choiceOption).min(2, "a decision needs at least two options"),
  default: id
});
var planDecision = z.strictObject({
  ...decisionBase,
  capacity: z.number().int().min(1).max(1e3),
  items: z.array(backlogItem).min(2, "a plan needs at least two backlog items"),
  default_items: z.array(id),
  /** Effects applied once for the whole plan, after the items' own; can read picked.<decision>.<item>. */
  effects: z.array(effect).default([])
});
var nextRule = z.strictObject({
  when: expression.optional(),
  goto: id.optional(),
  end: z.literal(true).optional()
});
var scene = z.strictObject({
  id,
  title: text,
  narrative: text,
  minutes: z.number().min(0.5).max(120),
  briefing_seconds: z.number().int().min(5).max(1800).default(60),
  consequences_seconds: z.number().int().min(5).max(1800).default(45),
  on_enter: z.array(effect).default([]),
  risks: z.array(risk).default([]),
  decision: z.union([choiceDecision, planDecision]),
  next: z.array(nextRule).default([])
});
var ending = z.strictObject({
  id,
  title: text,
  outcome: z.enum(["success", "mixed", "failure"]),
  when: expression.optional(),
  text
});
var setupFact = z.strictObject({
  var: id,
  one_of: z.array(z.union([z.string().regex(/^[a-z][a-z0-9_]*$/), z.number()])).min(2)
});
var variable = z.strictObject({
  label: text,
  initial: z.number(),
  min: z.number(),
  max: z.number(),
  hidden: z.boolean().default(false)
});
var challenge = z.strictObject({
  id,
  title: text,
  cards: z.array(id).min(2, "a hidden challenge must need at least two cards pooled"),
  before: id,
  explanation: text
});
var debrief = z.strictObject({
  summary: text,
  framework: z.array(z.strictObject({ step: text, look_for: text })).min(1),
  questions: z.array(text).min(3, "give the facilitator at least three questions")
});
var scenarioSchema = z.strictObject({
  title: text,
  summary: text,
  practises: z.array(text).min(1),
  minutes: z.number().int().min(5).max(240),
  facilitator_sees_private: z.boolean().default(false),
  check_in_seconds: z.number().int().min(10).max(600).default(60),
  metrics: z.strictObject({
    stability: z.number().optional(),
    customer_trust: z.number().optional(),
    morale: z.number().optional(),
    mrr: z.number().optional(),
    pace: z.number().optional(),
    pm_eng_trust: z.number().optional()
  }).default({}),
  vars: z.record(id, variable).default({}),
  setup: z.array(setupFact).default([]),
  score: expression.optional(),
  roles: z.array(role).min(2, "a quest needs 2 to 6 roles").max(6, "a quest needs 2 to 6 roles"),
  challenges: z.array(challenge).min(1, "every scenario needs at least one hidden challenge"),
  scenes: z.array(scene).min(3, "a scenario needs at least three scenes"),
  endings: z.array(ending).min(2, "a scenario needs at least two endings"),
  debrief
});
function isPlanDecision(d) {
  return "items" in d;
}

// engine/commands.ts
var roleId = z2.string().regex(/^[a-z][a-z0-9_]*$/, "not a role id").max(64);
var cardId = roleId;
var proposalId = z2.string().regex(/^p\d{1,6}$/, "not a proposal id (like p3)");
var words = (max) => z2.string().trim().min(1, "must not be empty").max(max, `at most ${max} characters`);
var riskSchema = z2.strictObject({
  text: words(300),
  probability: z2.number().min(0, "a probability is between 0 and 1").max(1, "a probability is between 0 and 1"),
  cost: z2.number().min(0, "a cost is not negative").max(1e12)
});
var choiceFields = {
  option: roleId.optional(),
  items: z2.array(roleId).max(50).optional()
};
var envelope = {
  at: z2.number().int().min(0).max(864e13)
};
var playerCommandSchema = z2.discriminatedUnion("type", [
  z2.strictObject({ ...envelope, type: z2.literal("say"), text: words(2e3), via: z2.enum(["text", "voice"]).default("text") }),
  z2.strictObject({ ...envelope, type: z2.literal("ask"), text: words(2e3), to: roleId.optional(), via: z2.enum(["text", "voice"]).default("text") }),
  z2.strictObject({ ...envelope, type: z2.literal("share"), card: cardId, with: z2.union([z2.literal("team"), roleId]) }),
  z2.strictObject({ ...envelope, type: z2.literal("name_need"), need: z2.enum(NEEDS), of: roleId.optional() }),
  z2.strictObject({
    ...envelope,
    type: z2.literal("propose"),
    decision: roleId,
    ...choiceFields,
    risks: z2.array(riskSchema).max(10).default([]),
    bearers: z2.array(roleId).max(6).default([]),
    rationale: z2.string().trim().max(1e3).default("")
  }),
  z2.strictObject({
    ...envelope,
    type: z2.literal("amend"),
    proposal: proposalId,
    ...choiceFields,
    risks: z2.array(riskSchema).max(10).optional(),
    bearers: z2.array(roleId).max(6).optional(),
    rationale: z2.string().trim().max(1e3).optional()
  }),
  z2.strictObject({ ...envelope, type: z2.literal("support"), proposal: proposalId }),
  z2.strictObject({ ...envelope, type: z2.literal("object"), proposal: proposalId, reason: words(500), risk: riskSchema.optional() }),
  z2.strictObject({ ...envelope, type: z2.literal("vote"), proposal: proposalId, vote: z2.enum(["yes", "no"]) }),
  z2.strictObject({ ...envelope, type: z2.literal("check_in"), note: z2.string().trim().max(500).default("") }),
  z2.strictObject({ ...envelope, type: z2.literal("ready") })
]);
var controlCommandSchema = z2.discriminatedUnion("type", [
  z2.strictObject({ ...envelope, type: z2.literal("start") }),
  z2.strictObject({ ...envelope, type: z2.literal("pause") }),
  z2.strictObject({ ...envelope, type: z2.literal("resume") }),
  z2.strictObject({ ...envelope, type: z2.literal("extend"), seconds: z2.number().int().min(10).max(1800) }),
  z2.strictObject({ ...envelope, type: z2.literal("end"), reason: z2.string().trim().max(300).default("") }),
  z2.strictObject({ ...envelope, type: z2.literal("cover_seat"), role: roleId, persona: z2.string().regex(/^[a-z]+$/).max(32) }),
  z2.strictObject({ ...envelope, type: z2.literal("release_seat"), role: roleId }),
  z2.strictObject({ ...envelope, type: z2.literal("deadline") })
]);

// engine/evolve.ts
function withProposal(s, id2, f) {
  return s.proposals.map((p) => p.id === id2 ? f(p) : p);
}
function next(state, at) {
  return {
    schema: state.schema,
    scenarioId: state.scenarioId,
    scenarioHash: state.scenarioHash,
    seed: state.seed,
    rng: state.rng,
    version: state.version + 1,
    clock: at > state.clock ? at : state.clock,
    status: state.status,
    pausedRemainingMs: state.pausedRemainingMs,
    seats: state.seats,
    scene: state.scene,
    metrics: state.metrics,
    vars: state.vars,
    shared: state.shared,
    solved: state.solved,
    needsNamed: state.needsNamed,
    proposals: state.proposals,
    nextProposal: state.nextProposal,
    decisions: state.decisions,
    pending: state.pending,
    risksFired: state.risksFired,
    checkIns: state.checkIns,
    history: state.history,
    ending: state.ending
  };
}
function evolve(state, e) {
  const s = next(state, e.at);
  switch (e.type) {
    case "message_sent":
    case "consequence_came_due":
      if (e.type === "consequence_came_due") s.pending = s.pending.filter((p) => p.key !== e.key);
      return s;
    case "quest_started":
      s.status = "running";
      return s;
    case "scene_started":
      s.scene = {
        id: e.scene,
        index: e.index,
        phase: "briefing",
        startedAt: e.at,
        phaseEndsAt: e.endsAt,
        checkInUsed: false,
        checkIn: null,
        ready: []
      };
      s.proposals = [];
      s.history = [...s.history, { at: e.at, scene: e.index, label: `start of ${e.scene}`, metrics: s.metrics }];
      return s;
    case "phase_changed":
      if (s.scene) s.scene = { ...s.scene, phase: e.phase, phaseEndsAt: e.endsAt, ready: [], checkIn: null };
      return s;
    case "card_shared": {
      const prev = s.shared[e.card];
      const next2 = e.with === "team" ? "team" : [...Array.isArray(prev) ? prev : [], e.with];
      s.shared = { ...s.shared, [e.card]: next2 };
      return s;
    }
    case "challenge_solved":
      s.solved = [...s.solved, e.challenge];
      return s;
    case "need_named":
      s.needsNamed = [...s.needsNamed, { by: e.by, need: e.need, of: e.of }];
      return s;
    case "proposal_made":
      s.proposals = [
        ...s.proposals,
        {
          id: e.id,
          decision: e.decision,
          author: e.by,
          revision: 1,
          amendedBy: [],
          choice: e.choice,
          risks: e.risks,
          bearers: e.bearers,
          rationale: e.rationale,
          supports: [],
          objections: [],
          votes: {},
          status: "open",
          at: e.at
        }
      ];
      s.nextProposal = s.nextProposal + 1;
      return s;
    case "proposal_amended":
      s.proposals = withProposal(s, e.id, (p) => ({
        ...p,
        revision: e.revision,
        amendedBy: [...p.amendedBy, e.by],
        choice: e.choice,
        risks: e.risks,
        bearers: e.bearers,
        rationale: e.rationale,
        supports: [],
        votes: {}
      }));
      return s;
    case "proposal_supported":
      s.proposals = withProposal(s, e.id, (p) => ({ ...p, supports: [...p.supports, e.by] }));
      return s;
    case "proposal_objected":
      s.proposals = withProposal(s, e.id, (p) => ({
        ...p,
        supports: p.supports.filter((r) => r !== e.by),
        objections: [...p.objections, { role: e.by, reason: e.reason, revision: p.revision }]
      }));
      return s;
    case "vote_cast":
      s.proposals = withProposal(s, e.id, (p) => ({ ...p, votes: { ...p.votes, [e.by]: e.vote } }));
      return s;
    case "check_in_called":
      if (s.scene) s.scene = { ...s.scene, checkInUsed: true, checkIn: { by: e.by, until: e.until }, phaseEndsAt: e.phaseEndsAt };
      s.checkIns = s.checkIns + 1;
      return s;
    case "check_in_ended":
      if (s.scene) s.scene = { ...s.scene, checkIn: null };
      return s;
    case "player_ready":
      if (s.scene) s.scene = { ...s.scene, ready: [...s.scene.ready, e.by] };
      return s;
    case "decision_made":
      s.decisions = [
        ...s.decisions,
        { decision: e.decision, scene: s.scene?.id ?? "", choice: e.choice, via: e.via, proposal: e.proposal, at: e.at }
      ];
      s.proposals = s.proposals.map((p) => ({ ...p, status: p.id === e.proposal ? "accepted" : "superseded" }));
      return s;
    case "world_changed": {
      const metrics = { ...s.metrics };
      for (const k in e.metrics) metrics[k] = e.metrics[k];
      s.metrics = metrics;
      s.vars = { ...s.vars, ...e.vars };
      return s;
    }
    case "risk_rolled":
      s.rng = e.rng;
      if (e.fired) s.risksFired = [...s.risksFired, e.risk];
      return s;
    case "consequence_scheduled":
      s.pending = [...s.pending, { key: e.key, dueScene: e.dueScene, text: e.text }];
      return s;
    case "quest_paused":
      s.status = "paused";
      s.pausedRemainingMs = e.remainingMs;
      return s;
    case "quest_resumed":
      s.status = "running";
      s.pausedRemainingMs = null;
      if (s.scene) s.scene = { ...s.scene, phaseEndsAt: e.phaseEndsAt };
      return s;
    case "timer_extended":
      if (s.status === "paused") s.pausedRemainingMs = (s.pausedRemainingMs ?? 0) + e.seconds * 1e3;
      else if (s.scene) s.scene = { ...s.scene, phaseEndsAt: e.phaseEndsAt };
      return s;
    case "seat_covered":
      s.seats = s.seats.map((x2) => x2.role === e.role ? { ...x2, kind: "bot", persona: e.persona, covered: true } : x2);
      return s;
    case "seat_released":
      s.seats = s.seats.map((x2) => x2.role === e.role ? { role: x2.role, kind: "human" } : x2);
      return s;
    case "quest_ended":
      s.status = "finished";
      s.ending = { id: e.ending, score: e.score, at: e.at, early: e.early };
      s.history = [...s.history, { at: e.at, scene: s.scene?.index ?? 0, label: "end", metrics: s.metrics }];
      return s;
  }
}

// engine/scenario.ts
import { z as z3 } from "zod";

// engine/formula.ts
var FormulaError = class extends Error {
};
var OPS = ["==", "!=", "<=", ">=", "+=", "-=", "*=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", "=", "!"];
function tokenize(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "	" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const num = /^(\d[\d_]*(\.\d+)?|\.\d+)/.exec(src.slice(i));
    if (num) {
      out.push({ t: "num", v: Number(num[0].replaceAll("_", "")), at: i });
      i += num[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new FormulaError(`text starting at character ${i + 1} is never closed with ${c}`);
      out.push({ t: "str", v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (name) {
      out.push({ t: "name", v: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: "op", v: op, at: i });
      i += op.length;
      continue;
    }
    throw new FormulaError(`unexpected character '${c}' at character ${i + 1}`);
  }
  out.push({ t: "end", at: src.length });
  return out;
}
var Parser = class {
  constructor(toks) {
    this.toks = toks;
  }
  toks;
  i = 0;
  peek() {
    return this.toks[this.i];
  }
  next() {
    return this.toks[this.i++];
  }
  isOp(v) {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  isWord(v) {
    const t = this.peek();
    return t.t === "name" && t.v === v;
  }
  expectOp(v) {
    const t = this.next();
    if (t.t !== "op" || t.v !== v) throw new FormulaError(`expected '${v}' at character ${t.at + 1}`);
  }
  expression() {
    let a = this.and();
    while (this.isWord("or") || this.isOp("||")) {
      const at = this.next().at;
      a = { k: "bin", op: "or", a, b: this.and(), at };
    }
    return a;
  }
  and() {
    let a = this.not();
    while (this.isWord("and") || this.isOp("&&")) {
      const at = this.next().at;
      a = { k: "bin", op: "and", a, b: this.not(), at };
    }
    return a;
  }
  not() {
    if (this.isWord("not") || this.isOp("!")) {
      const at = this.next().at;
      return { k: "un", op: "not", a: this.not(), at };
    }
    return this.cmp();
  }
  cmp() {
    const a = this.sum();
    const t = this.peek();
    if (t.t === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.v)) {
      this.next();
      return { k: "bin", op: t.v, a, b: this.sum(), at: t.at };
    }
    return a;
  }
  sum() {
    let a = this.product();
    for (let t = this.peek(); t.t === "op" && (t.v === "+" || t.v === "-"); t = this.peek()) {
      this.next();
      a = { k: "bin", op: t.v, a, b: this.product(), at: t.at };
    }
    return a;
  }
  product() {
    let a = this.unary();
    for (let t = this.peek(); t.t === "op" && (t.v === "*" || t.v === "/" || t.v === "%"); t = this.peek()) {
      this.next();
      a = { k: "bin", op: t.v, a, b: this.unary(), at: t.at };
    }
    return a;
  }
  unary() {
    if (this.isOp("-")) {
      const at = this.next().at;
      return { k: "un", op: "neg", a: this.unary(), at };
    }
    return this.atom();
  }
  atom() {
    const t = this.next();
    if (t.t === "num" || t.t === "str") return { k: "lit", v: t.v };
    if (t.t === "name") {
      if (t.v === "true" || t.v === "false") return { k: "lit", v: t.v === "true" };
      if (this.isOp("(")) {
        this.next();
        const args = [];
        if (!this.isOp(")")) {
          args.push(this.expression());
          while (this.isOp(",")) {
            this.next();
            args.push(this.expression());
          }
        }
        this.expectOp(")");
        return { k: "call", fn: t.v, args, at: t.at };
      }
      return { k: "ref", name: t.v, at: t.at };
    }
    if (t.t === "op" && t.v === "(") {
      const e = this.expression();
      this.expectOp(")");
      return e;
    }
    throw new FormulaError(
      t.t === "end" ? "the formula ends too early" : `unexpected '${t.v}' at character ${t.at + 1}`
    );
  }
  end() {
    const t = this.peek();
    if (t.t !== "end") throw new FormulaError(`unexpected '${"v" in t ? t.v : ""}' at character ${t.at + 1}`);
  }
  assignment() {
    const t = this.next();
    if (t.t !== "name") throw new FormulaError('an effect starts with the name of a metric or variable, e.g. "stability -= 10"');
    const op = this.next();
    if (op.t !== "op" || !["=", "+=", "-=", "*="].includes(op.v)) {
      throw new FormulaError(`after '${t.v}' write =, +=, -= or *= (e.g. "${t.v} -= 10")`);
    }
    return { target: t.v, op: op.v, at: t.at };
  }
};
var FUNCTIONS = {
  min: { args: ["number", "number"], result: "number" },
  max: { args: ["number", "number"], result: "number" },
  clamp: { args: ["number", "number", "number"], result: "number" },
  abs: { args: ["number"], result: "number" },
  round: { args: ["number"], result: "number" },
  if: { args: "if", result: "if" }
};
function compileNode(n, scope) {
  switch (n.k) {
    case "lit": {
      const v = n.v;
      return { type: typeof v === "number" ? "number" : typeof v === "string" ? "text" : "bool", ev: () => v };
    }
    case "ref": {
      const r = scope.resolve(n.name);
      if (typeof r === "string") throw new FormulaError(r);
      return { type: r.type, ev: r.read };
    }
    case "un": {
      const a = compileNode(n.a, scope);
      if (n.op === "neg") {
        need(a.type, "number", "'-'");
        return { type: "number", ev: (c) => -a.ev(c) };
      }
      need(a.type, "bool", "'not'");
      return { type: "bool", ev: (c) => !a.ev(c) };
    }
    case "bin": {
      const a = compileNode(n.a, scope);
      const b = compileNode(n.b, scope);
      const A = a.ev;
      const B = b.ev;
      switch (n.op) {
        case "or":
        case "and":
          need(a.type, "bool", `'${n.op}'`);
          need(b.type, "bool", `'${n.op}'`);
          return n.op === "or" ? { type: "bool", ev: (c) => A(c) || B(c) } : { type: "bool", ev: (c) => A(c) && B(c) };
        case "==":
        case "!=":
          if (a.type !== b.type) {
            throw new FormulaError(`'${n.op}' compares a ${a.type} with a ${b.type}; compare like with like`);
          }
          return n.op === "==" ? { type: "bool", ev: (c) => A(c) === B(c) } : { type: "bool", ev: (c) => A(c) !== B(c) };
        default: {
          need(a.type, "number", `'${n.op}'`);
          need(b.type, "number", `'${n.op}'`);
          const num = (f) => (c) => f(A(c), B(c));
          const ops = {
            "<": num((x2, y) => x2 < y),
            "<=": num((x2, y) => x2 <= y),
            ">": num((x2, y) => x2 > y),
            ">=": num((x2, y) => x2 >= y),
            "+": num((x2, y) => x2 + y),
            "-": num((x2, y) => x2 - y),
            "*": num((x2, y) => x2 * y),
            // Division by zero gives 0 so a formula can never produce Infinity or NaN in the world state.
            "/": num((x2, y) => y === 0 ? 0 : x2 / y),
            "%": num((x2, y) => y === 0 ? 0 : x2 % y)
          };
          const ev = ops[n.op];
          const cmp = ["<", "<=", ">", ">="].includes(n.op);
          return { type: cmp ? "bool" : "number", ev };
        }
      }
    }
    case "call": {
      const f = FUNCTIONS[n.fn];
      if (!f) throw new FormulaError(`unknown function '${n.fn}' (known: ${Object.keys(FUNCTIONS).join(", ")})`);
      const args = n.args.map((x3) => compileNode(x3, scope));
      if (f.args === "if") {
        if (args.length !== 3) throw new FormulaError("if(condition, then, otherwise) takes three parts");
        const [c, t, e] = args;
        need(c.type, "bool", "the condition of if()");
        if (t.type !== e.type) throw new FormulaError(`if() gives a ${t.type} in one branch and a ${e.type} in the other`);
        return { type: t.type, ev: (x3) => c.ev(x3) ? t.ev(x3) : e.ev(x3) };
      }
      if (args.length !== f.args.length) {
        throw new FormulaError(`${n.fn}() takes ${f.args.length} number${f.args.length > 1 ? "s" : ""}`);
      }
      args.forEach((a, i) => need(a.type, f.args[i], `${n.fn}()`));
      const evs = args.map((a) => a.ev);
      const [x2, y, z4] = evs;
      const table = {
        min: (c) => Math.min(x2(c), y(c)),
        max: (c) => Math.max(x2(c), y(c)),
        clamp: (c) => Math.min(Math.max(x2(c), y(c)), z4(c)),
        abs: (c) => Math.abs(x2(c)),
        round: (c) => Math.round(x2(c))
      };
      return { type: f.result, ev: table[n.fn] };
    }
  }
}
function need(got, want, where) {
  if (got !== want) throw new FormulaError(`${where} needs a ${want} but got a ${got}`);
}
function compileExpression(src, scope, want) {
  const p = new Parser(tokenize(src));
  const node = p.expression();
  p.end();
  const { type, ev } = compileNode(node, scope);
  if (want && type !== want) {
    throw new FormulaError(
      want === "bool" ? `this should be a condition (true or false) but it gives a ${type}` : `this should give a ${want} but it gives a ${type}`
    );
  }
  return ev;
}
function compileEffect(src, scope, assignable) {
  const p = new Parser(tokenize(src));
  const { target, op } = p.assignment();
  const t = assignable(target);
  if (t !== "number") throw new FormulaError(t === "text" || t === "bool" ? `'${target}' cannot be changed by an effect` : t);
  const node = p.expression();
  p.end();
  const { type, ev } = compileNode(node, scope);
  need(type, "number", `the value given to '${target}'`);
  return { target, op, value: ev, source: src };
}

// engine/state-hash.ts
function canonicalJson(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value;
  const keys = Object.keys(obj).filter((k) => obj[k] !== void 0).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}
function hashJson(value) {
  const s = canonicalJson(value);
  let h1 = 3735928559;
  let h2 = 1103547991;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ h1 >>> 16, 2246822507) ^ Math.imul(h2 ^ h2 >>> 13, 3266489909);
  h2 = Math.imul(h2 ^ h2 >>> 16, 2246822507) ^ Math.imul(h1 ^ h1 >>> 13, 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

// engine/scenario.ts
function renderTemplate(t, vars) {
  if (t.length === 1 && typeof t[0] === "string") return t[0];
  let out = "";
  for (const p of t) out += typeof p === "string" ? p : String(vars[p.v] ?? "");
  return out;
}
function parseTemplate(s, known, path, errs) {
  const parts = [];
  let last = 0;
  for (const m of s.matchAll(/\{([a-z][a-z0-9_]*)\}/g)) {
    const name = m[1];
    if (!known(name)) errs.push({ path, message: `{${name}} is not a setup fact or variable of this scenario` });
    parts.push(s.slice(last, m.index), { v: name });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(s.slice(last));
  const merged = parts.filter((p) => p !== "");
  return merged.length === 0 ? [""] : merged;
}
var DEFAULT_SCORE = "(stability + customer_trust + morale + pace + pm_eng_trust) / 5 + 50 * (mrr - initial.mrr) / max(initial.mrr, 1)";
function formatPath(path) {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(top level)";
}
function compileScenario(id2, raw) {
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: describeIssue(i) }))
    };
  }
  const def = parsed.data;
  const errs = [];
  const err = (path, message) => errs.push({ path, message });
  const unique = (list, path, what) => {
    const seen = /* @__PURE__ */ new Map();
    list.forEach((x2, i) => {
      if (seen.has(x2.id)) err(`${path}[${i}].id`, `${what} id '${x2.id}' is used twice (also at ${path}[${seen.get(x2.id)}])`);
      seen.set(x2.id, i);
    });
  };
  unique(def.roles, "roles", "role");
  unique(def.scenes, "scenes", "scene");
  unique(def.endings, "endings", "ending");
  unique(def.challenges, "challenges", "challenge");
  const roles = new Map(def.roles.map((r) => [r.id, r]));
  const sceneIndex = new Map(def.scenes.map((s, i) => [s.id, i]));
  const cardOwner = /* @__PURE__ */ new Map();
  def.roles.forEach(
    (r, ri) => r.intel.forEach((c, ci) => {
      if (cardOwner.has(c.id)) err(`roles[${ri}].intel[${ci}].id`, `intel card id '${c.id}' is used twice`);
      cardOwner.set(c.id, r.id);
    })
  );
  const decisionDefs = /* @__PURE__ */ new Map();
  def.scenes.forEach((s, si) => {
    if (decisionDefs.has(s.decision.id)) err(`scenes[${si}].decision.id`, `decision id '${s.decision.id}' is used twice`);
    decisionDefs.set(s.decision.id, { def: s.decision, scene: si });
  });
  const riskIds = /* @__PURE__ */ new Set();
  const allRisks = [];
  def.scenes.forEach((s, si) => {
    s.risks.forEach((r, ri) => allRisks.push({ risk: r, path: `scenes[${si}].risks[${ri}]` }));
    const d = s.decision;
    const list = isPlanDecision(d) ? d.items : d.options;
    const key = isPlanDecision(d) ? "items" : "options";
    list.forEach(
      (o, oi) => o.risks.forEach((r, ri) => allRisks.push({ risk: r, path: `scenes[${si}].decision.${key}[${oi}].risks[${ri}]` }))
    );
  });
  for (const { risk: risk2, path } of allRisks) {
    if (riskIds.has(risk2.id)) err(`${path}.id`, `risk id '${risk2.id}' is used twice; risk ids are unique in a scenario`);
    riskIds.add(risk2.id);
  }
  const varRanges = /* @__PURE__ */ new Map();
  for (const [name, v] of Object.entries(def.vars)) {
    if (name in METRICS) err(`vars.${name}`, `'${name}' is a world metric; give the variable another name`);
    if (v.min > v.max) err(`vars.${name}`, `min (${v.min}) is above max (${v.max})`);
    if (v.initial < v.min || v.initial > v.max) err(`vars.${name}.initial`, `${v.initial} is outside ${v.min}..${v.max}`);
    varRanges.set(name, { min: v.min, max: v.max, hidden: v.hidden });
  }
  const setupTypes = /* @__PURE__ */ new Map();
  def.setup.forEach((f, i) => {
    if (f.var in METRICS || varRanges.has(f.var) || setupTypes.has(f.var)) {
      err(`setup[${i}].var`, `'${f.var}' is already a metric, a variable or another setup fact`);
    }
    const kinds = new Set(f.one_of.map((x2) => typeof x2));
    if (kinds.size > 1) err(`setup[${i}].one_of`, "use all numbers or all words, not a mix");
    setupTypes.set(f.var, typeof f.one_of[0] === "number" ? "number" : "text");
  });
  const initialMetrics = {};
  for (const m of METRIC_IDS) {
    const v = def.metrics[m] ?? METRICS[m].initial;
    if (v < METRICS[m].min || v > METRICS[m].max) err(`metrics.${m}`, `${v} is outside ${METRICS[m].min}..${METRICS[m].max}`);
    initialMetrics[m] = v;
  }
  const knownVar = (v) => varRanges.has(v) || setupTypes.has(v);
  const choiceOf = (s, d) => s.decisions.find((x2) => x2.decision === d);
  const scope = {
    resolve(name) {
      if (name in METRICS) return { type: "number", read: (s) => s.metrics[name] };
      if (varRanges.has(name)) return { type: "number", read: (s) => s.vars[name] };
      const st = setupTypes.get(name);
      if (st) return { type: st, read: (s) => s.vars[name] };
      if (name === "checkins") return { type: "number", read: (s) => s.checkIns };
      if (name === "scene_index") return { type: "number", read: (s) => s.scene?.index ?? 0 };
      const [head, a, b, ...rest] = name.split(".");
      const unknown = (what, list) => `'${name}': no ${what} '${a}' in this scenario (there are: ${[...list].join(", ") || "none"})`;
      if (rest.length > 0) return `'${name}' has too many parts`;
      switch (head) {
        case "initial":
          if (a && a in METRICS && !b) return { type: "number", read: () => initialMetrics[a] };
          return `'${name}': write initial.<metric>, e.g. initial.mrr`;
        case "choice": {
          const d = a ? decisionDefs.get(a) : void 0;
          if (!d || b) return unknown("decision", decisionDefs.keys());
          if (isPlanDecision(d.def)) return `'${name}': '${a}' is a plan; use picked.${a}.<item>`;
          return { type: "text", read: (s) => {
            const c = choiceOf(s, a)?.choice;
            return c && "option" in c ? c.option : "";
          } };
        }
        case "timed_out": {
          if (!a || !decisionDefs.has(a) || b) return unknown("decision", decisionDefs.keys());
          return { type: "bool", read: (s) => choiceOf(s, a)?.via === "timeout" };
        }
        case "decided": {
          if (!a || !decisionDefs.has(a) || b) return unknown("decision", decisionDefs.keys());
          return { type: "bool", read: (s) => choiceOf(s, a) !== void 0 };
        }
        case "picked": {
          const d = a ? decisionDefs.get(a) : void 0;
          if (!d || !isPlanDecision(d.def)) return `'${name}': '${a}' is not a plan decision`;
          if (!b || !d.def.items.some((i) => i.id === b)) return `'${name}': plan '${a}' has no item '${b}'`;
          return {
            type: "bool",
            read: (s) => {
              const c = choiceOf(s, a)?.choice;
              return !!c && "items" in c && c.items.includes(b);
            }
          };
        }
        case "debt_points":
        case "feature_points": {
          const d = a ? decisionDefs.get(a) : void 0;
          if (!d || !isPlanDecision(d.def) || b) return `'${name}': '${a}' is not a plan decision`;
          const kind = head === "debt_points" ? "debt" : "feature";
          const pts = new Map(d.def.items.map((i) => [i.id, i.kind === kind ? i.points : 0]));
          return {
            type: "number",
            read: (s) => {
              const c = choiceOf(s, a)?.choice;
              return c && "items" in c ? c.items.reduce((n, i) => n + (pts.get(i) ?? 0), 0) : 0;
            }
          };
        }
        case "shared":
          if (!a || !cardOwner.has(a) || b) return unknown("intel card", cardOwner.keys());
          return { type: "bool", read: (s) => s.shared[a] === "team" };
        case "solved":
          if (!a || !def.challenges.some((c) => c.id === a) || b) return unknown("challenge", def.challenges.map((c) => c.id));
          return { type: "bool", read: (s) => s.solved.includes(a) };
        case "named":
          if (!a || !NEEDS.includes(a) || b) return unknown("need", NEEDS);
          return { type: "bool", read: (s) => s.needsNamed.some((n) => n.need === a) };
        case "fired":
          if (!a || !riskIds.has(a) || b) return unknown("risk", riskIds);
          return { type: "bool", read: (s) => s.risksFired.includes(a) };
        default:
          return `unknown name '${name}': not a metric (${METRIC_IDS.join(", ")}), variable, setup fact, checkins, scene_index or known prefix (choice., picked., debt_points., feature_points., shared., solved., named., fired., timed_out., decided., initial.)`;
      }
    }
  };
  const assignable = (name) => {
    if (name in METRICS || varRanges.has(name)) return "number";
    if (setupTypes.has(name)) return `'${name}' is a setup fact, fixed for the whole quest`;
    return `'${name}' is not a metric or variable that an effect can change`;
  };
  const expr = (src, path, want) => {
    try {
      return compileExpression(src, scope, want);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      err(path, `${e.message} (in "${src}")`);
      return null;
    }
  };
  const effects = (list, path) => list.flatMap((src, i) => {
    try {
      return [compileEffect(src, scope, assignable)];
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      err(`${path}[${i}]`, `${e.message} (in "${src}")`);
      return [];
    }
  });
  const risks = (list, path) => list.map((r, i) => ({
    def: r,
    chance: expr(r.chance, `${path}[${i}].chance`, "number") ?? (() => 0),
    effects: effects(r.effects, `${path}[${i}].effects`)
  }));
  const challenges = new Map(def.challenges.map((c) => [c.id, c]));
  const challengesByCard = /* @__PURE__ */ new Map();
  def.challenges.forEach((c, i) => {
    const owners = /* @__PURE__ */ new Set();
    c.cards.forEach((card, j) => {
      const owner = cardOwner.get(card);
      if (!owner) err(`challenges[${i}].cards[${j}]`, `no intel card '${card}' in this scenario`);
      else owners.add(owner);
      challengesByCard.set(card, [...challengesByCard.get(card) ?? [], c]);
    });
    if (owners.size < 2) err(`challenges[${i}].cards`, "the cards must come from at least two different roles, so only pooling solves it");
    if (!decisionDefs.has(c.before)) err(`challenges[${i}].before`, `no decision '${c.before}' in this scenario`);
  });
  const delayed = /* @__PURE__ */ new Map();
  const decisions = /* @__PURE__ */ new Map();
  const scenes = def.scenes.map((s, si) => {
    const p = `scenes[${si}]`;
    const d = s.decision;
    const plan = isPlanDecision(d);
    const list = plan ? d.items : d.options;
    const listKey = plan ? "items" : "options";
    const seen = /* @__PURE__ */ new Set();
    const choices = /* @__PURE__ */ new Map();
    list.forEach((o, oi) => {
      const op = `${p}.decision.${listKey}[${oi}]`;
      if (seen.has(o.id)) err(`${op}.id`, `'${o.id}' is used twice in this decision`);
      seen.add(o.id);
      if (o.requires) {
        const c = challenges.get(o.requires);
        if (!c) err(`${op}.requires`, `no hidden challenge '${o.requires}' in this scenario`);
        else if (c.before !== d.id) err(`${op}.requires`, `challenge '${o.requires}' is solved before decision '${c.before}', not '${d.id}'`);
      }
      const later2 = o.later.map((l, li) => {
        const key = `${d.id}/${o.id}/${li}`;
        delayed.set(key, effects(l.effects, `${op}.later[${li}].effects`));
        return { key, afterScenes: l.after_scenes, text: l.text };
      });
      choices.set(o.id, {
        id: o.id,
        label: o.label,
        requires: o.requires,
        effects: effects(o.effects, `${op}.effects`),
        later: later2,
        risks: risks(o.risks, `${op}.risks`),
        ..."kind" in o && "points" in o ? { kind: o.kind, points: o.points } : {}
      });
    });
    if (plan) {
      let total = 0;
      d.default_items.forEach((it, i) => {
        const c = choices.get(it);
        if (!c) err(`${p}.decision.default_items[${i}]`, `no item '${it}' in this plan`);
        else {
          total += c.points ?? 0;
          if (c.requires) err(`${p}.decision.default_items[${i}]`, `the default cannot need a hidden challenge ('${it}' requires '${c.requires}')`);
        }
      });
      if (total > d.capacity) err(`${p}.decision.default_items`, `the default plan takes ${total} points but capacity is ${d.capacity}`);
    } else {
      const c = choices.get(d.default);
      if (!c) err(`${p}.decision.default`, `no option '${d.default}' in this decision`);
      else if (c.requires) err(`${p}.decision.default`, `the default cannot need a hidden challenge ('${d.default}' requires '${c.requires}')`);
    }
    d.bearers.forEach((b, i) => {
      if (!roles.has(b)) err(`${p}.decision.bearers[${i}]`, `no role '${b}' in this scenario`);
    });
    if (d.rule === "bearers" && d.bearers.length === 0) err(`${p}.decision.bearers`, "rule 'bearers' needs at least one bearer role");
    decisions.set(d.id, {
      def: d,
      scene: si,
      plan,
      choices,
      timeoutEffects: effects(d.timeout_effects, `${p}.decision.timeout_effects`),
      planEffects: plan ? effects(d.effects, `${p}.decision.effects`) : []
    });
    const next2 = s.next.map((n, ni) => {
      if (!!n.goto === !!n.end) err(`${p}.next[${ni}]`, "write either goto: <scene> or end: true");
      const target = n.goto ? sceneIndex.get(n.goto) : void 0;
      if (n.goto && target === void 0) err(`${p}.next[${ni}].goto`, `no scene '${n.goto}' in this scenario`);
      else if (target !== void 0 && target <= si) {
        err(`${p}.next[${ni}].goto`, `'${n.goto}' is not after this scene; a quest only moves forward, so every quest ends`);
      }
      return {
        when: n.when === void 0 ? null : expr(n.when, `${p}.next[${ni}].when`, "bool"),
        goto: target ?? null
      };
    });
    return {
      def: s,
      title: parseTemplate(s.title, knownVar, `${p}.title`, errs),
      narrative: parseTemplate(s.narrative, knownVar, `${p}.narrative`, errs),
      onEnter: effects(s.on_enter, `${p}.on_enter`),
      risks: risks(s.risks, `${p}.risks`),
      next: next2
    };
  });
  const cards = /* @__PURE__ */ new Map();
  def.roles.forEach((r, ri) => {
    for (const [dec, opt] of Object.entries(r.position)) {
      const d = decisions.get(dec);
      if (!d) err(`roles[${ri}].position.${dec}`, `no decision '${dec}' in this scenario`);
      else if (!d.plan && !d.choices.has(opt)) err(`roles[${ri}].position.${dec}`, `decision '${dec}' has no option '${opt}'`);
      else if (d.plan && !d.choices.has(opt)) err(`roles[${ri}].position.${dec}`, `plan '${dec}' has no item '${opt}'`);
    }
    r.intel.forEach((c, ci) => {
      const cp = `roles[${ri}].intel[${ci}]`;
      const hints = c.hints.flatMap((h, hi) => {
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
          err(hp, `decision '${h.decision}' has no ${d.plan ? "item" : "option"} '${target}'`);
          return [];
        }
        return [{ decision: h.decision, target, weight: h.weight, when: h.when ? expr(h.when, `${hp}.when`, "bool") : null }];
      });
      cards.set(c.id, {
        def: c,
        owner: r.id,
        title: parseTemplate(c.title, knownVar, `${cp}.title`, errs),
        text: parseTemplate(c.text, knownVar, `${cp}.text`, errs),
        hints
      });
    });
  });
  const endings = def.endings.map((e, i) => ({
    def: e,
    when: e.when === void 0 ? null : expr(e.when, `endings[${i}].when`, "bool")
  }));
  const lastEnding = def.endings[def.endings.length - 1];
  if (lastEnding && lastEnding.when !== void 0) {
    err(`endings[${def.endings.length - 1}].when`, "the last ending is the fallback: leave out its when:");
  }
  const score = expr(def.score ?? DEFAULT_SCORE, "score", "number") ?? (() => 0);
  if (errs.length > 0) return { ok: false, problems: errs };
  const hiddenVars = /* @__PURE__ */ new Set([...setupTypes.keys(), ...[...varRanges].filter(([, v]) => v.hidden).map(([k]) => k)]);
  return {
    ok: true,
    scenario: {
      id: id2,
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
      hiddenVars
    }
  };
}
function describeIssue(i) {
  if (i.code === "unrecognized_keys") return `unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}`;
  if (i.code === "invalid_type" && i.input === void 0) return `missing (required: ${i.expected})`;
  if (i.code === "invalid_union" && "errors" in i) {
    const best = [...i.errors].sort((a, b) => a.length - b.length)[0];
    if (best && best.length > 0) return best.map((x2) => `${formatPath(x2.path)}: ${describeIssue(x2)}`).join("; ");
  }
  return i.message;
}

// engine/decide.ts
var MAX_PROPOSALS_PER_SCENE = 12;
var CONTROL = /* @__PURE__ */ new Set(["start", "pause", "resume", "extend", "end", "cover_seat", "release_seat", "deadline"]);
var QuestSetupError = class extends Error {
};
function initialState(scenario, seed, seats2) {
  const roles = scenario.def.roles.map((r) => r.id);
  const given = seats2.map((s) => s.role);
  for (const r of given) if (!roles.includes(r)) throw new QuestSetupError(`'${r}' is not a role in ${scenario.id}`);
  for (const r of roles) {
    const n = given.filter((g) => g === r).length;
    if (n !== 1) throw new QuestSetupError(n === 0 ? `role '${r}' has no seat: seat a person or a bot` : `role '${r}' is seated ${n} times`);
  }
  if (!Number.isSafeInteger(seed)) throw new QuestSetupError("the seed must be a whole number");
  let rng = seedState(seed);
  const vars = {};
  for (const [name, v] of Object.entries(scenario.def.vars)) vars[name] = v.initial;
  for (const f of scenario.def.setup) {
    const r = nextRandom(rng);
    rng = r.rng;
    vars[f.var] = f.one_of[Math.floor(r.value * f.one_of.length)];
  }
  return {
    schema: 1,
    scenarioId: scenario.id,
    scenarioHash: scenario.hash,
    seed,
    rng,
    version: 0,
    clock: 0,
    status: "ready",
    pausedRemainingMs: null,
    seats: roles.map((r) => {
      const s = seats2.find((x2) => x2.role === r);
      return s.kind === "bot" ? { role: r, kind: "bot", persona: s.persona ?? "collaborative" } : { role: r, kind: "human" };
    }),
    scene: null,
    metrics: { ...scenario.initialMetrics },
    vars,
    shared: {},
    solved: [],
    needsNamed: [],
    proposals: [],
    nextProposal: 1,
    decisions: [],
    pending: [],
    risksFired: [],
    checkIns: 0,
    history: [],
    ending: null
  };
}
function nextDeadline(s) {
  if (s.status !== "running" || !s.scene) return null;
  return s.scene.checkIn ? s.scene.checkIn.until : s.scene.phaseEndsAt;
}
var no = (code, reason) => ({ ok: false, code, reason });
var Unfolding = class {
  constructor(s, sc2, at) {
    this.s = s;
    this.sc = sc2;
    this.at = at;
  }
  s;
  sc;
  at;
  events = [];
  emit(e) {
    this.events.push(e);
    this.s = evolve(this.s, e);
  }
  applyEffects(effects, cause) {
    if (effects.length === 0) return;
    const metrics = { ...this.s.metrics };
    const vars = { ...this.s.vars };
    const view = { ...this.s, metrics, vars };
    const changedM = {};
    const changedV = {};
    for (const ef of effects) {
      const isMetric = ef.target in METRICS;
      const range = isMetric ? METRICS[ef.target] : this.sc.varRanges.get(ef.target);
      if (!range) continue;
      const cur = (isMetric ? metrics[ef.target] : vars[ef.target]) ?? 0;
      const v = ef.value(view);
      const raw = ef.op === "=" ? v : ef.op === "+=" ? cur + v : ef.op === "-=" ? cur - v : cur * v;
      const next2 = Math.round(Math.min(range.max, Math.max(range.min, Number.isFinite(raw) ? raw : cur)) * 100) / 100;
      if (isMetric) {
        metrics[ef.target] = next2;
        changedM[ef.target] = next2;
      } else {
        vars[ef.target] = next2;
        changedV[ef.target] = next2;
      }
    }
    this.emit({ type: "world_changed", at: this.at, cause, metrics: changedM, vars: changedV });
  }
  rollRisks(risks) {
    for (const r of risks) {
      const chance = Math.min(1, Math.max(0, r.chance(this.s)));
      const roll = nextRandom(this.s.rng);
      const fired = roll.value < chance;
      this.emit({
        type: "risk_rolled",
        at: this.at,
        risk: r.def.id,
        text: r.def.text,
        chance: Math.round(chance * 1e3) / 1e3,
        fired,
        rng: roll.rng
      });
      if (fired) this.applyEffects(r.effects, { kind: "risk", risk: r.def.id, label: r.def.text });
    }
  }
  startScene(index) {
    const scene2 = this.sc.scenes[index];
    if (!scene2) return this.finish(false);
    this.emit({
      type: "scene_started",
      at: this.at,
      scene: scene2.def.id,
      index,
      endsAt: this.at + scene2.def.briefing_seconds * 1e3
    });
    this.settleDue(index);
    this.applyEffects(scene2.onEnter, { kind: "scene", scene: scene2.def.id, label: scene2.def.title });
    this.rollRisks(scene2.risks);
  }
  /** Delayed consequences arrive however the quest goes: at their scene, or at the end at the latest. */
  settleDue(index) {
    for (const p of this.s.pending) {
      if (p.dueScene > index) continue;
      this.emit({ type: "consequence_came_due", at: this.at, key: p.key, text: p.text });
      this.applyEffects(this.sc.delayed.get(p.key) ?? [], { kind: "delayed", key: p.key, label: p.text });
    }
  }
  resolve(d, choice, via, proposal) {
    const scene2 = this.s.scene;
    if (!scene2) return;
    this.emit({ type: "decision_made", at: this.at, decision: d.def.id, choice, via, ...proposal ? { proposal } : {} });
    const picked = "option" in choice ? [choice.option] : choice.items;
    for (const id2 of picked) {
      const c = d.choices.get(id2);
      if (!c) continue;
      this.applyEffects(c.effects, { kind: "decision", decision: d.def.id, label: c.label });
    }
    if (d.plan) this.applyEffects(d.planEffects, { kind: "plan", decision: d.def.id, label: d.def.prompt });
    if (via === "timeout") {
      this.applyEffects(d.timeoutEffects, { kind: "timeout", decision: d.def.id, label: "Time ran out before the team decided" });
    }
    for (const id2 of picked) {
      const c = d.choices.get(id2);
      if (!c) continue;
      for (const l of c.later) {
        this.emit({ type: "consequence_scheduled", at: this.at, key: l.key, dueScene: scene2.index + l.afterScenes, text: l.text });
      }
      this.rollRisks(c.risks);
    }
    const sceneDef = this.sc.scenes[scene2.index]?.def;
    this.emit({
      type: "phase_changed",
      at: this.at,
      phase: "consequences",
      endsAt: this.at + (sceneDef?.consequences_seconds ?? 45) * 1e3
    });
  }
  advance() {
    const scene2 = this.s.scene;
    if (!scene2) return;
    const compiled = this.sc.scenes[scene2.index];
    for (const rule of compiled?.next ?? []) {
      if (rule.when && !rule.when(this.s)) continue;
      return rule.goto === null ? this.finish(false) : this.startScene(rule.goto);
    }
    this.startScene(scene2.index + 1);
  }
  finish(early) {
    this.settleDue(Number.MAX_SAFE_INTEGER);
    const ending2 = this.sc.endings.find((e) => !e.when || e.when(this.s)) ?? this.sc.endings[this.sc.endings.length - 1];
    const score = this.sc.score(this.s);
    this.emit({
      type: "quest_ended",
      at: this.at,
      ending: ending2?.def.id ?? "ended",
      score: Math.round((Number.isFinite(score) ? score : 0) * 100) / 100,
      early
    });
  }
};
function zodReason(issues) {
  return issues.map((i) => i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message).join("; ");
}
function decide(state, command, ctx) {
  if (state.scenarioHash !== ctx.scenario.hash) return no("conflict", "this quest was created from a different version of the scenario");
  const type = command?.type;
  if (typeof type !== "string") return no("invalid", "a command needs a type");
  if (CONTROL.has(type)) {
    const parsed2 = controlCommandSchema.safeParse(command);
    if (!parsed2.success) return no("invalid", zodReason(parsed2.error.issues));
    return decideControl(state, parsed2.data, ctx);
  }
  const parsed = playerCommandSchema.safeParse(command);
  if (!parsed.success) {
    return no("invalid", parsed.error.issues.some((i) => i.code === "invalid_union") ? `unknown command '${type}'` : zodReason(parsed.error.issues));
  }
  return decidePlayer(state, parsed.data, ctx);
}
function checkTime(s, at) {
  if (at < s.clock) return no("invalid", `time went backwards: the quest is at ${s.clock}, the command says ${at}`);
  return null;
}
function decideControl(s, c, ctx) {
  const a = ctx.actor;
  const isSystem = "system" in a;
  if (!isSystem && !("facilitator" in a)) return no("not_allowed", `only the facilitator can ${c.type.replace("_", " ")}`);
  if (c.type === "deadline" && !isSystem) return no("not_allowed", "deadlines come from the server clock");
  const late = checkTime(s, c.at);
  if (late) return late;
  if (s.status === "finished") return no("finished", "the quest has ended");
  const u = new Unfolding(s, ctx.scenario, c.at);
  switch (c.type) {
    case "start":
      if (s.status !== "ready") return no("conflict", "the quest has already started");
      u.emit({ type: "quest_started", at: c.at });
      u.startScene(0);
      break;
    case "pause": {
      if (s.status !== "running" || !s.scene) return no("conflict", s.status === "paused" ? "the quest is already paused" : "the quest has not started");
      if (s.scene.checkIn) u.emit({ type: "check_in_ended", at: c.at });
      u.emit({ type: "quest_paused", at: c.at, remainingMs: Math.max(0, s.scene.phaseEndsAt - c.at) });
      break;
    }
    case "resume":
      if (s.status !== "paused") return no("conflict", "the quest is not paused");
      u.emit({ type: "quest_resumed", at: c.at, phaseEndsAt: c.at + (s.pausedRemainingMs ?? 0) });
      break;
    case "extend":
      if (!s.scene || s.status === "ready") return no("conflict", "the quest has not started");
      u.emit({ type: "timer_extended", at: c.at, seconds: c.seconds, phaseEndsAt: s.scene.phaseEndsAt + c.seconds * 1e3 });
      break;
    case "end":
      if (s.status === "ready") return no("conflict", "the quest has not started; there is nothing to end");
      u.finish(true);
      break;
    case "cover_seat": {
      const seat = s.seats.find((x2) => x2.role === c.role);
      if (!seat) return no("not_found", `no seat for role '${c.role}'`);
      if (seat.kind === "bot") return no("conflict", `role '${c.role}' is already played by a bot`);
      u.emit({ type: "seat_covered", at: c.at, role: c.role, persona: c.persona });
      break;
    }
    case "release_seat": {
      const seat = s.seats.find((x2) => x2.role === c.role);
      if (!seat) return no("not_found", `no seat for role '${c.role}'`);
      if (!seat.covered) return no("conflict", `role '${c.role}' is not covered by a bot`);
      u.emit({ type: "seat_released", at: c.at, role: c.role });
      break;
    }
    case "deadline": {
      const due = nextDeadline(s);
      if (due === null || !s.scene) return no("conflict", "no clock is running");
      if (c.at < due) return no("too_early", `the deadline is at ${due}, not yet at ${c.at}`);
      if (s.scene.checkIn) {
        u.emit({ type: "check_in_ended", at: c.at });
        break;
      }
      endPhase(u, s.scene.phase);
      break;
    }
  }
  return { ok: true, events: u.events };
}
function endPhase(u, phase) {
  const scene2 = u.s.scene;
  if (!scene2) return;
  const def = u.sc.scenes[scene2.index]?.def;
  if (!def) return;
  if (phase === "briefing") {
    u.emit({ type: "phase_changed", at: u.at, phase: "discussion", endsAt: u.at + Math.round(def.minutes * 6e4) });
  } else if (phase === "discussion") {
    const d = u.sc.decisions.get(def.decision.id);
    const choice = "items" in def.decision ? { items: [...def.decision.default_items] } : { option: def.decision.default };
    u.resolve(d, choice, "timeout");
  } else {
    u.advance();
  }
}
function decidePlayer(s, c, ctx) {
  const a = ctx.actor;
  if (!("role" in a)) return no("not_allowed", "only a seated player can do that");
  const me = a.role;
  if (!s.seats.some((x2) => x2.role === me)) return no("not_allowed", `'${me}' has no seat in this quest`);
  const late = checkTime(s, c.at);
  if (late) return late;
  if (s.status === "finished") return no("finished", "the quest has ended");
  if (s.status === "ready") return no("wrong_phase", "the quest has not started yet");
  const scene2 = s.scene;
  if (!scene2) return no("wrong_phase", "the quest has not started yet");
  const sc2 = ctx.scenario;
  const talk = c.type === "say" || c.type === "ask" || c.type === "name_need" || c.type === "share";
  if (s.status === "paused" && !talk) return no("wrong_phase", "the facilitator has paused the quest; you can still talk");
  if (s.status === "running" && c.at >= (nextDeadline(s) ?? Number.POSITIVE_INFINITY) && !talk) {
    return no("wrong_phase", "time is up for this phase; the scene is moving on");
  }
  const u = new Unfolding(s, sc2, c.at);
  switch (c.type) {
    case "say":
      u.emit({ type: "message_sent", at: c.at, by: me, kind: "statement", text: c.text, via: c.via });
      break;
    case "ask":
      if (c.to !== void 0 && !hasSeat(s, c.to)) return no("not_found", `no role '${c.to}' in this quest`);
      if (c.to === me) return no("invalid", "ask someone else");
      u.emit({ type: "message_sent", at: c.at, by: me, kind: "question", text: c.text, via: c.via, ...c.to ? { to: c.to } : {} });
      break;
    case "share": {
      const card = sc2.cards.get(c.card);
      const seen = s.shared[c.card];
      const visible = card && (card.owner === me || seen === "team" || Array.isArray(seen) && seen.includes(me));
      if (!card || !visible) return no("not_found", `you hold no intel card '${c.card}'`);
      if (seen === "team") return no("conflict", "the whole team has already seen this card");
      if (c.with !== "team") {
        if (!hasSeat(s, c.with)) return no("not_found", `no role '${c.with}' in this quest`);
        if (c.with === me) return no("invalid", "you already hold this card");
        if (c.with === card.owner || Array.isArray(seen) && seen.includes(c.with)) return no("conflict", `'${c.with}' has already seen this card`);
      }
      u.emit({ type: "card_shared", at: c.at, by: me, card: c.card, owner: card.owner, with: c.with });
      if (c.with === "team") {
        for (const ch of sc2.challengesByCard.get(c.card) ?? []) {
          if (u.s.solved.includes(ch.id) || u.s.decisions.some((d) => d.decision === ch.before)) continue;
          if (ch.cards.every((k) => u.s.shared[k] === "team")) u.emit({ type: "challenge_solved", at: c.at, challenge: ch.id });
        }
      }
      break;
    }
    case "name_need": {
      const of = c.of ?? me;
      if (!hasSeat(s, of)) return no("not_found", `no role '${of}' in this quest`);
      if (s.needsNamed.some((n) => n.by === me && n.need === c.need && n.of === of)) return no("conflict", "you have already named that need");
      u.emit({ type: "need_named", at: c.at, by: me, need: c.need, of });
      break;
    }
    case "propose": {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const d = currentDecision(s, sc2);
      if (!d || d.def.id !== c.decision) return no("not_found", `the decision on the table is '${d?.def.id}', not '${c.decision}'`);
      if (s.proposals.length >= MAX_PROPOSALS_PER_SCENE) return no("conflict", `this scene already has ${MAX_PROPOSALS_PER_SCENE} proposals: amend one instead`);
      const choice = checkChoice(s, d, c);
      if ("ok" in choice) return choice;
      const bad = checkBearers(s, c.bearers);
      if (bad) return bad;
      u.emit({
        type: "proposal_made",
        at: c.at,
        id: `p${s.nextProposal}`,
        by: me,
        decision: d.def.id,
        choice,
        risks: c.risks,
        bearers: dedupe(c.bearers),
        rationale: c.rationale
      });
      break;
    }
    case "amend": {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const p = s.proposals.find((x2) => x2.id === c.proposal);
      if (!p || p.status !== "open") return no("not_found", `no open proposal ${c.proposal} in this scene`);
      const d = sc2.decisions.get(p.decision);
      const changesChoice = c.option !== void 0 || c.items !== void 0;
      const choice = changesChoice ? checkChoice(s, d, c) : p.choice;
      if ("ok" in choice) return choice;
      const bearers = c.bearers ? dedupe(c.bearers) : p.bearers;
      const bad = checkBearers(s, bearers);
      if (bad) return bad;
      const risks = c.risks ?? p.risks;
      const rationale = c.rationale ?? p.rationale;
      if (!changesChoice && c.risks === void 0 && c.bearers === void 0 && c.rationale === void 0) {
        return no("invalid", "an amendment must change the choice, the risks, the bearers or the rationale");
      }
      u.emit({ type: "proposal_amended", at: c.at, id: p.id, by: me, revision: p.revision + 1, choice, risks, bearers, rationale });
      break;
    }
    case "support":
    case "object": {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const p = s.proposals.find((x2) => x2.id === c.proposal);
      if (!p || p.status !== "open") return no("not_found", `no open proposal ${c.proposal} in this scene`);
      if (p.author === me && p.amendedBy.every((r) => r === me)) return no("invalid", "it is your own proposal");
      if (c.type === "support") {
        if (p.supports.includes(me)) return no("conflict", "you already support this proposal");
        u.emit({ type: "proposal_supported", at: c.at, id: p.id, by: me });
      } else {
        if (p.objections.some((o) => o.role === me && o.revision === p.revision && o.reason === c.reason)) {
          return no("conflict", "you have already raised that objection");
        }
        u.emit({ type: "proposal_objected", at: c.at, id: p.id, by: me, reason: c.reason, ...c.risk ? { risk: c.risk } : {} });
      }
      break;
    }
    case "vote": {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const p = s.proposals.find((x2) => x2.id === c.proposal);
      if (!p || p.status !== "open") return no("not_found", `no open proposal ${c.proposal} in this scene`);
      if (p.votes[me] === c.vote) return no("conflict", `you have already voted ${c.vote}`);
      u.emit({ type: "vote_cast", at: c.at, id: p.id, by: me, vote: c.vote });
      const after = u.s.proposals.find((x2) => x2.id === p.id);
      const d = sc2.decisions.get(p.decision);
      if (carries(after, d, u.s)) u.resolve(d, after.choice, "vote", p.id);
      break;
    }
    case "check_in": {
      if (scene2.phase !== "discussion") return no("wrong_phase", "a check-in pauses a discussion; there is none running");
      if (scene2.checkInUsed) return no("conflict", "this scene has had its check-in already");
      const ms = sc2.def.check_in_seconds * 1e3;
      u.emit({ type: "check_in_called", at: c.at, by: me, note: c.note, until: c.at + ms, phaseEndsAt: scene2.phaseEndsAt + ms });
      break;
    }
    case "ready": {
      if (scene2.phase === "discussion") return no("wrong_phase", "ready moves on from the briefing or the consequences; now the team is deciding");
      if (scene2.ready.includes(me)) return no("conflict", "you are already ready");
      u.emit({ type: "player_ready", at: c.at, by: me });
      if (u.s.seats.every((x2) => u.s.scene?.ready.includes(x2.role))) endPhase(u, scene2.phase);
      break;
    }
  }
  return { ok: true, events: u.events };
}
function hasSeat(s, role2) {
  return s.seats.some((x2) => x2.role === role2);
}
function dedupe(xs) {
  return [...new Set(xs)];
}
function discussionOpen(s) {
  if (s.scene?.phase !== "discussion") return no("wrong_phase", `proposals and votes belong to the discussion; this is the ${s.scene?.phase}`);
  if (s.scene.checkIn) return no("wrong_phase", "the team is in a check-in: talk first, decide after");
  return null;
}
function currentDecision(s, sc2) {
  const def = s.scene ? sc2.scenes[s.scene.index]?.def : void 0;
  return def ? sc2.decisions.get(def.decision.id) : void 0;
}
function checkChoice(s, d, c) {
  const locked = (id2) => {
    const req = d.choices.get(id2)?.requires;
    return req !== void 0 && !s.solved.includes(req);
  };
  if (!d.plan) {
    if (c.option === void 0 || c.items !== void 0) return no("invalid", `'${d.def.id}' is a choice: give one option`);
    if (!d.choices.has(c.option) || locked(c.option)) return no("not_found", `'${d.def.id}' has no option '${c.option}' on the table`);
    return { option: c.option };
  }
  if (c.items === void 0 || c.option !== void 0) return no("invalid", `'${d.def.id}' is a plan: give the backlog items`);
  if (c.items.length === 0) return no("invalid", "a plan needs at least one item");
  const items = dedupe(c.items);
  if (items.length !== c.items.length) return no("invalid", "an item is listed twice");
  let points = 0;
  for (const id2 of items) {
    const item = d.choices.get(id2);
    if (!item || locked(id2)) return no("not_found", `'${d.def.id}' has no item '${id2}' on the table`);
    points += item.points ?? 0;
  }
  const cap = "capacity" in d.def ? d.def.capacity : 0;
  if (points > cap) return no("invalid", `that plan takes ${points} points; the team has ${cap}`);
  return { items };
}
function checkBearers(s, bearers) {
  for (const b of bearers) if (!s.seats.some((x2) => x2.role === b)) return no("not_found", `no role '${b}' in this quest`);
  return null;
}
function carries(p, d, s) {
  const yes = (r) => p.votes[r] === "yes";
  switch (d.def.rule) {
    case "consensus":
      return s.seats.every((x2) => yes(x2.role));
    case "majority":
      return s.seats.filter((x2) => yes(x2.role)).length * 2 > s.seats.length;
    case "bearers":
      return d.def.bearers.every(yes);
  }
}

// engine/views.ts
var NO_READY = [];
var staticCache = /* @__PURE__ */ new WeakMap();
function staticParts(sc2) {
  let p = staticCache.get(sc2);
  if (p) return p;
  const riskText = /* @__PURE__ */ new Map();
  const choiceLabel2 = /* @__PURE__ */ new Map();
  for (const scene2 of sc2.scenes) {
    for (const r of scene2.risks) riskText.set(r.def.id, r.def.text);
  }
  for (const d of sc2.decisions.values()) {
    for (const c of d.choices.values()) {
      choiceLabel2.set(`${d.def.id}/${c.id}`, c.label);
      for (const r of c.risks) riskText.set(r.def.id, r.def.text);
    }
  }
  p = {
    roles: new Map(sc2.def.roles.map((r) => [r.id, { id: r.id, name: r.name, title: r.title, brief: r.brief }])),
    riskText,
    choiceLabel: choiceLabel2,
    varLabels: Object.entries(sc2.def.vars).filter(([, v]) => !v.hidden).map(([id2, v]) => ({ id: id2, label: v.label })),
    debrief: { ...sc2.def.debrief, challenges: sc2.def.challenges },
    cache: {
      common: /* @__PURE__ */ new WeakMap(),
      cards: /* @__PURE__ */ new WeakMap(),
      decision: /* @__PURE__ */ new WeakMap(),
      roles: /* @__PURE__ */ new WeakMap(),
      scene: /* @__PURE__ */ new WeakMap(),
      vars: /* @__PURE__ */ new WeakMap(),
      solved: /* @__PURE__ */ new WeakMap(),
      decisions: /* @__PURE__ */ new WeakMap(),
      risksFired: /* @__PURE__ */ new WeakMap()
    }
  };
  staticCache.set(sc2, p);
  return p;
}
function remember(map, key, f) {
  let v = map.get(key);
  if (v === void 0) {
    v = f();
    map.set(key, v);
  }
  return v;
}
function choiceLabel(sc2, decision, choice) {
  const labels = staticParts(sc2).choiceLabel;
  const ids = "option" in choice ? [choice.option] : choice.items;
  return ids.map((id2) => labels.get(`${decision}/${id2}`) ?? id2).join(" + ");
}
function cardView(c, s, withHints) {
  const seen = s.shared[c.def.id];
  const v = {
    id: c.def.id,
    title: renderTemplate(c.title, s.vars),
    text: renderTemplate(c.text, s.vars),
    owner: c.owner,
    sharedWith: seen ?? []
  };
  if (withHints) {
    v.hints = c.hints.filter((h) => !h.when || h.when(s)).map((h) => ({ decision: h.decision, target: h.target, weight: h.weight }));
  }
  return v;
}
function canSee(s, sc2, seat, cardId2) {
  const card = sc2.cards.get(cardId2);
  if (!card) return false;
  if (s.status === "finished") return true;
  const seen = s.shared[cardId2];
  if (seen === "team") return true;
  if ("facilitator" in seat) return sc2.def.facilitator_sees_private;
  if (!("role" in seat)) return false;
  return card.owner === seat.role || Array.isArray(seen) && seen.includes(seat.role);
}
function seatCards(s, seat, sc2, hints) {
  const myRole = "role" in seat ? sc2.roles.get(seat.role) : void 0;
  const mine = [];
  const others = [];
  for (const c of sc2.cards.values()) {
    if (myRole && c.owner === myRole.id) mine.push(cardView(c, s, hints));
    else if (canSee(s, sc2, seat, c.def.id)) others.push(cardView(c, s, hints));
  }
  return { mine, others, me: myRole ? { role: myRole.id, goal: myRole.goal, need: myRole.need, cards: mine } : null };
}
function decisionView(s, sc2, index) {
  const compiledScene = sc2.scenes[index];
  const d = compiledScene ? sc2.decisions.get(compiledScene.def.decision.id) : void 0;
  if (!d) return null;
  const choices = [];
  let locked = 0;
  for (const c of d.choices.values()) {
    if (c.requires && !s.solved.includes(c.requires) && s.status !== "finished") {
      locked++;
      continue;
    }
    const def = ("items" in d.def ? d.def.items : d.def.options).find((x2) => x2.id === c.id);
    choices.push({ id: c.id, label: c.label, description: def?.description, kind: c.kind, points: c.points });
  }
  return {
    id: d.def.id,
    prompt: d.def.prompt,
    rule: d.def.rule,
    bearers: d.def.bearers,
    plan: d.plan,
    capacity: "capacity" in d.def ? d.def.capacity : null,
    choices,
    lockedCount: locked
  };
}
function commonParts(s, sc2, parts) {
  const cache = parts.cache;
  const sceneState = s.scene;
  const compiledScene = sceneState ? sc2.scenes[sceneState.index] : void 0;
  const finished = s.status === "finished";
  let decision = null;
  if (sceneState) {
    const byKey = remember(cache.decision, s.solved, () => /* @__PURE__ */ new Map());
    const key = `${sceneState.index}|${finished}`;
    decision = byKey.get(key) ?? null;
    if (!byKey.has(key)) {
      decision = decisionView(s, sc2, sceneState.index);
      byKey.set(key, decision);
    }
  }
  const readyList = sceneState?.ready ?? NO_READY;
  const byReady = remember(cache.roles, s.seats, () => /* @__PURE__ */ new WeakMap());
  const roles = remember(byReady, readyList, () => {
    const ready = new Set(readyList);
    return s.seats.map((x2) => {
      const r = parts.roles.get(x2.role);
      return x2.persona ? { id: r.id, name: r.name, title: r.title, brief: r.brief, kind: x2.kind, persona: x2.persona, ready: ready.has(x2.role) } : { id: r.id, name: r.name, title: r.title, brief: r.brief, kind: x2.kind, ready: ready.has(x2.role) };
    });
  });
  let scene2 = null;
  if (sceneState && compiledScene) {
    const memo = cache.scene.get(sceneState);
    if (memo && memo.status === s.status && memo.paused === s.pausedRemainingMs && memo.vars === s.vars) scene2 = memo.view;
    else {
      scene2 = {
        id: sceneState.id,
        index: sceneState.index,
        count: sc2.scenes.length,
        title: renderTemplate(compiledScene.title, s.vars),
        narrative: renderTemplate(compiledScene.narrative, s.vars),
        phase: sceneState.phase,
        endsAt: s.status === "running" ? sceneState.phaseEndsAt : null,
        pausedRemainingMs: s.pausedRemainingMs,
        checkIn: sceneState.checkIn,
        checkInUsed: sceneState.checkInUsed
      };
      cache.scene.set(sceneState, { status: s.status, paused: s.pausedRemainingMs, vars: s.vars, view: scene2 });
    }
  }
  const endingDef = s.ending ? sc2.def.endings.find((e) => e.id === s.ending?.id) : void 0;
  return {
    roles,
    scene: scene2,
    decision,
    vars: remember(cache.vars, s.vars, () => parts.varLabels.map((v) => ({ ...v, value: s.vars[v.id] }))),
    solved: remember(cache.solved, s.solved, () => s.solved.map((id2) => ({ id: id2, title: sc2.challenges.get(id2)?.title ?? id2 }))),
    decisions: remember(
      cache.decisions,
      s.decisions,
      () => s.decisions.map((r) => ({ ...r, label: choiceLabel(sc2, r.decision, r.choice) }))
    ),
    risksFired: remember(
      cache.risksFired,
      s.risksFired,
      () => s.risksFired.map((id2) => ({ id: id2, text: parts.riskText.get(id2) ?? id2 }))
    ),
    ending: s.ending && endingDef ? { id: endingDef.id, title: endingDef.title, outcome: endingDef.outcome, text: endingDef.text, score: s.ending.score, early: s.ending.early } : null,
    debrief: finished ? parts.debrief : null
  };
}
function viewFor(s, seat, sc2, opts = {}) {
  const parts = staticParts(sc2);
  const common = remember(parts.cache.common, s, () => commonParts(s, sc2, parts));
  let cards;
  if (opts.hints === true) {
    cards = seatCards(s, seat, sc2, true);
  } else {
    const finished = s.status === "finished";
    let memo = parts.cache.cards.get(s.shared);
    if (!memo || memo.vars !== s.vars || memo.finished !== finished) {
      memo = { vars: s.vars, finished, bySeat: /* @__PURE__ */ new Map() };
      parts.cache.cards.set(s.shared, memo);
    }
    const key = "role" in seat ? seat.role : "facilitator" in seat ? ":facilitator" : ":spectator";
    let found = memo.bySeat.get(key);
    if (!found) {
      found = seatCards(s, seat, sc2, false);
      memo.bySeat.set(key, found);
    }
    cards = found;
  }
  return {
    seat,
    scenarioId: s.scenarioId,
    title: sc2.def.title,
    version: s.version,
    clock: s.clock,
    status: s.status,
    roles: common.roles,
    scene: common.scene,
    decision: common.decision,
    proposals: s.proposals,
    metrics: s.metrics,
    vars: common.vars,
    me: cards.me,
    cards: cards.others,
    needsNamed: s.needsNamed,
    solved: common.solved,
    decisions: common.decisions,
    pending: s.pending,
    risksFired: common.risksFired,
    history: s.history,
    ending: common.ending,
    debrief: common.debrief
  };
}

// scenarios/catalog.ts
var SCENARIO_DIR = dirname(fileURLToPath(import.meta.url));
var ScenarioFileError = class extends Error {
  constructor(problems) {
    super(problems.map(formatProblem).join("\n"));
    this.problems = problems;
  }
  problems;
};
function formatProblem(p) {
  return `${p.file}${p.line ? `:${p.line}` : ""}: ${p.path}: ${p.message}`;
}
function pathSegments(path) {
  const out = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== void 0 ? Number(m[2]) : m[1]);
  return out;
}
function compileScenarioText(text2, file) {
  const id2 = basename(file, extname(file));
  const lines = new LineCounter();
  const doc = parseDocument(text2, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        // linePos is only filled in with prettyErrors; the offset is always there.
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        path: "(YAML)",
        message: e.message.split("\n")[0] ?? e.message
      }))
    };
  }
  if (!/^[a-z][a-z0-9_-]*$/.test(id2)) {
    return { ok: false, problems: [{ file, line: null, path: "(file name)", message: "name scenario files in lower case, e.g. ship-by-friday.yaml" }] };
  }
  const result = compileScenario(id2, doc.toJS());
  if (result.ok) return result;
  const lineOf = (path) => {
    let segs = pathSegments(path);
    while (segs.length >= 0) {
      const node = segs.length === 0 ? doc.contents : doc.getIn(segs, true);
      const range = node?.range;
      if (range && (isMap(node) || isSeq(node) || node)) return lines.linePos(range[0]).line;
      if (segs.length === 0) return null;
      segs = segs.slice(0, -1);
    }
    return null;
  };
  return { ok: false, problems: result.problems.map((p) => ({ file, line: lineOf(p.path), path: p.path, message: p.message })) };
}
function loadScenarioFile(path) {
  let text2;
  try {
    text2 = readFileSync(path, "utf8");
  } catch (e) {
    return { ok: false, problems: [{ file: path, line: null, path: "(file)", message: e.message }] };
  }
  return compileScenarioText(text2, path);
}
function scenarioFiles(dir = SCENARIO_DIR) {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}
function loadCatalog(dir = SCENARIO_DIR) {
  const out = /* @__PURE__ */ new Map();
  const problems = [];
  for (const file of scenarioFiles(resolve(dir))) {
    const r = loadScenarioFile(file);
    if (r.ok) out.set(r.scenario.id, r.scenario);
    else problems.push(...r.problems);
  }
  if (problems.length > 0) throw new ScenarioFileError(problems);
  return out;
}

// bench/workloads/team-session.ts
var LINES = [
  "We need to ship this by the end of the sprint.",
  "If we ship it like this, it will break under load.",
  "What exactly did Halcyon sign for Monday?",
  "Can we put a number on that risk?",
  "I hear that the date matters because of the renewal.",
  "What would make this safe enough for you?",
  "The schedulers told me they would rather wait a day than watch a spinner.",
  "Who carries the pager if this goes wrong?",
  "Let us write the trade-off down before we vote.",
  "I can live with that if we timebox the cleanup."
];
function playTeamSession(sc2, seed, opts = {}) {
  const talkPerScene = opts.talkPerScene ?? 40;
  const seats2 = sc2.def.roles.map((r) => ({ role: r.id, kind: "human" }));
  const roles = seats2.map((x2) => x2.role);
  let rng = seedState(seed ^ 24301);
  const rand = () => {
    const r = nextRandom(rng);
    rng = r.rng;
    return r.value;
  };
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  let s = initialState(sc2, seed, seats2);
  const log = [];
  const events = [];
  const states = [];
  let refused = 0;
  let now = 0;
  const send = (actor, command) => {
    const full = { ...command, at: now };
    const r = decide(s, full, { scenario: sc2, actor });
    if (!r.ok) {
      refused++;
      return false;
    }
    states.push(s);
    log.push({ actor, command: full });
    for (const e of r.events) {
      s = evolve(s, e);
      events.push(e);
    }
    return true;
  };
  const wait = (min, spread) => {
    now += min + Math.floor(rand() * spread);
  };
  const deadline = () => {
    const due = nextDeadline(s);
    if (due === null) return;
    now = Math.max(now, due);
    send({ system: true }, { type: "deadline" });
  };
  const talk = (n) => {
    for (let i = 0; i < n; i++) {
      wait(2e3, 6e3);
      const me = pick(roles);
      if (rand() < 0.75) send({ role: me }, { type: "say", text: pick(LINES) });
      else send({ role: me }, { type: "ask", text: pick(LINES), to: pick(roles.filter((r) => r !== me)) });
    }
  };
  const everyoneReady = () => {
    for (const r of roles) {
      wait(500, 3e3);
      send({ role: r }, { type: "ready" });
    }
  };
  const decisionOnTable = () => s.scene ? sc2.decisions.get(sc2.scenes[s.scene.index]?.def.decision.id ?? "") : void 0;
  const someChoice = (d) => {
    const open = [...d.choices.values()].filter((c) => !c.requires || s.solved.includes(c.requires));
    if (!d.plan) return { option: pick(open).id };
    const cap = "capacity" in d.def ? d.def.capacity : 0;
    const items = [];
    let points = 0;
    for (const c of open) {
      if (rand() < 0.6 && points + (c.points ?? 0) <= cap) {
        items.push(c.id);
        points += c.points ?? 0;
      }
    }
    return { items: items.length ? items : [open.find((c) => (c.points ?? 0) <= cap)?.id ?? ""] };
  };
  send({ facilitator: true }, { type: "start" });
  while (s.status !== "finished") {
    talk(2);
    if (rand() < 0.8) everyoneReady();
    else deadline();
    const d = decisionOnTable();
    if (!d) break;
    const openIds = () => s.proposals.filter((p) => p.status === "open").map((p) => p.id);
    for (let i = 0; i < talkPerScene && s.scene?.phase === "discussion"; i++) {
      const due = nextDeadline(s) ?? 0;
      if (now > due - 2e4) break;
      const x2 = rand();
      const me = pick(roles);
      if (x2 < 0.7) talk(1);
      else if (x2 < 0.78) {
        const mine = [...sc2.cards.values()].filter((c) => c.owner === me && s.shared[c.def.id] !== "team");
        if (mine.length > 0) {
          wait(1e3, 3e3);
          send({ role: me }, { type: "share", card: pick(mine).def.id, with: rand() < 0.7 ? "team" : pick(roles.filter((r) => r !== me)) });
        }
      } else if (x2 < 0.8) {
        wait(1e3, 3e3);
        send({ role: me }, { type: "name_need", need: sc2.roles.get(pick(roles))?.need ?? "craft", of: pick(roles) });
      } else if (x2 < 0.85 && openIds().length < 4) {
        wait(3e3, 8e3);
        send({ role: me }, {
          type: "propose",
          decision: d.def.id,
          ...someChoice(d),
          risks: [{ text: "it breaks under the Monday burst", probability: 0.3, cost: 38e3 }],
          bearers: [me],
          rationale: pick(LINES)
        });
      } else if (x2 < 0.87 && openIds().length > 0) {
        wait(3e3, 6e3);
        send({ role: me }, { type: "amend", proposal: pick(openIds()), ...someChoice(d), rationale: pick(LINES) });
      } else if (x2 < 0.92 && openIds().length > 0) {
        wait(1e3, 2e3);
        send({ role: me }, { type: "support", proposal: pick(openIds()) });
      } else if (x2 < 0.95 && openIds().length > 0) {
        wait(2e3, 4e3);
        send({ role: me }, { type: "object", proposal: pick(openIds()), reason: pick(LINES) });
      } else if (x2 < 0.99 && openIds().length > 0) {
        wait(1e3, 2e3);
        send({ role: me }, { type: "vote", proposal: pick(openIds()), vote: rand() < 0.5 ? "yes" : "no" });
      } else if (!s.scene?.checkInUsed) {
        wait(1e3, 2e3);
        if (send({ role: me }, { type: "check_in", note: "we are going in circles" })) {
          talk(4);
          deadline();
        }
      } else if (rand() < 0.5) {
        wait(1e3, 2e3);
        send({ facilitator: true }, { type: "pause" });
        talk(2);
        wait(1e4, 3e4);
        send({ facilitator: true }, { type: "resume" });
      } else {
        wait(1e3, 2e3);
        send({ facilitator: true }, { type: "extend", seconds: 60 });
      }
    }
    if (s.scene?.phase === "discussion") {
      if (rand() < 0.8) {
        wait(3e3, 5e3);
        if (send({ role: pick(roles) }, { type: "propose", decision: d.def.id, ...someChoice(d) })) {
          const id2 = `p${s.nextProposal - 1}`;
          for (const r of roles) {
            if (s.scene?.phase !== "discussion") break;
            wait(1e3, 3e3);
            send({ role: r }, { type: "vote", proposal: id2, vote: "yes" });
          }
        }
      }
      if (s.scene?.phase === "discussion") deadline();
    }
    talk(3);
    if (rand() < 0.7) everyoneReady();
    if (s.status !== "finished" && s.scene?.phase === "consequences") deadline();
  }
  states.push(s);
  return { seats: seats2, log, events, states, refused };
}

// bench/.prof2.ts
var sc = loadCatalog("/work/main/scenarios").get("ship-by-friday");
var sessions = Array.from({ length: 20 }, (_, i) => playTeamSession(sc, i + 1));
var seats = [...sc.def.roles.map((r) => ({ role: r.id })), { spectator: true }, { facilitator: true }];
var x = 0;
for (let round = 0; round < 150; round++) {
  for (const t of sessions) {
    const from = Math.floor(t.log.length * 0.2), to = Math.floor(t.log.length * 0.9);
    let s = t.states[from];
    for (let i = from; i < to; i++) {
      const { actor, command } = t.log[i];
      const r = decide(s, command, { scenario: sc, actor });
      if (r.ok) for (const e of r.events) s = evolve(s, e);
      for (const seat of seats) x += viewFor(s, seat, sc).version;
      x += JSON.stringify(s).length;
    }
  }
}
console.log(x);
