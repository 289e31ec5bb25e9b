// Test support: quest event logs written by hand, a line per move, with times in seconds. Events go in as the
// engine would emit them; the builder numbers them and stamps milliseconds.
import type { Choice, QuestEvent, Risk } from '../../../engine/index.ts';
import type { LoggedEvent } from './quest-log.ts';

const s = (seconds: number) => Math.round(seconds * 1000);

export class TestLog {
  readonly events: LoggedEvent[] = [];
  private proposals = 0;
  private revisions = new Map<string, number>();

  private push(event: QuestEvent, actor?: string): this {
    this.events.push({ seq: this.events.length + 1, event, ...(actor ? { actor } : {}) });
    return this;
  }

  start(at = 0, sceneEndsAt = 60): this {
    this.push({ type: 'quest_started', at: s(at) });
    return this.scene(at, 0, sceneEndsAt);
  }

  scene(at: number, index: number, endsAt: number): this {
    return this.push({ type: 'scene_started', at: s(at), scene: `scene_${index}`, index, endsAt: s(endsAt) });
  }

  discussion(at: number, endsAt: number): this {
    return this.push({ type: 'phase_changed', at: s(at), phase: 'discussion', endsAt: s(endsAt) });
  }

  consequences(at: number, endsAt: number): this {
    return this.push({ type: 'phase_changed', at: s(at), phase: 'consequences', endsAt: s(endsAt) });
  }

  say(at: number, by: string, text = 'ok', actor?: string): this {
    return this.push({ type: 'message_sent', at: s(at), by, kind: 'statement', text, via: 'text' }, actor);
  }

  ask(at: number, by: string, text = 'what do you think?', to?: string): this {
    return this.push({ type: 'message_sent', at: s(at), by, kind: 'question', text, via: 'text', ...(to ? { to } : {}) });
  }

  share(at: number, by: string, card: string, withWhom: 'team' | string = 'team'): this {
    return this.push({ type: 'card_shared', at: s(at), by, card, owner: by, with: withWhom });
  }

  solved(at: number, challenge: string): this {
    return this.push({ type: 'challenge_solved', at: s(at), challenge });
  }

  need(at: number, by: string): this {
    return this.push({ type: 'need_named', at: s(at), by, need: 'craft', of: by });
  }

  /** Returns the builder; the new proposal's id is p1, p2, … in order. */
  propose(
    at: number,
    by: string,
    decision: string,
    opts: { choice?: Choice; risks?: Risk[]; bearers?: string[]; rationale?: string } = {},
  ): this {
    const id = `p${++this.proposals}`;
    this.revisions.set(id, 1);
    return this.push({
      type: 'proposal_made',
      at: s(at),
      id,
      by,
      decision,
      choice: opts.choice ?? { option: 'a' },
      risks: opts.risks ?? [],
      bearers: opts.bearers ?? [],
      rationale: opts.rationale ?? 'because',
    });
  }

  amend(
    at: number,
    by: string,
    id: string,
    opts: { choice?: Choice; risks?: Risk[]; bearers?: string[]; rationale?: string } = {},
  ): this {
    const revision = (this.revisions.get(id) ?? 1) + 1;
    this.revisions.set(id, revision);
    return this.push({
      type: 'proposal_amended',
      at: s(at),
      id,
      by,
      revision,
      choice: opts.choice ?? { option: 'a' },
      risks: opts.risks ?? [],
      bearers: opts.bearers ?? [],
      rationale: opts.rationale ?? 'because',
    });
  }

  support(at: number, by: string, id: string): this {
    return this.push({ type: 'proposal_supported', at: s(at), id, by });
  }

  object(at: number, by: string, id: string, reason = 'it will break under load', risk?: Risk): this {
    return this.push({ type: 'proposal_objected', at: s(at), id, by, reason, ...(risk ? { risk } : {}) });
  }

  vote(at: number, by: string, id: string, vote: 'yes' | 'no' = 'yes'): this {
    return this.push({ type: 'vote_cast', at: s(at), id, by, vote });
  }

  decide(at: number, decision: string, via: 'vote' | 'timeout' | 'facilitator' = 'vote', proposal?: string): this {
    return this.push({
      type: 'decision_made',
      at: s(at),
      decision,
      choice: { option: 'a' },
      via,
      ...(proposal ? { proposal } : {}),
    });
  }

  checkIn(at: number, by: string, seconds = 60, phaseEndsAt = 600): this {
    return this.push({ type: 'check_in_called', at: s(at), by, note: '', until: s(at + seconds), phaseEndsAt: s(phaseEndsAt) });
  }

  pause(at: number, remaining = 100): this {
    return this.push({ type: 'quest_paused', at: s(at), remainingMs: s(remaining) });
  }

  resume(at: number, phaseEndsAt: number): this {
    return this.push({ type: 'quest_resumed', at: s(at), phaseEndsAt: s(phaseEndsAt) });
  }

  cover(at: number, role: string): this {
    return this.push({ type: 'seat_covered', at: s(at), role, persona: 'quiet' });
  }

  end(at: number): this {
    return this.push({ type: 'quest_ended', at: s(at), ending: 'done', score: 50, early: false });
  }
}

export const RISK: Risk = { text: 'the queue falls over on Monday', probability: 0.3, cost: 40_000 };
