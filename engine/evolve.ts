// evolve(state, event) -> state. No rule lives here: events already say what changed, so replay is a fold
// of cheap object updates (measured by `npm run bench`).
import type { QuestEvent } from './events.ts';
import type { Proposal, QuestState } from './quest-state.ts';
import type { MetricId } from './scenario-schema.ts';

function withProposal(s: QuestState, id: string, f: (p: Proposal) => Proposal): Proposal[] {
  return s.proposals.map((p) => (p.id === id ? f(p) : p));
}

/**
 * The next state, field by field. A literal rather than a spread: every state then shares one object shape, where
 * a spread site that has seen states of many shapes (snapshots from JSON, quests of other scenarios) falls back
 * to a slow generic copy. TypeScript checks that no field is forgotten.
 */
function next(state: QuestState, at: number): QuestState {
  return {
    schema: state.schema,
    scenarioId: state.scenarioId,
    scenarioHash: state.scenarioHash,
    seed: state.seed,
    rng: state.rng,
    version: state.version + 1,
    clock: Math.max(at, state.clock),
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
    ending: state.ending,
  };
}

export function evolve(state: QuestState, e: QuestEvent): QuestState {
  const s = next(state, e.at);
  switch (e.type) {
    case 'message_sent':
    case 'consequence_came_due':
      if (e.type === 'consequence_came_due') s.pending = s.pending.filter((p) => p.key !== e.key);
      return s;
    case 'quest_started':
      s.status = 'running';
      return s;
    case 'scene_started':
      s.scene = {
        id: e.scene,
        index: e.index,
        phase: 'briefing',
        startedAt: e.at,
        phaseEndsAt: e.endsAt,
        checkInUsed: false,
        checkIn: null,
        ready: [],
      };
      s.proposals = [];
      s.history = [...s.history, { at: e.at, scene: e.index, label: `start of ${e.scene}`, metrics: s.metrics }];
      return s;
    case 'phase_changed':
      if (s.scene) s.scene = { ...s.scene, phase: e.phase, phaseEndsAt: e.endsAt, ready: [], checkIn: null };
      return s;
    case 'card_shared': {
      const prev = s.shared[e.card];
      const next = e.with === 'team' ? 'team' : [...(Array.isArray(prev) ? prev : []), e.with];
      s.shared = { ...s.shared, [e.card]: next };
      return s;
    }
    case 'challenge_solved':
      s.solved = [...s.solved, e.challenge];
      return s;
    case 'need_named':
      s.needsNamed = [...s.needsNamed, { by: e.by, need: e.need, of: e.of }];
      return s;
    case 'proposal_made':
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
          status: 'open',
          at: e.at,
        },
      ];
      s.nextProposal = s.nextProposal + 1;
      return s;
    case 'proposal_amended':
      s.proposals = withProposal(s, e.id, (p) => ({
        ...p,
        revision: e.revision,
        amendedBy: [...p.amendedBy, e.by],
        choice: e.choice,
        risks: e.risks,
        bearers: e.bearers,
        rationale: e.rationale,
        supports: [],
        votes: {},
      }));
      return s;
    case 'proposal_supported':
      s.proposals = withProposal(s, e.id, (p) => ({ ...p, supports: [...p.supports, e.by] }));
      return s;
    case 'proposal_objected':
      s.proposals = withProposal(s, e.id, (p) => ({
        ...p,
        supports: p.supports.filter((r) => r !== e.by),
        objections: [...p.objections, { role: e.by, reason: e.reason, revision: p.revision }],
      }));
      return s;
    case 'vote_cast':
      s.proposals = withProposal(s, e.id, (p) => ({ ...p, votes: { ...p.votes, [e.by]: e.vote } }));
      return s;
    case 'check_in_called':
      if (s.scene) s.scene = { ...s.scene, checkInUsed: true, checkIn: { by: e.by, until: e.until }, phaseEndsAt: e.phaseEndsAt };
      s.checkIns = s.checkIns + 1;
      return s;
    case 'check_in_ended':
      if (s.scene) s.scene = { ...s.scene, checkIn: null };
      return s;
    case 'player_ready':
      if (s.scene) s.scene = { ...s.scene, ready: [...s.scene.ready, e.by] };
      return s;
    case 'decision_made':
      s.decisions = [
        ...s.decisions,
        { decision: e.decision, scene: s.scene?.id ?? '', choice: e.choice, via: e.via, proposal: e.proposal, at: e.at },
      ];
      s.proposals = s.proposals.map((p) => ({ ...p, status: p.id === e.proposal ? 'accepted' : 'superseded' }));
      return s;
    case 'world_changed': {
      const metrics = { ...s.metrics };
      for (const k in e.metrics) metrics[k as MetricId] = e.metrics[k as MetricId] as number;
      s.metrics = metrics;
      s.vars = { ...s.vars, ...e.vars };
      return s;
    }
    case 'risk_rolled':
      s.rng = e.rng;
      if (e.fired) s.risksFired = [...s.risksFired, e.risk];
      return s;
    case 'consequence_scheduled':
      s.pending = [...s.pending, { key: e.key, dueScene: e.dueScene, text: e.text }];
      return s;
    case 'quest_paused':
      s.status = 'paused';
      s.pausedRemainingMs = e.remainingMs;
      return s;
    case 'quest_resumed':
      s.status = 'running';
      s.pausedRemainingMs = null;
      if (s.scene) s.scene = { ...s.scene, phaseEndsAt: e.phaseEndsAt };
      return s;
    case 'timer_extended':
      if (s.status === 'paused') s.pausedRemainingMs = (s.pausedRemainingMs ?? 0) + e.seconds * 1000;
      else if (s.scene) s.scene = { ...s.scene, phaseEndsAt: e.phaseEndsAt };
      return s;
    case 'seat_covered':
      s.seats = s.seats.map((x) => (x.role === e.role ? { ...x, kind: 'bot', persona: e.persona, covered: true } : x));
      return s;
    case 'seat_released':
      s.seats = s.seats.map((x) => (x.role === e.role ? { role: x.role, kind: 'human' } : x));
      return s;
    case 'quest_ended':
      s.status = 'finished';
      s.ending = { id: e.ending, score: e.score, at: e.at, early: e.early };
      s.history = [...s.history, { at: e.at, scene: s.scene?.index ?? 0, label: 'end', metrics: s.metrics }];
      return s;
  }
}
