// A quest as a team of people plays it, for benchmarks: mostly talk, some pooled and private cards, a few
// proposals with amendments, supports, objections and votes, the odd check-in, pause and extension, and a
// decision by vote or by timeout in every scene. Deterministic for a seed; every command goes through decide(),
// so the log is what a server would have accepted (refusals are counted, not logged).
import {
  type Actor,
  type CompiledScenario,
  decide,
  evolve,
  initialState,
  nextDeadline,
  type QuestEvent,
  type QuestState,
  type Seat,
} from '../../engine/index.ts';
import { nextRandom, seedState } from '../../engine/prng.ts';
import type { LoggedCommand } from '../../engine/replay.ts';
import type { CompiledDecision } from '../../engine/scenario.ts';

export interface TeamSession {
  seats: Seat[];
  log: LoggedCommand[];
  events: QuestEvent[];
  /** The state before each logged command, and after the last one. */
  states: QuestState[];
  refused: number;
}

const LINES = [
  'We need to ship this by the end of the sprint.',
  'If we ship it like this, it will break under load.',
  'What exactly did Halcyon sign for Monday?',
  'Can we put a number on that risk?',
  'I hear that the date matters because of the renewal.',
  'What would make this safe enough for you?',
  'The schedulers told me they would rather wait a day than watch a spinner.',
  'Who carries the pager if this goes wrong?',
  'Let us write the trade-off down before we vote.',
  'I can live with that if we timebox the cleanup.',
];

