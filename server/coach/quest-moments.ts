// One person's quest, read off the event log: their own moves as quotable moments (with scene and time), the
// context of each scene as everyone saw it (heat, check-ins, how the decision was made), and counts of the
// behaviour the framework cares about. Only what this seat could see during the quest is read: another role's
// private card never enters a record, even though the engine reveals every card once the quest has ended.
import {
  type CompiledScenario,
  choiceLabel,
  type Need,
  type QuestEvent,
  type Risk,
  type RoleId,
  renderTemplate,
} from '../../engine/index.ts';

export type MomentKind =
  | 'message'
  | 'question'
  | 'share'
  | 'need'
  | 'proposal'
  | 'amendment'
  | 'support'
  | 'objection'
  | 'vote'
  | 'check_in';

export interface Moment {
  kind: MomentKind;
  /** Milliseconds since the quest started. */
  at: number;
  sceneIndex: number;
  scene: string;
  /** The person's own words, when the move carried any. */
  words?: string;
  /** What the move was about: a choice, a card title, a need. */
  subject?: string;
  risks?: Risk[];
  /** Names of the roles the person said bear the consequences. */
  bearers?: string[];
  vote?: 'yes' | 'no';
  /** Whom a question or a private share went to. */
  to?: string;
  /** An amendment of a proposal someone else wrote. */
  bridging?: boolean;
  /** Said while a check-in was running. */
  inCheckIn?: boolean;
  /** A check-in called after objections had started to pile up in the scene. */
  afterHeat?: boolean;
  /** The proposal a proposal, amendment, support, objection or vote was about. */
  proposal?: string;
  /** Tech-debt items in a proposed plan. */
  debtItems?: string[];
  /** A need named for oneself (true) or for someone else (false). */
  ofSelf?: boolean;
}

export interface SceneRecord {
  index: number;
  title: string;
  startedAt: number;
  /** When the second objection of the scene was raised: the point where it started to heat up. */
  heatAt: number | null;
  objections: number;
  checkIn: { byMe: boolean; at: number } | null;
  decision: {
    prompt: string;
    label: string;
    via: 'vote' | 'timeout' | 'facilitator';
    at: number;
    /** The person proposed or reworked a proposal for this decision. */
    iProposed: boolean;
    /** The person voted yes on the proposal that carried. */
    iBacked: boolean;
  } | null;
  /** Any move of the person's own in the scene, besides saying they are ready. */
  iTookPart: boolean;
}

export interface BehaviourSignals {
  messages: number;
  questions: number;
  proposals: number;
  amendments: number;
  bridges: number;
  supports: number;
  objections: number;
  objectionsWithRisk: number;
  risksNamed: number;
  risksPriced: number;
  proposalsWithBearers: number;
  shares: number;
  cardsHeld: number;
  cardsKeptBack: number;
  needsOwn: number;
  needsOthers: number;
  checkIns: number;
  checkInsWhenHeated: number;
  talkDuringCheckIns: number;
  heatedScenes: number;
  votesYes: number;
  votesNo: number;
  repeatedWords: number;
  proposalsBeforeListening: number;
  debtItemsProposed: number;
  decisionsByVote: number;
  decisionsByTimeout: number;
  scenes: number;
}

export interface PersonalQuestRecord {
  role: RoleId;
  roleName: string;
  roleTitle: string;
  ownNeed: Need;
  scenarioId: string;
  scenarioTitle: string;
  moments: Moment[];
  scenes: SceneRecord[];
  /** Titles of the person's own intel cards that never left their hand. */
  keptBack: string[];
  /** Own moments that restate words already said earlier in the same scene (the same sentence again). */
  repeats: Moment[];
  /** Proposals made in a scene before the person had asked anything or shared anything. */
  proposedBeforeListening: Moment[];
  signals: BehaviourSignals;
}

export interface QuestLog {
  scenario: CompiledScenario;
  events: readonly QuestEvent[];
  /** The quest's variables at the end, for titles written with {placeholders}; the scenario's initial ones otherwise. */
  vars?: Record<string, number | string>;
}

interface TrackedProposal {
  author: RoleId;
  decision: string;
  label: string;
}

export class QuestLogError extends Error {}

