// A simulated quest as people would read it: minute:second, who, what happened in plain words, what it did to the
// world. Built from the event log alone, so it reads the same for a simulation and a stored quest.
import {
  type Choice,
  type CompiledScenario,
  METRICS,
  type MetricId,
  type QuestEvent,
  type Risk,
  type Seat,
} from '../engine/index.ts';

export function clockLabel(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2);
}

function signed(n: number): string {
  const r = Math.round(n * 100) / 100;
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${formatNumber(Math.abs(r))}`;
}

function percent(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}

export class TranscriptWriter {
  private readonly metrics: Record<string, number>;
  private readonly vars: Record<string, number>;
  private readonly labels = new Map<string, string>();
  private readonly proposals = new Map<string, string>();

  constructor(
    private readonly scenario: CompiledScenario,
    private readonly startAt = 0,
  ) {
    this.metrics = { ...scenario.initialMetrics };
    this.vars = Object.fromEntries(Object.entries(scenario.def.vars).map(([k, v]) => [k, v.initial]));
    for (const d of scenario.decisions.values())
      for (const c of d.choices.values()) this.labels.set(`${d.def.id}/${c.id}`, c.label);
  }

  private who(role: string): string {
    return this.scenario.roles.get(role)?.name ?? role;
  }

  private choice(decision: string, c: Choice): string {
    const ids = 'option' in c ? [c.option] : c.items;
    return ids.map((id) => `"${this.labels.get(`${decision}/${id}`) ?? id}"`).join(' + ');
  }

  private risks(risks: Risk[]): string {
    if (risks.length === 0) return 'no risks named';
    return `risks: ${risks.map((r) => `${r.text} (${percent(r.probability)}, cost ${formatNumber(r.cost)})`).join('; ')}`;
  }

  private card(id: string): string {
    return this.scenario.cards.get(id)?.def.title ?? id;
  }

  /** The lines for one event (none for bookkeeping events nobody needs to read). */
  lines(e: QuestEvent): string[] {
    const t = clockLabel(e.at - this.startAt);
    const line = (s: string) => `${t}  ${s}`;
    switch (e.type) {
      case 'quest_started':
        return [line(`Quest started: ${this.scenario.def.title}`)];
      case 'scene_started': {
        const def = this.scenario.scenes[e.index]?.def;
        return ['', line(`Scene ${e.index + 1}/${this.scenario.scenes.length}: ${def?.title ?? e.scene} (briefing)`)];
      }
      case 'phase_changed':
        return [line(`— ${e.phase} (until ${clockLabel(e.endsAt - this.startAt)})`)];
      case 'message_sent': {
        const to = e.to ? ` (to ${this.who(e.to)})` : '';
        return [line(`${this.who(e.by)}${to} ${e.kind === 'question' ? 'asks' : 'says'}: "${e.text}"`)];
      }
      case 'card_shared':
        return [
          line(`${this.who(e.by)} shares "${this.card(e.card)}" with ${e.with === 'team' ? 'the team' : this.who(e.with)}`),
        ];
      case 'challenge_solved':
        return [line(`Hidden challenge solved: ${this.scenario.challenges.get(e.challenge)?.title ?? e.challenge}`)];
      case 'need_named':
        return [line(`${this.who(e.by)} names ${e.of === e.by ? 'their own' : `${this.who(e.of)}'s`} need: ${e.need}`)];
      case 'proposal_made': {
        this.proposals.set(e.id, e.decision);
        const bearers = e.bearers.length > 0 ? `; bearers: ${e.bearers.map((b) => this.who(b)).join(', ')}` : '';
        return [
          line(`${this.who(e.by)} proposes ${e.id}: ${this.choice(e.decision, e.choice)}`),
          line(`   ${this.risks(e.risks)}${bearers}`),
          ...(e.rationale ? [line(`   why: ${e.rationale}`)] : []),
        ];
      }
      case 'proposal_amended':
        return [
          line(
            `${this.who(e.by)} amends ${e.id} (revision ${e.revision}) to ${this.choice(this.proposals.get(e.id) ?? '', e.choice)}`,
          ),
          line(`   ${this.risks(e.risks)}`),
          ...(e.rationale ? [line(`   why: ${e.rationale}`)] : []),
        ];
      case 'proposal_supported':
        return [line(`${this.who(e.by)} supports ${e.id}`)];
      case 'proposal_objected':
        return [line(`${this.who(e.by)} objects to ${e.id}: ${e.reason}`)];
      case 'vote_cast':
        return [line(`${this.who(e.by)} votes ${e.vote} on ${e.id}`)];
      case 'check_in_called':
        return [line(`${this.who(e.by)} calls a check-in${e.note ? `: ${e.note}` : ''}`)];
      case 'check_in_ended':
        return [line('Check-in over; back to the decision')];
      case 'player_ready':
        return [line(`${this.who(e.by)} is ready`)];
      case 'decision_made': {
        const how =
          e.via === 'vote' ? `by vote on ${e.proposal}` : e.via === 'timeout' ? 'by default: time ran out' : 'by the facilitator';
        return [line(`DECISION ${e.decision}: ${this.choice(e.decision, e.choice)} (${how})`)];
      }
      case 'world_changed':
        return this.worldChanged(e, line);
      case 'risk_rolled':
        return [line(`   risk "${e.text}" (${percent(e.chance)}): ${e.fired ? 'HAPPENED' : 'did not happen'}`)];
      case 'consequence_scheduled':
        return [];
      case 'consequence_came_due':
        return [line(`Consequence arrives: ${e.text}`)];
      case 'quest_paused':
        return [line('Paused')];
      case 'quest_resumed':
        return [line('Resumed')];
      case 'timer_extended':
        return [line(`Timer extended by ${e.seconds} s`)];
      case 'seat_covered':
        return [line(`A ${e.persona} bot covers ${this.who(e.role)}'s seat`)];
      case 'seat_released':
        return [line(`${this.who(e.role)}'s seat is back with its player`)];
      case 'quest_ended': {
        const ending = this.scenario.def.endings.find((x) => x.id === e.ending);
        return [
          '',
          line(
            `Quest over${e.early ? ' (ended early)' : ''}: ${ending?.title ?? e.ending} (${ending?.outcome ?? '?'}), score ${e.score}`,
          ),
        ];
      }
    }
  }

  private worldChanged(e: Extract<QuestEvent, { type: 'world_changed' }>, line: (s: string) => string): string[] {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(e.metrics)) {
      const before = this.metrics[k] ?? 0;
      this.metrics[k] = v as number;
      if (v !== before)
        parts.push(
          `${METRICS[k as MetricId]?.label ?? k} ${formatNumber(before)} → ${formatNumber(v as number)} (${signed((v as number) - before)})`,
        );
    }
    for (const [k, v] of Object.entries(e.vars)) {
      const before = this.vars[k] ?? 0;
      this.vars[k] = v;
      if (v !== before)
        parts.push(
          `${this.scenario.def.vars[k]?.label ?? k} ${formatNumber(before)} → ${formatNumber(v)} (${signed(v - before)})`,
        );
    }
    if (parts.length === 0) return [];
    return [line(`   ${e.cause.label}: ${parts.join(', ')}`)];
  }
}

export function seatLines(scenario: CompiledScenario, seats: readonly Seat[]): string[] {
  return seats.map((s) => {
    const r = scenario.roles.get(s.role);
    return `  ${r?.name ?? s.role}, ${r?.title ?? ''} (${s.role}): ${s.kind === 'bot' ? `${s.persona} bot` : 'human'}`;
  });
}

export function transcript(scenario: CompiledScenario, events: readonly QuestEvent[], startAt = 0): string[] {
  const w = new TranscriptWriter(scenario, startAt);
  return events.flatMap((e) => w.lines(e));
}
