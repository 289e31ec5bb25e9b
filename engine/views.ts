// What each seat may see. The one place where secrecy is decided: a private card reaches only its owner and the
// roles it was shown to; the facilitator sees private cards only when the scenario allows; the random state and
// hidden setup facts reach nobody. Everything is revealed for the debrief once the quest has ended.
import type { QuestEvent } from './events.ts';
import type {
  Choice,
  DecisionRecord,
  MetricPoint,
  PendingConsequence,
  Proposal,
  QuestState,
  QuestStatus,
  RoleId,
} from './quest-state.ts';
import { type CompiledCard, type CompiledScenario, renderTemplate } from './scenario.ts';
import type { EndingDef, MetricId, Need, ScenarioDef, SceneArt, VoiceHint } from './scenario-schema.ts';

export type SeatRef = { role: RoleId } | { spectator: true } | { facilitator: true };

export interface CardView {
  id: string;
  title: string;
  text: string;
  owner: RoleId;
  sharedWith: 'team' | RoleId[];
  /** What the card suggests, for bots only (viewFor(..., { hints: true })). */
  hints?: { decision: string; target: string; weight: number }[];
}

export interface ChoiceView {
  id: string;
  label: string;
  description?: string;
  kind?: 'feature' | 'debt';
  points?: number;
}

export interface QuestView {
  seat: SeatRef;
  scenarioId: string;
  title: string;
  version: number;
  clock: number;
  status: QuestStatus;
  roles: {
    id: RoleId;
    name: string;
    title: string;
    brief: string;
    kind: 'human' | 'bot';
    persona?: string;
    ready: boolean;
    voice?: VoiceHint;
  }[];
  scene: {
    id: string;
    index: number;
    count: number;
    title: string;
    narrative: string;
    /** The scene art the scenario names, if any; the client picks one otherwise. */
    art: SceneArt | null;
    phase: 'briefing' | 'discussion' | 'consequences';
    endsAt: number | null;
    pausedRemainingMs: number | null;
    checkIn: { by: RoleId; until: number } | null;
    checkInUsed: boolean;
  } | null;
  decision: {
    id: string;
    prompt: string;
    rule: 'consensus' | 'majority' | 'bearers';
    bearers: RoleId[];
    plan: boolean;
    capacity: number | null;
    choices: ChoiceView[];
    lockedCount: number;
  } | null;
  proposals: Proposal[];
  metrics: Record<MetricId, number>;
  vars: { id: string; label: string; value: number }[];
  me: { role: RoleId; goal: string; need: Need; cards: CardView[] } | null;
  cards: CardView[];
  needsNamed: { by: RoleId; need: Need; of: RoleId }[];
  solved: { id: string; title: string }[];
  decisions: (DecisionRecord & { label: string })[];
  pending: PendingConsequence[];
  risksFired: { id: string; text: string }[];
  history: MetricPoint[];
  ending: (Pick<EndingDef, 'id' | 'title' | 'outcome' | 'text'> & { score: number; early: boolean }) | null;
  debrief: (ScenarioDef['debrief'] & { challenges: ScenarioDef['challenges'] }) | null;
}

interface StaticParts {
  roles: Map<RoleId, { id: RoleId; name: string; title: string; brief: string; voice?: VoiceHint }>;
  riskText: Map<string, string>;
  choiceLabel: Map<string, string>;
  varLabels: { id: string; label: string }[];
  debrief: NonNullable<QuestView['debrief']>;
  /** One memo per quest, found by the quest's seats (a slice that changes only when a seat is covered or released). */
  quests: WeakMap<QuestState['seats'], QuestMemo>;
}

interface SeatCards {
  others: CardView[];
  me: QuestView['me'];
}
const NO_READY: RoleId[] = [];
const UNSET = Symbol('unset');

/**
 * The latest parts of one quest's views, each with the slices of state it was built from. evolve() keeps every
 * slice an event does not touch by reference, so after a chat message every part is reused and a view costs one
 * small object per seat; a part is rebuilt only when a slice it reads has changed. Parts are shared between
 * views: read-only.
 */
