// What happened in a quest, in the past tense. Events carry everything evolve() needs, so replay never
// re-evaluates a formula or re-rolls a die; they are also the raw material of insights and the coach.

import type { Choice, Phase, Risk, RoleId } from './quest-state.ts';
import type { MetricId, Need } from './scenario-schema.ts';

export type Cause =
  | { kind: 'decision'; decision: string; label: string }
  | { kind: 'timeout'; decision: string; label: string }
  | { kind: 'risk'; risk: string; label: string }
  | { kind: 'delayed'; key: string; label: string }
  | { kind: 'scene'; scene: string; label: string }
  | { kind: 'plan'; decision: string; label: string };

export type QuestEvent =
  | { type: 'quest_started'; at: number }
  | { type: 'scene_started'; at: number; scene: string; index: number; endsAt: number }
  | { type: 'phase_changed'; at: number; phase: Phase; endsAt: number }
  | {
      type: 'message_sent';
      at: number;
      by: RoleId;
      kind: 'statement' | 'question';
      text: string;
      via: 'text' | 'voice';
      to?: RoleId;
    }
  | { type: 'card_shared'; at: number; by: RoleId; card: string; owner: RoleId; with: 'team' | RoleId }
  | { type: 'challenge_solved'; at: number; challenge: string }
  | { type: 'need_named'; at: number; by: RoleId; need: Need; of: RoleId }
  | {
      type: 'proposal_made';
      at: number;
      id: string;
      by: RoleId;
      decision: string;
      choice: Choice;
      risks: Risk[];
      bearers: RoleId[];
      rationale: string;
    }
  | {
      type: 'proposal_amended';
      at: number;
      id: string;
      by: RoleId;
      revision: number;
      choice: Choice;
      risks: Risk[];
      bearers: RoleId[];
      rationale: string;
    }
  | { type: 'proposal_supported'; at: number; id: string; by: RoleId }
  | { type: 'proposal_objected'; at: number; id: string; by: RoleId; reason: string; risk?: Risk }
  | { type: 'vote_cast'; at: number; id: string; by: RoleId; vote: 'yes' | 'no' }
  | { type: 'check_in_called'; at: number; by: RoleId; note: string; until: number; phaseEndsAt: number }
  | { type: 'check_in_ended'; at: number }
  | { type: 'player_ready'; at: number; by: RoleId }
  | {
      type: 'decision_made';
      at: number;
      decision: string;
      choice: Choice;
      via: 'vote' | 'timeout' | 'facilitator';
      proposal?: string;
    }
  | {
      type: 'world_changed';
      at: number;
      cause: Cause;
      metrics: Partial<Record<MetricId, number>>;
      vars: Record<string, number>;
    }
  | { type: 'risk_rolled'; at: number; risk: string; text: string; chance: number; fired: boolean; rng: number }
  | { type: 'consequence_scheduled'; at: number; key: string; dueScene: number; text: string }
  | { type: 'consequence_came_due'; at: number; key: string; text: string }
  | { type: 'quest_paused'; at: number; remainingMs: number }
  | { type: 'quest_resumed'; at: number; phaseEndsAt: number }
  | { type: 'timer_extended'; at: number; seconds: number; phaseEndsAt: number }
  | { type: 'seat_covered'; at: number; role: RoleId; persona: string }
  | { type: 'seat_released'; at: number; role: RoleId }
  | { type: 'quest_ended'; at: number; ending: string; score: number; early: boolean };

export type QuestEventType = QuestEvent['type'];

export interface Rejection {
  ok: false;
  code: 'invalid' | 'not_allowed' | 'wrong_phase' | 'not_found' | 'conflict' | 'finished' | 'too_early';
  reason: string;
}

export type Decided = { ok: true; events: QuestEvent[] } | Rejection;
