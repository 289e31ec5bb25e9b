// Property tests: random sessions of valid-ish and malformed commands from random actors at random times, with the
// server's deadlines in between. After every step the engine's invariants hold, no seat learns a card it was not
// shown, and the quest can be rebuilt from its command log and from a mid-way snapshot.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Actor } from './commands.ts';
import { decide, initialState, nextDeadline } from './decide.ts';
import type { QuestEvent } from './events.ts';
import { evolve } from './evolve.ts';
import type { QuestState } from './quest-state.ts';
import { type LoggedCommand, replay } from './replay.ts';
import type { CompiledScenario } from './scenario.ts';
import { METRICS, type MetricId, NEEDS } from './scenario-schema.ts';
import { actor, fixture, humanSeats, shipByFriday } from './test-fixtures/quest-table.ts';
import { eventFor, type QuestView, type SeatRef, viewChanges, viewFor } from './views.ts';

// ---- what a step of a random session is

type Act =
  | { k: 'raw'; cmd: unknown; at: 'now' | 'missing' | 'weird' }
  | { k: 'propose' | 'amend' | 'support' | 'object' | 'share' | 'settle'; pick: number; flag: boolean }
  | { k: 'vote'; pick: number; flag: boolean }
  | { k: 'ready' }
  | { k: 'pool'; pick: number }
  | { k: 'deadline'; early: boolean; late: number };
interface Step {
  who: string;
  dt: number;
  act: Act;
}

function stepArbitrary(sc: CompiledScenario): fc.Arbitrary<Step> {
  const roles = sc.def.roles.map((r) => r.id);
  const cards = [...sc.cards.keys()];
  const decisions = [...sc.decisions.keys()];
  const choiceIds = [...new Set([...sc.decisions.values()].flatMap((d) => [...d.choices.keys()]))];
  const text = fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', 'x'.repeat(2001)) },
  );
  const role = fc.constantFrom(...roles, 'cto');
  const proposal = fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 1, max: 16 }).map((n) => `p${n}`) },
    { weight: 1, arbitrary: fc.constantFrom('p', 'q1', 'p-1') },
  );
  const option = fc.constantFrom(...choiceIds, 'nope');
  const risk = fc.record({
    text,
    probability: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
    cost: fc.integer({ min: -10, max: 2_000_000 }),
  });
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const player = fc.oneof(
    fc.record({ type: fc.constant('say'), text, via: opt(fc.constantFrom('text', 'voice', 'smoke')) }).map(clean),
    fc.record({ type: fc.constant('ask'), text, to: opt(role) }).map(clean),
    fc.record({
      type: fc.constant('share'),
      card: fc.constantFrom(...cards, 'ghost_card'),
      with: fc.oneof(fc.constant('team'), role),
    }),
    fc.record({ type: fc.constant('name_need'), need: fc.constantFrom(...NEEDS, 'speed'), of: opt(role) }).map(clean),
    fc
      .record({
        type: fc.constant('propose'),
        decision: fc.constantFrom(...decisions, 'nope'),
        option: opt(option),
        items: opt(fc.array(option, { maxLength: 5 })),
        risks: opt(fc.array(risk, { maxLength: 2 })),
        bearers: opt(fc.array(role, { maxLength: 3 })),
        rationale: opt(text),
      })
      .map(clean),
    fc
      .record({
        type: fc.constant('amend'),
        proposal,
        option: opt(option),
        items: opt(fc.array(option, { maxLength: 4 })),
        bearers: opt(fc.array(role, { maxLength: 3 })),
        rationale: opt(text),
      })
      .map(clean),
    fc.record({ type: fc.constant('support'), proposal }),
    fc.record({ type: fc.constant('object'), proposal, reason: text, risk: opt(risk) }).map(clean),
    fc.record({ type: fc.constant('vote'), proposal, vote: fc.constantFrom('yes', 'no', 'maybe') }),
    fc.record({ type: fc.constant('check_in'), note: opt(text) }).map(clean),
    fc.constant({ type: 'ready' }),
  );
  const control = fc.oneof(
    fc.constant({ type: 'start' }),
    fc.constant({ type: 'pause' }),
    fc.constant({ type: 'resume' }),
    fc.record({ type: fc.constant('extend'), seconds: fc.integer({ min: 0, max: 2000 }) }),
    fc.record({ type: fc.constant('cover_seat'), role, persona: fc.constantFrom('quiet', 'positional', 'Nope!') }),
    fc.record({ type: fc.constant('release_seat'), role }),
    fc.constant({ type: 'deadline' }),
  );
  const malformed = fc.oneof(
    fc.anything({ maxDepth: 2 }),
    fc.record({ type: fc.string({ maxLength: 8 }) }),
    fc.record({ type: fc.constantFrom('say', 'vote', 'share', 'extend'), extra: fc.anything({ maxDepth: 1 }) }),
  );
  const raw: fc.Arbitrary<Act> = fc.record({
    k: fc.constant('raw' as const),
    cmd: fc.oneof({ weight: 6, arbitrary: player }, { weight: 2, arbitrary: control }, { weight: 2, arbitrary: malformed }),
    at: fc.constantFrom('now', 'now', 'now', 'now', 'now', 'now', 'missing', 'weird'),
  });
  const pick = fc.nat({ max: 1000 });
  const act: fc.Arbitrary<Act> = fc.oneof(
    { weight: 200, arbitrary: raw },
    {
      weight: 60,
      arbitrary: fc.record({ k: fc.constantFrom('propose', 'amend', 'support', 'object' as const), pick, flag: fc.boolean() }),
    },
    { weight: 40, arbitrary: fc.record({ k: fc.constant('share' as const), pick, flag: fc.boolean() }) },
    { weight: 60, arbitrary: fc.record({ k: fc.constant('vote' as const), pick, flag: fc.boolean() }) },
    { weight: 40, arbitrary: fc.record({ k: fc.constant('settle' as const), pick, flag: fc.boolean() }) },
    { weight: 40, arbitrary: fc.constant({ k: 'ready' as const }) },
    { weight: 20, arbitrary: fc.record({ k: fc.constant('pool' as const), pick }) },
    {
      weight: 20,
      arbitrary: fc.record({ k: fc.constant('deadline' as const), early: fc.boolean(), late: fc.nat({ max: 5000 }) }),
    },
    // 'end' is rare so that sessions get deep into the quest.
    { weight: 1, arbitrary: fc.constant({ k: 'raw' as const, cmd: { type: 'end', reason: 'random' }, at: 'now' as const }) },
  );
  const dt = fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min: 0, max: 6000 }) },
    { weight: 1, arbitrary: fc.integer({ min: -4000, max: -1 }) },
    { weight: 1, arbitrary: fc.integer({ min: 6000, max: 120_000 }) },
  );
  const who = fc.constantFrom(...roles, ...roles, 'cto', 'facilitator', 'system');
  return fc.record({ who, dt, act });
}