class QuestMemo {
  private ready: RoleId[] | typeof UNSET = UNSET;
  private roles: QuestView['roles'] = [];
  private solvedFor: string[] | typeof UNSET = UNSET;
  private decisionIndex = -1;
  private decisionFinished = false;
  private decision: QuestView['decision'] = null;
  private sceneState: QuestState['scene'] | typeof UNSET = UNSET;
  private sceneStatus: QuestStatus = 'ready';
  private scenePaused: number | null = null;
  private sceneVars: QuestState['vars'] | typeof UNSET = UNSET;
  private scene: QuestView['scene'] = null;
  private varsFor: QuestState['vars'] | typeof UNSET = UNSET;
  private vars: QuestView['vars'] = [];
  private solvedViewFor: string[] | typeof UNSET = UNSET;
  private solved: QuestView['solved'] = [];
  private decisionsFor: DecisionRecord[] | typeof UNSET = UNSET;
  private decisions: QuestView['decisions'] = [];
  private risksFor: string[] | typeof UNSET = UNSET;
  private risksFired: QuestView['risksFired'] = [];
  private cardsShared: QuestState['shared'] | typeof UNSET = UNSET;
  private cardsVars: QuestState['vars'] | typeof UNSET = UNSET;
  private cardsFinished = false;
  private cards = new Map<string, SeatCards>();

  constructor(
    private readonly sc: CompiledScenario,
    private readonly parts: StaticParts,
  ) {}

  rolesOf(s: QuestState): QuestView['roles'] {
    const readyList = s.scene?.ready ?? NO_READY;
    if (this.ready !== readyList) {
      const ready = new Set(readyList);
      this.roles = s.seats.map((x) => {
        const r = this.parts.roles.get(x.role) as StaticParts['roles'] extends Map<RoleId, infer R> ? R : never;
        const base = { id: r.id, name: r.name, title: r.title, brief: r.brief, kind: x.kind };
        const role: QuestView['roles'][number] = x.persona
          ? { ...base, persona: x.persona, ready: ready.has(x.role) }
          : { ...base, ready: ready.has(x.role) };
        if (r.voice) role.voice = r.voice;
        return role;
      });
      this.ready = readyList;
    }
    return this.roles;
  }

  decisionOf(s: QuestState): QuestView['decision'] {
    const index = s.scene ? s.scene.index : -1;
    const finished = s.status === 'finished';
    if (this.solvedFor !== s.solved || this.decisionIndex !== index || this.decisionFinished !== finished) {
      this.decision = index < 0 ? null : decisionView(s, this.sc, index);
      this.solvedFor = s.solved;
      this.decisionIndex = index;
      this.decisionFinished = finished;
    }
    return this.decision;
  }

  sceneOf(s: QuestState): QuestView['scene'] {
    const sceneState = s.scene;
    if (
      this.sceneState !== sceneState ||
      this.sceneStatus !== s.status ||
      this.scenePaused !== s.pausedRemainingMs ||
      this.sceneVars !== s.vars
    ) {
      const compiledScene = sceneState ? this.sc.scenes[sceneState.index] : undefined;
      this.scene =
        sceneState && compiledScene
          ? {
              id: sceneState.id,
              index: sceneState.index,
              count: this.sc.scenes.length,
              title: renderTemplate(compiledScene.title, s.vars),
              narrative: renderTemplate(compiledScene.narrative, s.vars),
              art: compiledScene.def.art ?? null,
              phase: sceneState.phase,
              endsAt: s.status === 'running' ? sceneState.phaseEndsAt : null,
              pausedRemainingMs: s.pausedRemainingMs,
              checkIn: sceneState.checkIn,
              checkInUsed: sceneState.checkInUsed,
            }
          : null;
      this.sceneState = sceneState;
      this.sceneStatus = s.status;
      this.scenePaused = s.pausedRemainingMs;
      this.sceneVars = s.vars;
    }
    return this.scene;
  }

