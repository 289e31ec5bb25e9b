// One quest's event log, reduced to what the metric families read: the turns taken by the people whose data may be
// used, the clock's phases (so time under deadline pressure or on a contested decision can be told apart), and the
// life of every proposal. Moves by bots, by covered seats and by anyone not taking part are left out here, once, so
// no family can count them by accident.
import type { Choice, QuestEvent, Risk, RoleId } from '../../../engine/index.ts';

/** The last minute before a discussion deadline counts as time under deadline pressure. */
export const PRESSURE_WINDOW_MS = 60_000;

export interface LoggedEvent {
  seq: number;
  event: QuestEvent;
  /** quest_events.actor: a player id, 'bot:<role>' or 'system'. A bot's move never counts as a person's. */
  actor?: string;
}

export interface ChallengeFacts {
  id: string;
  cards: readonly string[];
  /** The decision the challenge must be solved before. */
  before: string;
}

export interface QuestContext {
  /** The roles held by people who take part; everyone else's moves are left out. */
  people: readonly RoleId[];
  /** The scenario's hidden challenges. */
  challenges: readonly ChallengeFacts[];
}

export type TurnKind = 'statement' | 'question' | 'share' | 'need' | 'proposal' | 'amendment' | 'objection' | 'check_in';

/** A contribution to the conversation. Votes, supports and "ready" are clicks, not turns. */
export interface Turn {
  index: number;
  at: number;
  by: RoleId;
  kind: TurnKind;
  /** Questions addressed to one role. */
  to?: RoleId;
  /** Free text: messages, objection reasons and check-in notes. Only heuristic (text-derived) metrics read it. */
  text?: string;
  proposal?: string;
  decision?: string;
  /** In a discussion phase, within the last minute before its deadline. */
  pressure: boolean;
  /** While the decision on the table is contested: an objection stands or competing proposals are open. */
  contested: boolean;
  discussion: boolean;
  scene: number;
}

export interface Reaction {
  at: number;
  by: RoleId;
  proposal: string;
  kind: 'support' | 'vote_yes' | 'vote_no';
}

export interface Revision {
  at: number;
  by: RoleId;
  revision: number;
  choice: Choice;
  risks: readonly Risk[];
  bearers: readonly RoleId[];
  rationale: string;
}

export interface ProposalTrack {
  id: string;
  decision: string;
  author: RoleId;
  scene: number;
  revisions: Revision[];
  objections: { at: number; by: RoleId; reason: string; risk?: Risk; revision: number }[];
  /** Votes per revision: an amendment clears the votes, as in the engine. */
  votes: { at: number; by: RoleId; vote: 'yes' | 'no'; revision: number }[];
  supports: { at: number; by: RoleId }[];
}

export interface DecisionTrack {
  at: number;
  decision: string;
  scene: number;
  via: 'vote' | 'timeout' | 'facilitator';
  proposal?: string;
}

export interface QuestLog {
  people: readonly RoleId[];
  turns: Turn[];
  reactions: Reaction[];
  /** Every proposal, whoever made it: a bot's proposal can still be objected to by a person. */
  proposals: Map<string, ProposalTrack>;
  decisions: DecisionTrack[];
  cardShares: { at: number; by: RoleId; card: string; owner: RoleId; with: 'team' | RoleId; byPerson: boolean }[];
  solvedAt: Map<string, number>;
  checkIns: { at: number; by: RoleId; until: number; byPerson: boolean }[];
  challenges: readonly ChallengeFacts[];
  startedAt: number | null;
  endedAt: number | null;
  /** Time the clock ran (pauses left out), from the start to the end or the last event. */
  activeMs: number;
  discussionMs: number;
  pressureMs: number;
  contestedMs: number;
  /** How many scenes started. */
  scenes: number;
}

interface Clock {
  phase: 'briefing' | 'discussion' | 'consequences' | null;
  endsAt: number;
  paused: boolean;
  scene: number;
}

/** One string per choice, the same for the same option or the same set of backlog items in any order. */
export function choiceKey(c: Choice): string {
  return 'option' in c ? `option:${c.option}` : `items:${[...c.items].sort().join(',')}`;
}