// ---- turning a step into commands, against the state of the quest

function commandsFor(step: Step, s: QuestState, sc: CompiledScenario): LoggedCommand[] {
  const at = Math.max(0, s.clock + step.dt);
  const as = actor(step.who);
  const roles = s.seats.map((x) => x.role);
  const me = roles.includes(step.who) ? step.who : (roles[Math.abs(step.dt) % roles.length] as string);
  const open = s.proposals.filter((p) => p.status === 'open');
  const target = (pick: number) => open[pick % Math.max(1, open.length)]?.id ?? 'p1';
  const decision = s.scene ? sc.decisions.get(sc.scenes[s.scene.index]?.def.decision.id ?? '') : undefined;
  const a = step.act;
  switch (a.k) {
    case 'raw': {
      if (a.at === 'missing' || typeof a.cmd !== 'object' || a.cmd === null || Array.isArray(a.cmd))
        return [{ actor: as, command: a.cmd }];
      const weird = [-1, 1.5, '1000', Number.NaN, 1e20][Math.abs(step.dt) % 5];
      return [{ actor: as, command: { ...(a.cmd as object), at: a.at === 'weird' ? weird : at } }];
    }
    case 'propose':
    case 'amend': {
      if (!decision) return [{ actor: { role: me }, command: { type: 'say', text: 'nothing to decide', at } }];
      const ids = [...decision.choices.keys()].filter((id) => {
        const req = decision.choices.get(id)?.requires;
        return !req || s.solved.includes(req);
      });
      let choice: Record<string, unknown>;
      if (decision.plan) {
        const cap = 'capacity' in decision.def ? decision.def.capacity : 0;
        const items: string[] = [];
        let points = 0;
        ids.forEach((id, i) => {
          const p = decision.choices.get(id)?.points ?? 0;
          if ((a.pick >> i) & 1 && points + p <= cap) {
            items.push(id);
            points += p;
          }
        });
        choice = { items: items.length ? items : [ids[0]] };
      } else choice = { option: ids[a.pick % ids.length] };
      const extra = a.flag ? { bearers: [me], risks: [{ text: 'it breaks', probability: 0.4, cost: 1000 }] } : {};
      const command =
        a.k === 'propose'
          ? { type: 'propose', decision: decision.def.id, ...choice, ...extra, at }
          : { type: 'amend', proposal: target(a.pick), ...choice, ...extra, at };
      return [{ actor: { role: me }, command }];
    }
    case 'support':
      return [{ actor: { role: me }, command: { type: 'support', proposal: target(a.pick), at } }];
    case 'object':
      return [
        {
          actor: { role: me },
          command: { type: 'object', proposal: target(a.pick), reason: a.flag ? 'too risky' : 'too slow', at },
        },
      ];
    case 'vote':
      return [{ actor: { role: me }, command: { type: 'vote', proposal: target(a.pick), vote: a.flag ? 'no' : 'yes', at } }];
    case 'settle':
      return roles.map((r) => ({ actor: { role: r }, command: { type: 'vote', proposal: target(a.pick), vote: 'yes', at } }));
    case 'share': {
      const visible = [...sc.cards.values()].filter((c) => {
        const seen = s.shared[c.def.id];
        return c.owner === me || seen === 'team' || (Array.isArray(seen) && seen.includes(me));
      });
      // Mostly cards not pooled yet (so challenges get solved), sometimes any card (so repeats get refused).
      const fresh = visible.filter((c) => s.shared[c.def.id] !== 'team');
      const from = fresh.length > 0 && a.pick % 5 !== 0 ? fresh : visible;
      const card = from[a.pick % Math.max(1, from.length)]?.def.id ?? 'ghost_card';
      const to = a.flag || a.pick % 3 === 0 ? 'team' : (roles[a.pick % roles.length] as string);
      return [{ actor: { role: me }, command: { type: 'share', card, with: to, at } }];
    }
    case 'pool': {
      // Its owner pools a card of a challenge still open for the decision on the table.
      const cards = [...sc.challenges.values()]
        .filter((c) => c.before === decision?.def.id && !s.solved.includes(c.id))
        .flatMap((c) => c.cards)
        .filter((card) => s.shared[card] !== 'team');
      const card = cards[a.pick % Math.max(1, cards.length)];
      const owner = card ? sc.cards.get(card)?.owner : undefined;
      if (!card || !owner) return [{ actor: { role: me }, command: { type: 'say', text: 'nothing left to pool', at } }];
      return [{ actor: { role: owner }, command: { type: 'share', card, with: 'team', at } }];
    }
    case 'ready':
      return roles.map((r) => ({ actor: { role: r }, command: { type: 'ready', at } }));
    case 'deadline': {
      const due = nextDeadline(s);
      const when = due === null ? at : a.early ? Math.max(s.clock, due - 1) : Math.max(s.clock, due + a.late);
      return [{ actor: { system: true }, command: { type: 'deadline', at: when } }];
    }
  }
}