  varsOf(s: QuestState): QuestView['vars'] {
    if (this.varsFor !== s.vars) {
      this.vars = this.parts.varLabels.map((v) => ({ ...v, value: s.vars[v.id] as number }));
      this.varsFor = s.vars;
    }
    return this.vars;
  }

  solvedOf(s: QuestState): QuestView['solved'] {
    if (this.solvedViewFor !== s.solved) {
      this.solved = s.solved.map((id) => ({ id, title: this.sc.challenges.get(id)?.title ?? id }));
      this.solvedViewFor = s.solved;
    }
    return this.solved;
  }

  decisionsOf(s: QuestState): QuestView['decisions'] {
    if (this.decisionsFor !== s.decisions) {
      this.decisions = s.decisions.map((r) => ({ ...r, label: choiceLabel(this.sc, r.decision, r.choice) }));
      this.decisionsFor = s.decisions;
    }
    return this.decisions;
  }

  risksFiredOf(s: QuestState): QuestView['risksFired'] {
    if (this.risksFor !== s.risksFired) {
      this.risksFired = s.risksFired.map((id) => ({ id, text: this.parts.riskText.get(id) ?? id }));
      this.risksFor = s.risksFired;
    }
    return this.risksFired;
  }

  /** A seat's cards without hints: they read only shared, vars and whether the quest has ended. */
  cardsOf(s: QuestState, seat: SeatRef): SeatCards {
    const finished = s.status === 'finished';
    if (this.cardsShared !== s.shared || this.cardsVars !== s.vars || this.cardsFinished !== finished) {
      this.cards = new Map();
      this.cardsShared = s.shared;
      this.cardsVars = s.vars;
      this.cardsFinished = finished;
    }
    const key = 'role' in seat ? seat.role : 'facilitator' in seat ? ':facilitator' : ':spectator';
    let found = this.cards.get(key);
    if (!found) {
      found = seatCards(s, seat, this.sc, false);
      this.cards.set(key, found);
    }
    return found;
  }
}

const staticCache = new WeakMap<CompiledScenario, StaticParts>();
function staticParts(sc: CompiledScenario): StaticParts {
  let p = staticCache.get(sc);
  if (p) return p;
  const riskText = new Map<string, string>();
  const choiceLabel = new Map<string, string>();
  for (const scene of sc.scenes) {
    for (const r of scene.risks) riskText.set(r.def.id, r.def.text);
  }
  for (const d of sc.decisions.values()) {
    for (const c of d.choices.values()) {
      choiceLabel.set(`${d.def.id}/${c.id}`, c.label);
      for (const r of c.risks) riskText.set(r.def.id, r.def.text);
    }
  }
  p = {
    roles: new Map(
      sc.def.roles.map((r) => [
        r.id,
        r.voice
          ? { id: r.id, name: r.name, title: r.title, brief: r.brief, voice: r.voice }
          : { id: r.id, name: r.name, title: r.title, brief: r.brief },
      ]),
    ),
    riskText,
    choiceLabel,
    varLabels: Object.entries(sc.def.vars)
      .filter(([, v]) => !v.hidden)
      .map(([id, v]) => ({ id, label: v.label })),
    debrief: { ...sc.def.debrief, challenges: sc.def.challenges },
    quests: new WeakMap(),
  };
  staticCache.set(sc, p);
  return p;
}

export function choiceLabel(sc: CompiledScenario, decision: string, choice: Choice): string {
  const labels = staticParts(sc).choiceLabel;
  const ids = 'option' in choice ? [choice.option] : choice.items;
  return ids.map((id) => labels.get(`${decision}/${id}`) ?? id).join(' + ');
}