const normalise = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export function readQuestFor(log: QuestLog, role: RoleId): PersonalQuestRecord {
  const sc = log.scenario;
  const roleDef = sc.roles.get(role);
  if (!roleDef) throw new QuestLogError(`'${role}' is not a role in ${sc.id}`);
  const vars = log.vars ?? Object.fromEntries(Object.entries(sc.def.vars).map(([k, v]) => [k, v.initial]));
  const name = (r: RoleId) => sc.roles.get(r)?.name ?? r;
  const startedAt = log.events.find((e) => e.type === 'quest_started')?.at ?? log.events[0]?.at ?? 0;

  const moments: Moment[] = [];
  const scenes: SceneRecord[] = [];
  const proposals = new Map<string, TrackedProposal>();
  const sharedCards = new Set<string>();
  const said = new Set<string>();
  const repeats: Moment[] = [];
  const proposedBeforeListening: Moment[] = [];
  let scene: SceneRecord | null = null;
  let checkInUntil: number | null = null;
  let listenedInScene = false;

  const push = (m: Omit<Moment, 'at' | 'sceneIndex' | 'scene'>, at: number): Moment => {
    const moment: Moment = { ...m, at: at - startedAt, sceneIndex: scene?.index ?? 0, scene: scene?.title ?? sc.def.title };
    moments.push(moment);
    if (scene) scene.iTookPart = true;
    // Saying the same thing again in the same scene is restating a position; what is said in a check-in is not.
    if (moment.words && !moment.inCheckIn && moment.kind !== 'check_in') {
      const key = `${moment.sceneIndex}:${moment.kind === 'objection' ? 'object' : 'say'}:${normalise(moment.words)}`;
      if (said.has(key)) repeats.push(moment);
      said.add(key);
    }
    return moment;
  };
  const cardTitle = (id: string) => {
    const card = sc.cards.get(id);
    return card ? renderTemplate(card.title, vars) : id;
  };
  const debtItemsOf = (decision: string, choice: { items: string[] } | { option: string }) => {
    if (!('items' in choice)) return [];
    const d = sc.decisions.get(decision);
    return choice.items
      .map((id) => d?.choices.get(id))
      .filter((c) => c?.kind === 'debt')
      .map((c) => c?.label ?? '');
  };

  for (const e of log.events) {
    switch (e.type) {
      case 'scene_started': {
        const def = sc.scenes[e.index];
        scene = {
          index: e.index,
          title: def ? renderTemplate(def.title, vars) : e.scene,
          startedAt: e.at - startedAt,
          heatAt: null,
          objections: 0,
          checkIn: null,
          decision: null,
          iTookPart: false,
        };
        scenes.push(scene);
        listenedInScene = false;
        checkInUntil = null;
        break;
      }
      case 'message_sent':
        if (e.by === role) {
          const inCheckIn = checkInUntil !== null && e.at <= checkInUntil;
          const to = e.to ? name(e.to) : undefined;
          push({ kind: e.kind === 'question' ? 'question' : 'message', words: e.text, to, inCheckIn }, e.at);
          if (e.kind === 'question') listenedInScene = true;
        }
        break;
      case 'card_shared': {
        // Only shares this seat saw in full: its own, and shares with the team or with it.
        if (e.with === 'team' || e.with === role || e.by === role || e.owner === role) sharedCards.add(e.card);
        if (e.by === role) {
          push({ kind: 'share', subject: cardTitle(e.card), to: e.with === 'team' ? undefined : name(e.with) }, e.at);
          listenedInScene = true;
        }
        break;
      }
      case 'need_named':
        if (e.by === role) {
          push({ kind: 'need', subject: e.need, ofSelf: e.of === role, to: e.of === role ? undefined : name(e.of) }, e.at);
          listenedInScene = true;
        }
        break;
      case 'proposal_made': {
        const label = choiceLabel(sc, e.decision, e.choice);
        proposals.set(e.id, { author: e.by, decision: e.decision, label });
        if (e.by === role) {
          const m = push(
            {
              kind: 'proposal',
              proposal: e.id,
              subject: label,
              words: e.rationale || undefined,
              risks: e.risks,
              bearers: e.bearers.map(name),
              debtItems: debtItemsOf(e.decision, e.choice),
            },
            e.at,
          );
          if (!listenedInScene) proposedBeforeListening.push(m);
        }
        break;
      }
      case 'proposal_amended': {
        const p = proposals.get(e.id);
        const decision = p?.decision ?? '';
        const label = decision ? choiceLabel(sc, decision, e.choice) : e.id;
        if (e.by === role) {
          push(
            {
              kind: 'amendment',
              proposal: e.id,
              subject: label,
              words: e.rationale || undefined,
              risks: e.risks,
              bearers: e.bearers.map(name),
              bridging: p ? p.author !== role : false,
              debtItems: decision ? debtItemsOf(decision, e.choice) : [],
            },
            e.at,
          );
        }
        if (p) proposals.set(e.id, { ...p, label });
        break;
      }
      case 'proposal_supported':
        if (e.by === role) push({ kind: 'support', proposal: e.id, subject: proposals.get(e.id)?.label ?? e.id }, e.at);
        break;
      case 'proposal_objected':
        if (scene) {
          scene.objections++;
          if (scene.objections === 2) scene.heatAt = e.at - startedAt;
        }
        if (e.by === role) {
          const subject = proposals.get(e.id)?.label ?? e.id;
          push({ kind: 'objection', proposal: e.id, subject, words: e.reason, risks: e.risk ? [e.risk] : [] }, e.at);
        }
        break;
      case 'vote_cast':
        if (e.by === role)
          push({ kind: 'vote', proposal: e.id, vote: e.vote, subject: proposals.get(e.id)?.label ?? e.id }, e.at);
        break;
      case 'check_in_called':
        checkInUntil = e.until;
        if (scene) scene.checkIn = { byMe: e.by === role, at: e.at - startedAt };
        if (e.by === role) {
          const afterHeat = scene?.heatAt !== null && scene?.heatAt !== undefined && scene.heatAt <= e.at - startedAt;
          push({ kind: 'check_in', words: e.note || undefined, afterHeat }, e.at);
        }
        break;
      case 'check_in_ended':
        checkInUntil = null;
        break;
      case 'decision_made': {
        if (!scene) break;
        const def = sc.decisions.get(e.decision)?.def;
        const accepted = e.proposal;
        const mine = moments.filter((m) => m.sceneIndex === scene?.index);
        const lastVote = mine.filter((m) => m.kind === 'vote' && m.proposal === accepted).pop();
        scene.decision = {
          prompt: def?.prompt ?? e.decision,
          label: choiceLabel(sc, e.decision, e.choice),
          via: e.via,
          at: e.at - startedAt,
          iProposed: mine.some((m) => m.kind === 'proposal' || m.kind === 'amendment'),
          iBacked: accepted !== undefined && lastVote?.vote === 'yes',
        };
        break;
      }
      default:
        break;
    }
  }

  const ownCards = [...sc.cards.values()].filter((c) => c.owner === role);
  const keptBack = ownCards.filter((c) => !sharedCards.has(c.def.id)).map((c) => renderTemplate(c.title, vars));
  return {
    role,
    roleName: roleDef.name,
    roleTitle: roleDef.title,
    ownNeed: roleDef.need,
    scenarioId: sc.id,
    scenarioTitle: sc.def.title,
    moments,
    scenes,
    keptBack,
    repeats,
    proposedBeforeListening,
    signals: signalsOf(moments, scenes, ownCards.length, keptBack.length, repeats.length, proposedBeforeListening.length),
  };
}