export function playTeamSession(sc: CompiledScenario, seed: number, opts: { talkPerScene?: number } = {}): TeamSession {
  const talkPerScene = opts.talkPerScene ?? 40;
  const seats: Seat[] = sc.def.roles.map((r) => ({ role: r.id, kind: 'human' }));
  const roles = seats.map((x) => x.role);
  let rng = seedState(seed ^ 0x5eed);
  const rand = () => {
    const r = nextRandom(rng);
    rng = r.rng;
    return r.value;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

  let s = initialState(sc, seed, seats);
  const log: LoggedCommand[] = [];
  const events: QuestEvent[] = [];
  const states: QuestState[] = [];
  let refused = 0;
  let now = 0;
  const send = (actor: Actor, command: Record<string, unknown>): boolean => {
    const full = { ...command, at: now };
    const r = decide(s, full, { scenario: sc, actor });
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
  const wait = (min: number, spread: number) => {
    now += min + Math.floor(rand() * spread);
  };
  const deadline = () => {
    const due = nextDeadline(s);
    if (due === null) return;
    now = Math.max(now, due);
    send({ system: true }, { type: 'deadline' });
  };
  const talk = (n: number) => {
    for (let i = 0; i < n; i++) {
      wait(2000, 6000);
      const me = pick(roles);
      if (rand() < 0.75) send({ role: me }, { type: 'say', text: pick(LINES) });
      else send({ role: me }, { type: 'ask', text: pick(LINES), to: pick(roles.filter((r) => r !== me)) });
    }
  };
  const everyoneReady = () => {
    for (const r of roles) {
      wait(500, 3000);
      send({ role: r }, { type: 'ready' });
    }
  };
  const decisionOnTable = (): CompiledDecision | undefined =>
    s.scene ? sc.decisions.get(sc.scenes[s.scene.index]?.def.decision.id ?? '') : undefined;
  const someChoice = (d: CompiledDecision): Record<string, unknown> => {
    const open = [...d.choices.values()].filter((c) => !c.requires || s.solved.includes(c.requires));
    if (!d.plan) return { option: pick(open).id };
    const cap = 'capacity' in d.def ? d.def.capacity : 0;
    const items: string[] = [];
    let points = 0;
    for (const c of open) {
      if (rand() < 0.6 && points + (c.points ?? 0) <= cap) {
        items.push(c.id);
        points += c.points ?? 0;
      }
    }
    return { items: items.length ? items : [open.find((c) => (c.points ?? 0) <= cap)?.id ?? ''] };
  };

  // A function, so TypeScript does not narrow the status across the commands sent in between.
  const over = () => s.status === 'finished';
  send({ facilitator: true }, { type: 'start' });
  while (!over()) {
    // briefing
    talk(2);
    if (rand() < 0.8) everyoneReady();
    else deadline();
    // discussion
    const d = decisionOnTable();
    if (!d) break;
    const openIds = () => s.proposals.filter((p) => p.status === 'open').map((p) => p.id);
    for (let i = 0; i < talkPerScene && s.scene?.phase === 'discussion'; i++) {
      const due = nextDeadline(s) ?? 0;
      if (now > due - 20_000) break;
      const x = rand();
      const me = pick(roles);
      if (x < 0.7) talk(1);
      else if (x < 0.78) {
        const mine = [...sc.cards.values()].filter((c) => c.owner === me && s.shared[c.def.id] !== 'team');
        if (mine.length > 0) {
          wait(1000, 3000);
          send(
            { role: me },
            { type: 'share', card: pick(mine).def.id, with: rand() < 0.7 ? 'team' : pick(roles.filter((r) => r !== me)) },
          );
        }
      } else if (x < 0.8) {
        wait(1000, 3000);
        send({ role: me }, { type: 'name_need', need: sc.roles.get(pick(roles))?.need ?? 'craft', of: pick(roles) });
      } else if (x < 0.85 && openIds().length < 4) {
        wait(3000, 8000);
        send(
          { role: me },
          {
            type: 'propose',
            decision: d.def.id,
            ...someChoice(d),
            risks: [{ text: 'it breaks under the Monday burst', probability: 0.3, cost: 38_000 }],
            bearers: [me],
            rationale: pick(LINES),
          },
        );
      } else if (x < 0.87 && openIds().length > 0) {
        wait(3000, 6000);
        send({ role: me }, { type: 'amend', proposal: pick(openIds()), ...someChoice(d), rationale: pick(LINES) });
      } else if (x < 0.92 && openIds().length > 0) {
        wait(1000, 2000);
        send({ role: me }, { type: 'support', proposal: pick(openIds()) });
      } else if (x < 0.95 && openIds().length > 0) {
        wait(2000, 4000);
        send({ role: me }, { type: 'object', proposal: pick(openIds()), reason: pick(LINES) });
      } else if (x < 0.99 && openIds().length > 0) {
        wait(1000, 2000);
        send({ role: me }, { type: 'vote', proposal: pick(openIds()), vote: rand() < 0.5 ? 'yes' : 'no' });
      } else if (!s.scene?.checkInUsed) {
        wait(1000, 2000);
        if (send({ role: me }, { type: 'check_in', note: 'we are going in circles' })) {
          talk(4);
          deadline();
        }
      } else if (rand() < 0.5) {
        wait(1000, 2000);
        send({ facilitator: true }, { type: 'pause' });
        talk(2);
        wait(10_000, 30_000);
        send({ facilitator: true }, { type: 'resume' });
      } else {
        wait(1000, 2000);
        send({ facilitator: true }, { type: 'extend', seconds: 60 });
      }
    }
    if (s.scene?.phase === 'discussion') {
      if (rand() < 0.8) {
        // The team converges: a fresh proposal that every seat votes for carries under any rule.
        wait(3000, 5000);
        if (send({ role: pick(roles) }, { type: 'propose', decision: d.def.id, ...someChoice(d) })) {
          const id = `p${s.nextProposal - 1}`;
          for (const r of roles) {
            if (s.scene?.phase !== 'discussion') break;
            wait(1000, 3000);
            send({ role: r }, { type: 'vote', proposal: id, vote: 'yes' });
          }
        }
      }
      if (s.scene?.phase === 'discussion') deadline();
    }
    // consequences
    talk(3);
    if (rand() < 0.7) everyoneReady();
    if (!over() && s.scene?.phase === 'consequences') deadline();
  }
  states.push(s);
  return { seats, log, events, states, refused };
}