function cardView(c: CompiledCard, s: QuestState, withHints: boolean): CardView {
  const seen = s.shared[c.def.id];
  const v: CardView = {
    id: c.def.id,
    title: renderTemplate(c.title, s.vars),
    text: renderTemplate(c.text, s.vars),
    owner: c.owner,
    sharedWith: seen ?? [],
  };
  if (withHints) {
    v.hints = c.hints
      .filter((h) => !h.when || h.when(s))
      .map((h) => ({ decision: h.decision, target: h.target, weight: h.weight }));
  }
  return v;
}

/** Whether a seat may read a card right now. */
export function canSee(s: QuestState, sc: CompiledScenario, seat: SeatRef, cardId: string): boolean {
  const card = sc.cards.get(cardId);
  if (!card) return false;
  if (s.status === 'finished') return true;
  const seen = s.shared[cardId];
  if (seen === 'team') return true;
  if ('facilitator' in seat) return sc.def.facilitator_sees_private;
  if (!('role' in seat)) return false;
  return card.owner === seat.role || (Array.isArray(seen) && seen.includes(seat.role));
}

/** The cards a seat holds (as `me`) and the cards it has been shown. */
function seatCards(s: QuestState, seat: SeatRef, sc: CompiledScenario, hints: boolean): SeatCards {
  const myRole = 'role' in seat ? sc.roles.get(seat.role) : undefined;
  const mine: CardView[] = [];
  const others: CardView[] = [];
  for (const c of sc.cards.values()) {
    if (myRole && c.owner === myRole.id) mine.push(cardView(c, s, hints));
    else if (canSee(s, sc, seat, c.def.id)) others.push(cardView(c, s, hints));
  }
  return { others, me: myRole ? { role: myRole.id, goal: myRole.goal, need: myRole.need, cards: mine } : null };
}

function decisionView(s: QuestState, sc: CompiledScenario, index: number): QuestView['decision'] {
  const compiledScene = sc.scenes[index];
  const d = compiledScene ? sc.decisions.get(compiledScene.def.decision.id) : undefined;
  if (!d) return null;
  const choices: ChoiceView[] = [];
  let locked = 0;
  for (const c of d.choices.values()) {
    if (c.requires && !s.solved.includes(c.requires) && s.status !== 'finished') {
      locked++;
      continue;
    }
    const def = ('items' in d.def ? d.def.items : d.def.options).find((x) => x.id === c.id);
    choices.push({ id: c.id, label: c.label, description: def?.description, kind: c.kind, points: c.points });
  }
  return {
    id: d.def.id,
    prompt: d.def.prompt,
    rule: d.def.rule,
    bearers: d.def.bearers,
    plan: d.plan,
    capacity: 'capacity' in d.def ? d.def.capacity : null,
    choices,
    lockedCount: locked,
  };
}

export function viewFor(s: QuestState, seat: SeatRef, sc: CompiledScenario, opts: { hints?: boolean } = {}): QuestView {
  const parts = staticParts(sc);
  let memo = parts.quests.get(s.seats);
  if (!memo) {
    memo = new QuestMemo(sc, parts);
    parts.quests.set(s.seats, memo);
  }
  // Hint conditions may read anything in the state, so cards with hints (for bots) are never remembered.
  const cards = opts.hints === true ? seatCards(s, seat, sc, true) : memo.cardsOf(s, seat);
  const endingDef = s.ending ? sc.def.endings.find((e) => e.id === s.ending?.id) : undefined;
  return {
    seat,
    scenarioId: s.scenarioId,
    title: sc.def.title,
    version: s.version,
    clock: s.clock,
    status: s.status,
    roles: memo.rolesOf(s),
    scene: memo.sceneOf(s),
    decision: memo.decisionOf(s),
    proposals: s.proposals,
    metrics: s.metrics,
    vars: memo.varsOf(s),
    me: cards.me,
    cards: cards.others,
    needsNamed: s.needsNamed,
    solved: memo.solvedOf(s),
    decisions: memo.decisionsOf(s),
    pending: s.pending,
    risksFired: memo.risksFiredOf(s),
    history: s.history,
    ending:
      s.ending && endingDef
        ? {
            id: endingDef.id,
            title: endingDef.title,
            outcome: endingDef.outcome,
            text: endingDef.text,
            score: s.ending.score,
            early: s.ending.early,
          }
        : null,
    debrief: s.status === 'finished' ? parts.debrief : null,
  };
}