const priced = (r: Risk) => r.probability > 0 && r.cost > 0;

function signalsOf(
  moments: Moment[],
  scenes: SceneRecord[],
  cardsHeld: number,
  cardsKeptBack: number,
  repeatedWords: number,
  proposalsBeforeListening: number,
): BehaviourSignals {
  const count = (f: (m: Moment) => boolean) => moments.filter(f).length;
  const proposing = (m: Moment) => m.kind === 'proposal' || m.kind === 'amendment';
  return {
    messages: count((m) => m.kind === 'message' || m.kind === 'question'),
    questions: count((m) => m.kind === 'question'),
    proposals: count((m) => m.kind === 'proposal'),
    amendments: count((m) => m.kind === 'amendment'),
    bridges: count((m) => m.kind === 'amendment' && m.bridging === true),
    supports: count((m) => m.kind === 'support'),
    objections: count((m) => m.kind === 'objection'),
    objectionsWithRisk: count((m) => m.kind === 'objection' && (m.risks?.length ?? 0) > 0),
    risksNamed: moments.reduce((n, m) => n + (m.risks?.length ?? 0), 0),
    risksPriced: moments.reduce((n, m) => n + (m.risks?.filter(priced).length ?? 0), 0),
    proposalsWithBearers: count((m) => proposing(m) && (m.bearers?.length ?? 0) > 0),
    shares: count((m) => m.kind === 'share'),
    cardsHeld,
    cardsKeptBack,
    needsOwn: count((m) => m.kind === 'need' && m.ofSelf === true),
    needsOthers: count((m) => m.kind === 'need' && m.ofSelf === false),
    checkIns: count((m) => m.kind === 'check_in'),
    checkInsWhenHeated: count((m) => m.kind === 'check_in' && m.afterHeat === true),
    talkDuringCheckIns: count((m) => m.inCheckIn === true),
    heatedScenes: scenes.filter((s) => s.heatAt !== null).length,
    votesYes: count((m) => m.kind === 'vote' && m.vote === 'yes'),
    votesNo: count((m) => m.kind === 'vote' && m.vote === 'no'),
    repeatedWords,
    proposalsBeforeListening,
    debtItemsProposed: moments.reduce((n, m) => n + (proposing(m) ? (m.debtItems?.length ?? 0) : 0), 0),
    decisionsByVote: scenes.filter((s) => s.decision?.via === 'vote').length,
    decisionsByTimeout: scenes.filter((s) => s.decision?.via === 'timeout').length,
    scenes: scenes.length,
  };
}

/** Every card this seat could read while the quest ran: its own and those shown to it or to the team. */
export function cardsSeenBy(log: QuestLog, role: RoleId): Set<string> {
  const seen = new Set([...log.scenario.cards.values()].filter((c) => c.owner === role).map((c) => c.def.id));
  for (const e of log.events) {
    if (e.type === 'card_shared' && (e.with === 'team' || e.with === role || e.by === role)) seen.add(e.card);
  }
  return seen;
}
