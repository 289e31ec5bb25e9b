// What each seat may see. The one place where secrecy is decided: a private card reaches only its owner and the
// roles it was shown to; the facilitator sees private cards only when the scenario allows; the random state and
// hidden setup facts reach nobody. Everything is revealed for the debrief once the quest has ended.
import type { QuestEvent } from '../engine/events.ts';
import type { Choice, DecisionRecord, MetricPoint, PendingConsequence, Proposal, QuestState, QuestStatus, RoleId } from '../engine/quest-state.ts';
import { type CompiledCard, type CompiledScenario, renderTemplate } from '../engine/scenario.ts';
import type { EndingDef, MetricId, Need, ScenarioDef } from '../engine/scenario-schema.ts';

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
  roles: { id: RoleId; name: string; title: string; brief: string; kind: 'human' | 'bot'; persona?: string; ready: boolean }[];
  scene: {
    id: string;
    index: number;
    count: number;
    title: string;
    narrative: string;
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
  roles: Map<RoleId, { id: RoleId; name: string; title: string; brief: string }>;
  riskText: Map<string, string>;
  choiceLabel: Map<string, string>;
  varLabels: { id: string; label: string }[];
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
    roles: new Map(sc.def.roles.map((r) => [r.id, { id: r.id, name: r.name, title: r.title, brief: r.brief }])),
    riskText,
    choiceLabel,
    varLabels: Object.entries(sc.def.vars)
      .filter(([, v]) => !v.hidden)
      .map(([id, v]) => ({ id, label: v.label })),
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
    v.hints = c.hints.filter((h) => !h.when || h.when(s)).map((h) => ({ decision: h.decision, target: h.target, weight: h.weight }));
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

export function viewFor(s: QuestState, seat: SeatRef, sc: CompiledScenario, opts: { hints?: boolean } = {}): QuestView {
  const parts = staticParts(sc);
  const hints = opts.hints === true;
  const myRole = 'role' in seat ? sc.roles.get(seat.role) : undefined;
  const mine: CardView[] = [];
  const others: CardView[] = [];
  for (const c of sc.cards.values()) {
    if (myRole && c.owner === myRole.id) mine.push(cardView(c, s, hints));
    else if (canSee(s, sc, seat, c.def.id)) others.push(cardView(c, s, hints));
  }
  const sceneState = s.scene;
  const compiledScene = sceneState ? sc.scenes[sceneState.index] : undefined;
  const d = compiledScene ? sc.decisions.get(compiledScene.def.decision.id) : undefined;
  let decision: QuestView['decision'] = null;
  if (d) {
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
    decision = {
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
  const ready = new Set(sceneState?.ready ?? []);
  const endingDef = s.ending ? sc.def.endings.find((e) => e.id === s.ending?.id) : undefined;
  return {
    seat,
    scenarioId: s.scenarioId,
    title: sc.def.title,
    version: s.version,
    clock: s.clock,
    status: s.status,
    roles: s.seats.map((x) => {
      const r = parts.roles.get(x.role) as { id: RoleId; name: string; title: string; brief: string };
      return { ...r, kind: x.kind, ...(x.persona ? { persona: x.persona } : {}), ready: ready.has(x.role) };
    }),
    scene:
      sceneState && compiledScene
        ? {
            id: sceneState.id,
            index: sceneState.index,
            count: sc.scenes.length,
            title: renderTemplate(compiledScene.title, s.vars),
            narrative: renderTemplate(compiledScene.narrative, s.vars),
            phase: sceneState.phase,
            endsAt: s.status === 'running' ? sceneState.phaseEndsAt : null,
            pausedRemainingMs: s.pausedRemainingMs,
            checkIn: sceneState.checkIn,
            checkInUsed: sceneState.checkInUsed,
          }
        : null,
    decision,
    proposals: s.proposals,
    metrics: s.metrics,
    vars: parts.varLabels.map((v) => ({ ...v, value: s.vars[v.id] as number })),
    me: myRole ? { role: myRole.id, goal: myRole.goal, need: myRole.need, cards: mine } : null,
    cards: others,
    needsNamed: s.needsNamed,
    solved: s.solved.map((id) => ({ id, title: sc.challenges.get(id)?.title ?? id })),
    decisions: s.decisions.map((r) => ({ ...r, label: choiceLabel(sc, r.decision, r.choice) })),
    pending: s.pending,
    risksFired: s.risksFired.map((id) => ({ id, text: parts.riskText.get(id) ?? id })),
    history: s.history,
    ending:
      s.ending && endingDef
        ? { id: endingDef.id, title: endingDef.title, outcome: endingDef.outcome, text: endingDef.text, score: s.ending.score, early: s.ending.early }
        : null,
    debrief: s.status === 'finished' ? { ...sc.def.debrief, challenges: sc.def.challenges } : null,
  };
}

/**
 * An event as a seat may see it, or null when the seat may not know it happened in that form.
 * A card shown privately to someone else becomes "X showed Y a card"; the random state never leaves the engine.
 */
export function eventFor(e: QuestEvent, seat: SeatRef, sc: CompiledScenario): QuestEvent | RedactedShare {
  switch (e.type) {
    case 'card_shared': {
      if (e.with === 'team') return e;
      const privileged =
        ('role' in seat && (seat.role === e.by || seat.role === e.with || seat.role === e.owner)) ||
        ('facilitator' in seat && sc.def.facilitator_sees_private);
      return privileged ? e : { type: 'card_shared_privately', at: e.at, by: e.by, with: e.with };
    }
    case 'risk_rolled': {
      const { rng: _rng, ...rest } = e;
      return rest as QuestEvent;
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

export interface RedactedShare {
  type: 'card_shared_privately';
  at: number;
  by: RoleId;
  with: RoleId;
}