/** The view's top-level parts, as a list, so a change to QuestView cannot leave one out of viewChanges. */
const VIEW_PARTS = Object.keys({
  seat: 1,
  scenarioId: 1,
  title: 1,
  version: 1,
  clock: 1,
  status: 1,
  roles: 1,
  scene: 1,
  decision: 1,
  proposals: 1,
  metrics: 1,
  vars: 1,
  me: 1,
  cards: 1,
  needsNamed: 1,
  solved: 1,
  decisions: 1,
  pending: 1,
  risksFired: 1,
  history: 1,
  ending: 1,
  debrief: 1,
} satisfies Record<keyof QuestView, 1>) as (keyof QuestView)[];

/**
 * The top-level parts of `next` that differ from `prev`, both views of one seat: `{ ...prev, ...changes }` equals
 * `next`. viewFor shares every part whose slices of state did not change, and state is never mutated, so a part
 * that is the same object is the same content, and comparing references is enough. After a chat message the
 * changes are the version and the clock. The seat is a new small object per call: compared by content.
 */
export function viewChanges(prev: QuestView, next: QuestView): Partial<QuestView> {
  const changes: Record<string, unknown> = {};
  for (const k of VIEW_PARTS) {
    if (prev[k] === next[k]) continue;
    if (k === 'seat' && sameSeat(prev.seat, next.seat)) continue;
    changes[k] = next[k];
  }
  return changes as Partial<QuestView>;
}

function sameSeat(a: SeatRef, b: SeatRef): boolean {
  if ('role' in a) return 'role' in b && a.role === b.role;
  return 'facilitator' in a ? 'facilitator' in b : 'spectator' in b;
}

/**
 * An event as a seat may see it, or null when the seat may not know it happened in that form.
 * A card shown privately to someone else becomes "X showed Y a card"; the random state never leaves the engine.
 */
export function eventFor(e: QuestEvent, seat: SeatRef, sc: CompiledScenario): SeatEvent | null {
  switch (e.type) {
    case 'card_shared': {
      if (e.with === 'team') return e;
      const privileged =
        ('role' in seat && (seat.role === e.by || seat.role === e.with || seat.role === e.owner)) ||
        ('facilitator' in seat && sc.def.facilitator_sees_private);
      return privileged ? e : { type: 'card_shared_privately', at: e.at, by: e.by, with: e.with };
    }
    case 'risk_rolled': {
      // A risk that did not happen is invisible in real life, and its chance can betray hidden setup facts:
      // players learn of risks that fired, without the odds; the facilitator sees every roll and its chance.
      const { rng: _rng, chance, ...rest } = e;
      if ('facilitator' in seat) return { ...rest, chance };
      return e.fired ? rest : null;
    }
    case 'world_changed': {
      if (sc.hiddenVars.size === 0) return e;
      const vars: Record<string, number> = {};
      for (const k in e.vars) if (!sc.hiddenVars.has(k)) vars[k] = e.vars[k] as number;
      return { ...e, vars };
    }
    default:
      return e;
  }
}

/** A risk roll as a seat sees it: never the PRNG state, and the odds only for the facilitator. */
export type SeenRisk = Omit<Extract<QuestEvent, { type: 'risk_rolled' }>, 'rng' | 'chance'> & { chance?: number };
/** An event as it reaches a seat. */
export type SeatEvent = Exclude<QuestEvent, { type: 'risk_rolled' }> | SeenRisk | RedactedShare;

export interface RedactedShare {
  type: 'card_shared_privately';
  at: number;
  by: RoleId;
  with: RoleId;
}