// ---- invariants

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function assertFiniteNumbers(value: unknown, path: string): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} is ${value}`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertFiniteNumbers(v, `${path}.${k}`);
}

function checkInvariants(s: QuestState, sc: CompiledScenario, applied: number): void {
  assert.equal(s.version, applied, 'version equals the number of applied events');
  assertFiniteNumbers(s, 'state');
  for (const m of Object.keys(METRICS) as MetricId[]) {
    const v = s.metrics[m];
    assert.ok(v >= METRICS[m].min && v <= METRICS[m].max, `${m} = ${v} is outside its range`);
  }
  for (const [name, range] of sc.varRanges) {
    const v = s.vars[name] as number;
    assert.ok(v >= range.min && v <= range.max, `${name} = ${v} is outside ${range.min}..${range.max}`);
  }
  if (s.status === 'ready') {
    assert.equal(s.scene, null);
    assert.equal(s.proposals.length, 0);
    return;
  }
  const scene = s.scene;
  assert.ok(scene, 'once started there is exactly one active scene');
  assert.equal(sc.scenes[scene.index]?.def.id, scene.id);
  const current = sc.scenes[scene.index]?.def.decision.id;
  for (const p of s.proposals)
    assert.equal(p.decision, current, `proposal ${p.id} is for ${p.decision}, the table has ${current}`);
  assert.equal(new Set(s.proposals.map((p) => p.id)).size, s.proposals.length);
  assert.ok(s.proposals.filter((p) => p.status === 'accepted').length <= 1);
  assert.equal(new Set(s.decisions.map((d) => d.decision)).size, s.decisions.length, 'a decision is made once');
  for (const id of s.solved) {
    for (const card of sc.challenges.get(id)?.cards ?? []) assert.equal(s.shared[card], 'team', `${id} solved without ${card}`);
  }
  if (s.status === 'running') assert.ok(Number.isFinite(nextDeadline(s)));
  else assert.equal(nextDeadline(s), null);
}

/** Pieces of a card's text and title that any rendering contains. */
function cardFragments(sc: CompiledScenario): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, c] of sc.cards) {
    const pieces = [...c.text, ...c.title].filter((p): p is string => typeof p === 'string').map((p) => p.trim());
    out.set(
      id,
      pieces.filter((p) => p.length >= 16),
    );
  }
  return out;
}

// ---- a session

interface Outcome {
  state: QuestState;
  log: LoggedCommand[];
  accepted: LoggedCommand[];
  events: QuestEvent[];
  snapshot: { state: QuestState; events: number } | null;
}

/** Most sessions begin with the facilitator's start; the rest must find it among the random commands. */
const START: Step = { who: 'facilitator', dt: 0, act: { k: 'raw', cmd: { type: 'start' }, at: 'now' } };

function play(sc: CompiledScenario, seed: number, steps: Step[], snapAt: number): Outcome {
  const seats = humanSeats(sc);
  const seatRefs: SeatRef[] = [...seats.map((x) => ({ role: x.role })), { spectator: true }, { facilitator: true }];
  const fragments = cardFragments(sc);
  const knows = new Map<SeatRef, Set<string>>(
    seatRefs.map((seat) => [
      seat,
      new Set(
        [...sc.cards.values()]
          .filter((c) => ('role' in seat && c.owner === seat.role) || ('facilitator' in seat && sc.def.facilitator_sees_private))
          .map((c) => c.def.id),
      ),
    ]),
  );
  const assertNoLeak = (json: string, seat: SeatRef, what: string) => {
    const known = knows.get(seat) as Set<string>;
    for (const [card, parts] of fragments) {
      if (known.has(card)) continue;
      for (const p of parts) assert.ok(!json.includes(p), `${what} for ${JSON.stringify(seat)} leaks card ${card}: "${p}"`);
    }
  };

  let s = deepFreeze(initialState(sc, seed, seats));
  // The views the sockets last sent each seat: every update sends only viewChanges against them.
  const sent = new Map<SeatRef, QuestView>(seatRefs.map((seat) => [seat, viewFor(s, seat, sc)]));
  const log: LoggedCommand[] = [];
  const accepted: LoggedCommand[] = [];
  const events: QuestEvent[] = [];
  let snapshot: Outcome['snapshot'] = null;
  steps.forEach((step, i) => {
    if (i === snapAt) snapshot = { state: JSON.parse(JSON.stringify(s)), events: events.length };
    for (const { actor: who, command } of commandsFor(step, s, sc)) {
      log.push({ actor: who, command });
      const clock = s.clock;
      const r = decide(s, command, { scenario: sc, actor: who as Actor });
      if (!r.ok) {
        assert.ok(['invalid', 'not_allowed', 'wrong_phase', 'not_found', 'conflict', 'finished', 'too_early'].includes(r.code));
        assert.ok(r.reason.length > 0);
        continue;
      }
      assert.ok(r.events.length > 0, 'an accepted command says what happened');
      accepted.push({ actor: who, command });
      for (const e of r.events) {
        s = deepFreeze(evolve(s, e));
        events.push(e);
        if (e.type === 'card_shared') {
          for (const seat of seatRefs)
            if (e.with === 'team' || ('role' in seat && seat.role === e.with)) knows.get(seat)?.add(e.card);
        }
        for (const seat of seatRefs) {
          const seen = JSON.stringify(eventFor(e, seat, sc));
          assert.ok(!seen.includes('"rng"'), 'the random state never leaves the engine');
          if (s.status !== 'finished') assertNoLeak(seen, seat, `event ${e.type}`);
        }
      }
      assert.ok(s.clock >= clock, 'the clock never goes back');
      checkInvariants(s, sc, events.length);
      if (s.status !== 'finished') {
        for (const seat of seatRefs) assertNoLeak(JSON.stringify(viewFor(s, seat, sc, { hints: 'role' in seat })), seat, 'view');
      }
      for (const seat of seatRefs) {
        const before = sent.get(seat) as QuestView;
        const after = viewFor(s, seat, sc);
        const changes = viewChanges(before, after);
        assert.equal(
          JSON.stringify({ ...before, ...changes }),
          JSON.stringify(after),
          'a view is its predecessor and its changes',
        );
        if (r.events.every((e) => e.type === 'message_sent')) {
          assert.deepEqual(
            Object.keys(changes).filter((k) => k !== 'version' && k !== 'clock'),
            [],
            'talk changes no view part',
          );
        }
        sent.set(seat, after);
      }
      // Views remember parts between states; a view must equal one built from scratch (a snapshot shares nothing).
      const seat = seatRefs[events.length % seatRefs.length] as SeatRef;
      assert.equal(JSON.stringify(viewFor(s, seat, sc)), JSON.stringify(viewFor(JSON.parse(JSON.stringify(s)), seat, sc)));
    }
  });
  return { state: s, log, accepted, events, snapshot };
}

function checkReplays(sc: CompiledScenario, seed: number, o: Outcome): void {
  const hash = replay.hash(o.state);
  const seats = humanSeats(sc);
  const again = replay.commands(sc, seed, seats, o.log);
  assert.equal(replay.hash(again.state), hash, 'replaying the whole command log');
  assert.deepEqual(again.events, o.events);
  assert.equal(replay.hash(replay.commands(sc, seed, seats, o.accepted).state), hash, 'replaying the accepted commands');
  assert.equal(replay.hash(replay.events(initialState(sc, seed, seats), o.events)), hash, 'folding the events');
  if (o.snapshot) {
    const rest = o.events.slice(o.snapshot.events);
    assert.equal(replay.hash(replay.events(o.snapshot.state, rest)), hash, 'folding the rest of the events onto a JSON snapshot');
  }
}

function property(sc: CompiledScenario) {
  return fc.property(
    fc.integer({ min: -1000, max: 1000 }),
    fc.array(stepArbitrary(sc), { minLength: 1, maxLength: 160 }),
    fc.nat(),
    fc.nat({ max: 9 }),
    (seed, random, snap, begin) => {
      const steps = begin > 0 ? [START, ...random] : random;
      const outcome = play(sc, seed, steps, snap % steps.length);
      checkReplays(sc, seed, outcome);
    },
  );
}

describe('random sessions', () => {
  for (const [name, sc, runs] of [
    ['ship-by-friday', shipByFriday(), 250],
    ['sprint-plan', fixture('sprint-plan'), 250],
  ] as const) {
    test(`${name}: never throws, keeps its invariants, keeps secrets, replays exactly`, () => {
      fc.assert(property(sc), { numRuns: runs });
    });
  }

  test('random sessions get deep into the quest (the properties above are not vacuous)', () => {
    const sc = shipByFriday();
    const reached = { decisions: 0, solved: 0, finished: 0, sharedPrivately: 0, checkIns: 0 };
    fc.assert(
      fc.property(fc.integer(), fc.array(stepArbitrary(sc), { minLength: 200, maxLength: 260 }), (seed, steps) => {
        const { state, events } = play(sc, seed, [START, ...steps], -1);
        reached.decisions += state.decisions.length;
        reached.solved += state.solved.length;
        reached.finished += state.status === 'finished' ? 1 : 0;
        reached.sharedPrivately += events.some((e) => e.type === 'card_shared' && e.with !== 'team') ? 1 : 0;
        reached.checkIns += state.checkIns;
      }),
      { numRuns: 30, seed: 42 },
    );
    assert.ok(reached.decisions >= 40, JSON.stringify(reached));
    assert.ok(reached.solved >= 10, JSON.stringify(reached));
    assert.ok(reached.finished >= 8, JSON.stringify(reached));
    assert.ok(reached.sharedPrivately >= 10, JSON.stringify(reached));
    assert.ok(reached.checkIns >= 8, JSON.stringify(reached));
  });
});
