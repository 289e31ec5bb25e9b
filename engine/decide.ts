// decide(state, command, ctx) -> events | rejection. Every rule of play lives here. A command is checked in full
// before anything is emitted, so a rejected command changes nothing; an accepted one may cascade (a vote settles
// a decision, which applies effects, rolls risks and opens the consequences phase).
import { type Actor, type ControlCommand, controlCommandSchema, type PlayerCommand, playerCommandSchema } from './commands.ts';
import type { Cause, Decided, QuestEvent, Rejection } from './events.ts';
import { evolve } from './evolve.ts';
import { nextRandom, seedState } from './prng.ts';
import type { Choice, Proposal, QuestState, Risk, Seat } from './quest-state.ts';
import type { CompiledDecision, CompiledRisk, CompiledScenario, Effect } from './scenario.ts';
import { formatPath } from './scenario.ts';
import { METRICS, type MetricId } from './scenario-schema.ts';

export interface DecideContext {
  scenario: CompiledScenario;
  actor: Actor;
}

const MAX_PROPOSALS_PER_SCENE = 12;
const CONTROL = new Set(['start', 'pause', 'resume', 'extend', 'end', 'cover_seat', 'release_seat', 'deadline']);

export class QuestSetupError extends Error {}

/** A new quest, before it starts. Setup facts are drawn here from the seed, so every seat's cards are fixed. */
export function initialState(scenario: CompiledScenario, seed: number, seats: Seat[]): QuestState {
  const roles = scenario.def.roles.map((r) => r.id);
  const given = seats.map((s) => s.role);
  for (const r of given) if (!roles.includes(r)) throw new QuestSetupError(`'${r}' is not a role in ${scenario.id}`);
  for (const r of roles) {
    const n = given.filter((g) => g === r).length;
    if (n !== 1)
      throw new QuestSetupError(n === 0 ? `role '${r}' has no seat: seat a person or a bot` : `role '${r}' is seated ${n} times`);
  }
  if (!Number.isSafeInteger(seed)) throw new QuestSetupError('the seed must be a whole number');
  let rng = seedState(seed);
  const vars: Record<string, number | string> = {};
  for (const [name, v] of Object.entries(scenario.def.vars)) vars[name] = v.initial;
  for (const f of scenario.def.setup) {
    const r = nextRandom(rng);
    rng = r.rng;
    vars[f.var] = f.one_of[Math.floor(r.value * f.one_of.length)] as number | string;
  }
  return {
    schema: 1,
    scenarioId: scenario.id,
    scenarioHash: scenario.hash,
    seed,
    rng,
    version: 0,
    clock: 0,
    status: 'ready',
    pausedRemainingMs: null,
    seats: roles.map((r) => {
      const s = seats.find((x) => x.role === r) as Seat;
      return s.kind === 'bot' ? { role: r, kind: 'bot', persona: s.persona ?? 'collaborative' } : { role: r, kind: 'human' };
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
    ending: null,
  };
}

/** When the server must send the next 'deadline' command, or null when no clock is running. */
export function nextDeadline(s: QuestState): number | null {
  if (s.status !== 'running' || !s.scene) return null;
  return s.scene.checkIn ? s.scene.checkIn.until : s.scene.phaseEndsAt;
}

const no = (code: Rejection['code'], reason: string): Rejection => ({ ok: false, code, reason });

/** Accumulates events and keeps the state they lead to, so later rules see earlier effects. */
class Unfolding {
  readonly events: QuestEvent[] = [];
  constructor(
    public s: QuestState,
    readonly sc: CompiledScenario,
    readonly at: number,
  ) {}
  emit(e: QuestEvent): void {
    this.events.push(e);
    this.s = evolve(this.s, e);
  }

  applyEffects(effects: Effect[], cause: Cause): void {
    if (effects.length === 0) return;
    const metrics = { ...this.s.metrics };
    const vars = { ...this.s.vars };
    const view: QuestState = { ...this.s, metrics, vars };
    const changedM: Partial<Record<MetricId, number>> = {};
    const changedV: Record<string, number> = {};
    for (const ef of effects) {
      const isMetric = ef.target in METRICS;
      const range = isMetric ? METRICS[ef.target as MetricId] : this.sc.varRanges.get(ef.target);
      if (!range) continue;
      const cur = (isMetric ? metrics[ef.target as MetricId] : (vars[ef.target] as number)) ?? 0;
      const v = ef.value(view) as number;
      const raw = ef.op === '=' ? v : ef.op === '+=' ? cur + v : ef.op === '-=' ? cur - v : cur * v;
      const next = Math.round(Math.min(range.max, Math.max(range.min, Number.isFinite(raw) ? raw : cur)) * 100) / 100;
      if (isMetric) {
        metrics[ef.target as MetricId] = next;
        changedM[ef.target as MetricId] = next;
      } else {
        vars[ef.target] = next;
        changedV[ef.target] = next;
      }
    }
    this.emit({ type: 'world_changed', at: this.at, cause, metrics: changedM, vars: changedV });
  }

  rollRisks(risks: CompiledRisk[]): void {
    for (const r of risks) {
      const chance = Math.min(1, Math.max(0, r.chance(this.s) as number));
      const roll = nextRandom(this.s.rng);
      const fired = roll.value < chance;
      this.emit({
        type: 'risk_rolled',
        at: this.at,
        risk: r.def.id,
        text: r.def.text,
        chance: Math.round(chance * 1000) / 1000,
        fired,
        rng: roll.rng,
      });
      if (fired) this.applyEffects(r.effects, { kind: 'risk', risk: r.def.id, label: r.def.text });
    }
  }

  startScene(index: number): void {
    const scene = this.sc.scenes[index];
    if (!scene) {
      this.finish(false);
      return;
    }
    this.emit({
      type: 'scene_started',
      at: this.at,
      scene: scene.def.id,
      index,
      endsAt: this.at + scene.def.briefing_seconds * 1000,
    });
    this.settleDue(index);
    this.applyEffects(scene.onEnter, { kind: 'scene', scene: scene.def.id, label: scene.def.title });
    this.rollRisks(scene.risks);
  }

  /** Delayed consequences arrive however the quest goes: at their scene, or at the end at the latest. */
  settleDue(index: number): void {
    for (const p of this.s.pending) {
      if (p.dueScene > index) continue;
      this.emit({ type: 'consequence_came_due', at: this.at, key: p.key, text: p.text });
      this.applyEffects(this.sc.delayed.get(p.key) ?? [], { kind: 'delayed', key: p.key, label: p.text });
    }
  }

  resolve(d: CompiledDecision, choice: Choice, via: 'vote' | 'timeout' | 'facilitator', proposal?: string): void {
    const scene = this.s.scene;
    if (!scene) return;
    this.emit({ type: 'decision_made', at: this.at, decision: d.def.id, choice, via, ...(proposal ? { proposal } : {}) });
    const picked = 'option' in choice ? [choice.option] : choice.items;
    for (const id of picked) {
      const c = d.choices.get(id);
      if (!c) continue;
      this.applyEffects(c.effects, { kind: 'decision', decision: d.def.id, label: c.label });
    }
    if (d.plan) this.applyEffects(d.planEffects, { kind: 'plan', decision: d.def.id, label: d.def.prompt });
    if (via === 'timeout') {
      this.applyEffects(d.timeoutEffects, { kind: 'timeout', decision: d.def.id, label: 'Time ran out before the team decided' });
    }
    for (const id of picked) {
      const c = d.choices.get(id);
      if (!c) continue;
      for (const l of c.later) {
        this.emit({
          type: 'consequence_scheduled',
          at: this.at,
          key: l.key,
          dueScene: scene.index + l.afterScenes,
          text: l.text,
        });
      }
      this.rollRisks(c.risks);
    }
    const sceneDef = this.sc.scenes[scene.index]?.def;
    this.emit({
      type: 'phase_changed',
      at: this.at,
      phase: 'consequences',
      endsAt: this.at + (sceneDef?.consequences_seconds ?? 45) * 1000,
    });
  }

  advance(): void {
    const scene = this.s.scene;
    if (!scene) return;
    const compiled = this.sc.scenes[scene.index];
    for (const rule of compiled?.next ?? []) {
      if (rule.when && !rule.when(this.s)) continue;
      if (rule.goto === null) this.finish(false);
      else this.startScene(rule.goto);
      return;
    }
    this.startScene(scene.index + 1);
  }

  finish(early: boolean): void {
    this.settleDue(Number.MAX_SAFE_INTEGER);
    const ending = this.sc.endings.find((e) => !e.when || e.when(this.s)) ?? this.sc.endings[this.sc.endings.length - 1];
    const score = this.sc.score(this.s) as number;
    this.emit({
      type: 'quest_ended',
      at: this.at,
      ending: ending?.def.id ?? 'ended',
      score: Math.round((Number.isFinite(score) ? score : 0) * 100) / 100,
      early,
    });
  }
}

function zodReason(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => (i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message)).join('; ');
}

export function decide(state: QuestState, command: unknown, ctx: DecideContext): Decided {
  if (state.scenarioHash !== ctx.scenario.hash)
    return no('conflict', 'this quest was created from a different version of the scenario');
  const type = (command as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return no('invalid', 'a command needs a type');
  if (CONTROL.has(type)) {
    const parsed = controlCommandSchema.safeParse(command);
    if (!parsed.success) return no('invalid', zodReason(parsed.error.issues));
    return decideControl(state, parsed.data, ctx);
  }
  const parsed = playerCommandSchema.safeParse(command);
  if (!parsed.success) {
    return no(
      'invalid',
      parsed.error.issues.some((i) => i.code === 'invalid_union') ? `unknown command '${type}'` : zodReason(parsed.error.issues),
    );
  }
  return decidePlayer(state, parsed.data, ctx);
}

function checkTime(s: QuestState, at: number): Rejection | null {
  if (at < s.clock) return no('invalid', `time went backwards: the quest is at ${s.clock}, the command says ${at}`);
  return null;
}

function decideControl(s: QuestState, c: ControlCommand, ctx: DecideContext): Decided {
  const a = ctx.actor;
  const isSystem = 'system' in a;
  if (!isSystem && !('facilitator' in a)) return no('not_allowed', `only the facilitator can ${c.type.replace('_', ' ')}`);
  if (c.type === 'deadline' && !isSystem) return no('not_allowed', 'deadlines come from the server clock');
  const late = checkTime(s, c.at);
  if (late) return late;
  if (s.status === 'finished') return no('finished', 'the quest has ended');
  const u = new Unfolding(s, ctx.scenario, c.at);
  switch (c.type) {
    case 'start':
      if (s.status !== 'ready') return no('conflict', 'the quest has already started');
      u.emit({ type: 'quest_started', at: c.at });
      u.startScene(0);
      break;
    case 'pause': {
      if (s.status !== 'running' || !s.scene)
        return no('conflict', s.status === 'paused' ? 'the quest is already paused' : 'the quest has not started');
      if (s.scene.checkIn) u.emit({ type: 'check_in_ended', at: c.at });
      u.emit({ type: 'quest_paused', at: c.at, remainingMs: Math.max(0, s.scene.phaseEndsAt - c.at) });
      break;
    }
    case 'resume':
      if (s.status !== 'paused') return no('conflict', 'the quest is not paused');
      u.emit({ type: 'quest_resumed', at: c.at, phaseEndsAt: c.at + (s.pausedRemainingMs ?? 0) });
      break;
    case 'extend':
      if (!s.scene || s.status === 'ready') return no('conflict', 'the quest has not started');
      // While paused the clock is not running: the new end is when the phase would end if resumed now.
      u.emit({
        type: 'timer_extended',
        at: c.at,
        seconds: c.seconds,
        phaseEndsAt:
          s.status === 'paused' ? c.at + (s.pausedRemainingMs ?? 0) + c.seconds * 1000 : s.scene.phaseEndsAt + c.seconds * 1000,
      });
      break;
    case 'end':
      if (s.status === 'ready') return no('conflict', 'the quest has not started; there is nothing to end');
      u.finish(true);
      break;
    case 'cover_seat': {
      const seat = s.seats.find((x) => x.role === c.role);
      if (!seat) return no('not_found', `no seat for role '${c.role}'`);
      if (seat.kind === 'bot') return no('conflict', `role '${c.role}' is already played by a bot`);
      u.emit({ type: 'seat_covered', at: c.at, role: c.role, persona: c.persona });
      break;
    }
    case 'release_seat': {
      const seat = s.seats.find((x) => x.role === c.role);
      if (!seat) return no('not_found', `no seat for role '${c.role}'`);
      if (!seat.covered) return no('conflict', `role '${c.role}' is not covered by a bot`);
      u.emit({ type: 'seat_released', at: c.at, role: c.role });
      break;
    }
    case 'deadline': {
      const due = nextDeadline(s);
      if (due === null || !s.scene) return no('conflict', 'no clock is running');
      if (c.at < due) return no('too_early', `the deadline is at ${due}, not yet at ${c.at}`);
      if (s.scene.checkIn) {
        u.emit({ type: 'check_in_ended', at: c.at });
        break;
      }
      endPhase(u, s.scene.phase);
      break;
    }
  }
  return { ok: true, events: u.events };
}

function endPhase(u: Unfolding, phase: 'briefing' | 'discussion' | 'consequences'): void {
  const scene = u.s.scene;
  if (!scene) return;
  const def = u.sc.scenes[scene.index]?.def;
  if (!def) return;
  if (phase === 'briefing') {
    u.emit({ type: 'phase_changed', at: u.at, phase: 'discussion', endsAt: u.at + Math.round(def.minutes * 60_000) });
  } else if (phase === 'discussion') {
    const d = u.sc.decisions.get(def.decision.id) as CompiledDecision;
    const choice: Choice =
      'items' in def.decision ? { items: [...def.decision.default_items] } : { option: def.decision.default };
    u.resolve(d, choice, 'timeout');
  } else {
    u.advance();
  }
}

function decidePlayer(s: QuestState, c: PlayerCommand, ctx: DecideContext): Decided {
  const a = ctx.actor;
  if (!('role' in a)) return no('not_allowed', 'only a seated player can do that');
  const me = a.role;
  if (!s.seats.some((x) => x.role === me)) return no('not_allowed', `'${me}' has no seat in this quest`);
  const late = checkTime(s, c.at);
  if (late) return late;
  if (s.status === 'finished') return no('finished', 'the quest has ended');
  if (s.status === 'ready') return no('wrong_phase', 'the quest has not started yet');
  const scene = s.scene;
  if (!scene) return no('wrong_phase', 'the quest has not started yet');
  const sc = ctx.scenario;
  const talk = c.type === 'say' || c.type === 'ask' || c.type === 'name_need' || c.type === 'share';
  if (s.status === 'paused' && !talk) return no('wrong_phase', 'the facilitator has paused the quest; you can still talk');
  if (s.status === 'running' && c.at >= (nextDeadline(s) ?? Number.POSITIVE_INFINITY) && !talk) {
    return no('wrong_phase', 'time is up for this phase; the scene is moving on');
  }
  const u = new Unfolding(s, sc, c.at);

  switch (c.type) {
    case 'say':
      u.emit({ type: 'message_sent', at: c.at, by: me, kind: 'statement', text: c.text, via: c.via });
      break;
    case 'ask':
      if (c.to !== undefined && !hasSeat(s, c.to)) return no('not_found', `no role '${c.to}' in this quest`);
      if (c.to === me) return no('invalid', 'ask someone else');
      u.emit({
        type: 'message_sent',
        at: c.at,
        by: me,
        kind: 'question',
        text: c.text,
        via: c.via,
        ...(c.to ? { to: c.to } : {}),
      });
      break;
    case 'share': {
      const card = sc.cards.get(c.card);
      const seen = s.shared[c.card];
      const visible = card && (card.owner === me || seen === 'team' || (Array.isArray(seen) && seen.includes(me)));
      if (!card || !visible) return no('not_found', `you hold no intel card '${c.card}'`);
      if (seen === 'team') return no('conflict', 'the whole team has already seen this card');
      if (c.with !== 'team') {
        if (!hasSeat(s, c.with)) return no('not_found', `no role '${c.with}' in this quest`);
        if (c.with === me) return no('invalid', 'you already hold this card');
        if (c.with === card.owner || (Array.isArray(seen) && seen.includes(c.with)))
          return no('conflict', `'${c.with}' has already seen this card`);
      }
      u.emit({ type: 'card_shared', at: c.at, by: me, card: c.card, owner: card.owner, with: c.with });
      if (c.with === 'team') {
        for (const ch of sc.challengesByCard.get(c.card) ?? []) {
          if (u.s.solved.includes(ch.id) || u.s.decisions.some((d) => d.decision === ch.before)) continue;
          if (ch.cards.every((k) => u.s.shared[k] === 'team')) u.emit({ type: 'challenge_solved', at: c.at, challenge: ch.id });
        }
      }
      break;
    }
    case 'name_need': {
      const of = c.of ?? me;
      if (!hasSeat(s, of)) return no('not_found', `no role '${of}' in this quest`);
      if (s.needsNamed.some((n) => n.by === me && n.need === c.need && n.of === of))
        return no('conflict', 'you have already named that need');
      u.emit({ type: 'need_named', at: c.at, by: me, need: c.need, of });
      break;
    }
    case 'propose': {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const d = currentDecision(s, sc);
      if (!d || d.def.id !== c.decision)
        return no('not_found', `the decision on the table is '${d?.def.id}', not '${c.decision}'`);
      if (s.proposals.length >= MAX_PROPOSALS_PER_SCENE)
        return no('conflict', `this scene already has ${MAX_PROPOSALS_PER_SCENE} proposals: amend one instead`);
      const choice = checkChoice(s, d, c);
      if ('ok' in choice) return choice;
      const bad = checkBearers(s, c.bearers);
      if (bad) return bad;
      u.emit({
        type: 'proposal_made',
        at: c.at,
        id: `p${s.nextProposal}`,
        by: me,
        decision: d.def.id,
        choice,
        risks: c.risks,
        bearers: dedupe(c.bearers),
        rationale: c.rationale,
      });
      break;
    }
    case 'amend': {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const p = s.proposals.find((x) => x.id === c.proposal);
      if (p?.status !== 'open') return no('not_found', `no open proposal ${c.proposal} in this scene`);
      const d = sc.decisions.get(p.decision) as CompiledDecision;
      const changesChoice = c.option !== undefined || c.items !== undefined;
      const choice = changesChoice ? checkChoice(s, d, c) : p.choice;
      if ('ok' in choice) return choice;
      const bearers = c.bearers ? dedupe(c.bearers) : p.bearers;
      const bad = checkBearers(s, bearers);
      if (bad) return bad;
      const risks: Risk[] = c.risks ?? p.risks;
      const rationale = c.rationale ?? p.rationale;
      if (!changesChoice && c.risks === undefined && c.bearers === undefined && c.rationale === undefined) {
        return no('invalid', 'an amendment must change the choice, the risks, the bearers or the rationale');
      }
      u.emit({
        type: 'proposal_amended',
        at: c.at,
        id: p.id,
        by: me,
        revision: p.revision + 1,
        choice,
        risks,
        bearers,
        rationale,
      });
      break;
    }
    case 'support':
    case 'object': {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const p = s.proposals.find((x) => x.id === c.proposal);
      if (p?.status !== 'open') return no('not_found', `no open proposal ${c.proposal} in this scene`);
      // Amendments by others make a proposal shared work; the author's own amendments do not.
      if (p.author === me && p.amendedBy.every((r) => r === me)) return no('invalid', 'it is your own proposal');
      if (c.type === 'support') {
        if (p.supports.includes(me)) return no('conflict', 'you already support this proposal');
        u.emit({ type: 'proposal_supported', at: c.at, id: p.id, by: me });
      } else {
        if (p.objections.some((o) => o.role === me && o.revision === p.revision && o.reason === c.reason)) {
          return no('conflict', 'you have already raised that objection');
        }
        u.emit({ type: 'proposal_objected', at: c.at, id: p.id, by: me, reason: c.reason, ...(c.risk ? { risk: c.risk } : {}) });
      }
      break;
    }
    case 'vote': {
      const pre = discussionOpen(s);
      if (pre) return pre;
      const p = s.proposals.find((x) => x.id === c.proposal);
      if (p?.status !== 'open') return no('not_found', `no open proposal ${c.proposal} in this scene`);
      if (p.votes[me] === c.vote) return no('conflict', `you have already voted ${c.vote}`);
      u.emit({ type: 'vote_cast', at: c.at, id: p.id, by: me, vote: c.vote });
      const after = u.s.proposals.find((x) => x.id === p.id) as Proposal;
      const d = sc.decisions.get(p.decision) as CompiledDecision;
      if (carries(after, d, u.s)) u.resolve(d, after.choice, 'vote', p.id);
      break;
    }
    case 'check_in': {
      if (scene.phase !== 'discussion') return no('wrong_phase', 'a check-in pauses a discussion; there is none running');
      if (scene.checkInUsed) return no('conflict', 'this scene has had its check-in already');
      const ms = sc.def.check_in_seconds * 1000;
      u.emit({ type: 'check_in_called', at: c.at, by: me, note: c.note, until: c.at + ms, phaseEndsAt: scene.phaseEndsAt + ms });
      break;
    }
    case 'ready': {
      if (scene.phase === 'discussion')
        return no('wrong_phase', 'ready moves on from the briefing or the consequences; now the team is deciding');
      if (scene.ready.includes(me)) return no('conflict', 'you are already ready');
      u.emit({ type: 'player_ready', at: c.at, by: me });
      if (u.s.seats.every((x) => u.s.scene?.ready.includes(x.role))) endPhase(u, scene.phase);
      break;
    }
  }
  return { ok: true, events: u.events };
}

// A top-level function rather than a closure made per command: tsx (keepNames) wraps named closures in a
// defineProperty call each time they are created.
function hasSeat(s: QuestState, role: string): boolean {
  return s.seats.some((x) => x.role === role);
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function discussionOpen(s: QuestState): Rejection | null {
  if (s.scene?.phase !== 'discussion')
    return no('wrong_phase', `proposals and votes belong to the discussion; this is the ${s.scene?.phase}`);
  if (s.scene.checkIn) return no('wrong_phase', 'the team is in a check-in: talk first, decide after');
  return null;
}

function currentDecision(s: QuestState, sc: CompiledScenario): CompiledDecision | undefined {
  const def = s.scene ? sc.scenes[s.scene.index]?.def : undefined;
  return def ? sc.decisions.get(def.decision.id) : undefined;
}

function checkChoice(s: QuestState, d: CompiledDecision, c: { option?: string; items?: string[] }): Choice | Rejection {
  const locked = (id: string) => {
    const req = d.choices.get(id)?.requires;
    return req !== undefined && !s.solved.includes(req);
  };
  if (!d.plan) {
    if (c.option === undefined || c.items !== undefined) return no('invalid', `'${d.def.id}' is a choice: give one option`);
    if (!d.choices.has(c.option) || locked(c.option))
      return no('not_found', `'${d.def.id}' has no option '${c.option}' on the table`);
    return { option: c.option };
  }
  if (c.items === undefined || c.option !== undefined) return no('invalid', `'${d.def.id}' is a plan: give the backlog items`);
  if (c.items.length === 0) return no('invalid', 'a plan needs at least one item');
  const items = dedupe(c.items);
  if (items.length !== c.items.length) return no('invalid', 'an item is listed twice');
  let points = 0;
  for (const id of items) {
    const item = d.choices.get(id);
    if (!item || locked(id)) return no('not_found', `'${d.def.id}' has no item '${id}' on the table`);
    points += item.points ?? 0;
  }
  const cap = 'capacity' in d.def ? d.def.capacity : 0;
  if (points > cap) return no('invalid', `that plan takes ${points} points; the team has ${cap}`);
  return { items };
}

function checkBearers(s: QuestState, bearers: string[]): Rejection | null {
  for (const b of bearers) if (!s.seats.some((x) => x.role === b)) return no('not_found', `no role '${b}' in this quest`);
  return null;
}

/** Whether a proposal's current votes carry it under the decision's rule. */
function carries(p: Proposal, d: CompiledDecision, s: QuestState): boolean {
  const yes = (r: string) => p.votes[r] === 'yes';
  switch (d.def.rule) {
    case 'consensus':
      return s.seats.every((x) => yes(x.role));
    case 'majority':
      return s.seats.filter((x) => yes(x.role)).length * 2 > s.seats.length;
    case 'bearers':
      return d.def.bearers.every(yes);
  }
}