export function sameChoice(a: Choice, b: Choice): boolean {
  return choiceKey(a) === choiceKey(b);
}

/** Reads the events in order; events out of seq order are sorted first, so a log read in any order gives one answer. */
export function readQuestLog(events: readonly LoggedEvent[], context: QuestContext): QuestLog {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const people = [...new Set(context.people)];
  const counted = new Set(people);
  const covered = new Set<RoleId>();
  const isPerson = (role: RoleId, actor: string | undefined) =>
    counted.has(role) && !covered.has(role) && !(actor?.startsWith('bot:') ?? false) && actor !== 'system';

  const log: QuestLog = {
    people,
    turns: [],
    reactions: [],
    proposals: new Map(),
    decisions: [],
    cardShares: [],
    solvedAt: new Map(),
    checkIns: [],
    challenges: context.challenges,
    startedAt: null,
    endedAt: null,
    activeMs: 0,
    discussionMs: 0,
    pressureMs: 0,
    contestedMs: 0,
    scenes: 0,
  };
  const clock: Clock = { phase: null, endsAt: 0, paused: false, scene: -1 };
  // Open proposals of the scene on the table, and whether any stands objected to: a contested decision.
  const open = new Map<string, ProposalTrack>();
  const objected = new Set<string>();
  const contested = () => objected.size > 0 || distinctChoices(open) >= 2;
  let lastAt: number | null = null;

  const advance = (to: number) => {
    if (lastAt === null || log.startedAt === null || log.endedAt !== null) {
      lastAt = to;
      return;
    }
    const from = lastAt;
    if (to > from && !clock.paused) {
      log.activeMs += to - from;
      if (clock.phase === 'discussion') {
        log.discussionMs += to - from;
        const pStart = Math.max(from, clock.endsAt - PRESSURE_WINDOW_MS);
        const pEnd = Math.min(to, clock.endsAt);
        if (pEnd > pStart) log.pressureMs += pEnd - pStart;
        if (contested()) log.contestedMs += to - from;
      }
    }
    lastAt = Math.max(from, to);
  };

  const turn = (t: Omit<Turn, 'index' | 'pressure' | 'contested' | 'discussion' | 'scene'>) => {
    const discussion = clock.phase === 'discussion' && !clock.paused;
    log.turns.push({
      ...t,
      index: log.turns.length,
      discussion,
      pressure: discussion && clock.endsAt - t.at <= PRESSURE_WINDOW_MS && clock.endsAt >= t.at,
      contested: discussion && contested(),
      scene: Math.max(0, clock.scene),
    });
  };

  for (const { event: e, actor } of ordered) {
    advance(e.at);
    switch (e.type) {
      case 'quest_started':
        log.startedAt = e.at;
        lastAt = e.at;
        break;
      case 'scene_started':
        clock.phase = 'briefing';
        clock.endsAt = e.endsAt;
        clock.scene = e.index;
        log.scenes = Math.max(log.scenes, e.index + 1);
        open.clear();
        objected.clear();
        break;
      case 'phase_changed':
        clock.phase = e.phase;
        clock.endsAt = e.endsAt;
        break;
      case 'check_in_called':
        clock.endsAt = e.phaseEndsAt;
        log.checkIns.push({ at: e.at, by: e.by, until: e.until, byPerson: isPerson(e.by, actor) });
        if (isPerson(e.by, actor)) turn({ at: e.at, by: e.by, kind: 'check_in', text: e.note });
        break;
      case 'timer_extended':
        if (!clock.paused) clock.endsAt = e.phaseEndsAt;
        else clock.endsAt += e.seconds * 1000;
        break;
      case 'quest_paused':
        clock.paused = true;
        break;
      case 'quest_resumed':
        clock.paused = false;
        clock.endsAt = e.phaseEndsAt;
        break;
      case 'seat_covered':
        covered.add(e.role);
        break;
      case 'seat_released':
        covered.delete(e.role);
        break;
      case 'message_sent':
        if (isPerson(e.by, actor)) {
          turn({ at: e.at, by: e.by, kind: e.kind, text: e.text, ...(e.to ? { to: e.to } : {}) });
        }
        break;
      case 'card_shared': {
        const byPerson = isPerson(e.by, actor);
        log.cardShares.push({ at: e.at, by: e.by, card: e.card, owner: e.owner, with: e.with, byPerson });
        if (byPerson) turn({ at: e.at, by: e.by, kind: 'share' });
        break;
      }
      case 'challenge_solved':
        if (!log.solvedAt.has(e.challenge)) log.solvedAt.set(e.challenge, e.at);
        break;
      case 'need_named':
        if (isPerson(e.by, actor)) turn({ at: e.at, by: e.by, kind: 'need' });
        break;
      case 'proposal_made': {
        const p: ProposalTrack = {
          id: e.id,
          decision: e.decision,
          author: e.by,
          scene: Math.max(0, clock.scene),
          revisions: [
            { at: e.at, by: e.by, revision: 1, choice: e.choice, risks: e.risks, bearers: e.bearers, rationale: e.rationale },
          ],
          objections: [],
          votes: [],
          supports: [],
        };
        log.proposals.set(e.id, p);
        if (isPerson(e.by, actor)) turn({ at: e.at, by: e.by, kind: 'proposal', proposal: e.id, decision: e.decision });
        open.set(e.id, p);
        break;
      }
      case 'proposal_amended': {
        const p = log.proposals.get(e.id);
        if (!p) break;
        p.revisions.push({
          at: e.at,
          by: e.by,
          revision: e.revision,
          choice: e.choice,
          risks: e.risks,
          bearers: e.bearers,
          rationale: e.rationale,
        });
        if (isPerson(e.by, actor)) turn({ at: e.at, by: e.by, kind: 'amendment', proposal: e.id, decision: p.decision });
        // An amendment answers the objections to the revision before it: the proposal is contested again only if
        // someone objects to the new revision.
        objected.delete(e.id);
        break;
      }
      case 'proposal_supported': {
        const p = log.proposals.get(e.id);
        if (!p) break;
        p.supports.push({ at: e.at, by: e.by });
        if (isPerson(e.by, actor)) log.reactions.push({ at: e.at, by: e.by, proposal: e.id, kind: 'support' });
        break;
      }
      case 'proposal_objected': {
        const p = log.proposals.get(e.id);
        if (!p) break;
        const revision = p.revisions[p.revisions.length - 1]?.revision ?? 1;
        p.objections.push({ at: e.at, by: e.by, reason: e.reason, revision, ...(e.risk ? { risk: e.risk } : {}) });
        if (isPerson(e.by, actor)) {
          turn({ at: e.at, by: e.by, kind: 'objection', text: e.reason, proposal: e.id, decision: p.decision });
        }
        objected.add(e.id);
        break;
      }
      case 'vote_cast': {
        const p = log.proposals.get(e.id);
        if (!p) break;
        const revision = p.revisions[p.revisions.length - 1]?.revision ?? 1;
        p.votes.push({ at: e.at, by: e.by, vote: e.vote, revision });
        if (isPerson(e.by, actor)) {
          log.reactions.push({ at: e.at, by: e.by, proposal: e.id, kind: e.vote === 'yes' ? 'vote_yes' : 'vote_no' });
        }
        break;
      }
      case 'decision_made':
        log.decisions.push({
          at: e.at,
          decision: e.decision,
          scene: Math.max(0, clock.scene),
          via: e.via,
          ...(e.proposal ? { proposal: e.proposal } : {}),
        });
        open.clear();
        objected.clear();
        break;
      case 'quest_ended':
        log.endedAt = e.at;
        break;
      default:
        break;
    }
  }
  return log;
}

function distinctChoices(open: Map<string, ProposalTrack>): number {
  const seen: Choice[] = [];
  for (const p of open.values()) {
    const c = p.revisions[p.revisions.length - 1]?.choice;
    if (c && !seen.some((s) => sameChoice(s, c))) seen.push(c);
  }
  return seen.length;
}

/** The proposal's revision in force at a moment: the last one written at or before it. */
export function revisionAt(p: ProposalTrack, at: number): Revision | undefined {
  let current: Revision | undefined;
  for (const r of p.revisions) if (r.at <= at) current = r;
  return current;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
