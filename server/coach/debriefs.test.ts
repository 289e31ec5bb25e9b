// Debriefs written from whole simulated quests: every scenario, every bot persona (alone and mixed), every seat.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { type CompiledScenario, renderTemplate, type SimulationResult, simulate } from '../../engine/index.ts';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { comparisonIn, shamingIn } from './coaching-tone.ts';
import { debriefText, type PersonalDebrief, signalsOfDebrief, writeDebrief } from './debrief-writer.ts';
import { coachProse, MOMENT_FORMS, sceneName } from './moment-phrases.ts';
import { EDGES, STRENGTHS } from './observation-patterns.ts';
import { OWN_NEED_LINES, PRACTICE } from './practice-suggestions.ts';
import { cardsSeenBy, type Moment, type PersonalQuestRecord, readQuestFor } from './quest-moments.ts';

const catalog = loadCatalog();
const PERSONA_SETS: readonly (readonly string[])[] = [
  ['collaborative'],
  ['positional'],
  ['quiet'],
  ['collaborative', 'positional', 'quiet'],
];

function uuidOf(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Played {
  scenario: CompiledScenario;
  sim: SimulationResult;
  questId: string;
  seats: {
    role: string;
    persona: string;
    personId: string;
    record: PersonalQuestRecord;
    debrief: PersonalDebrief;
    text: string;
  }[];
}

const played: Played[] = [];
for (const scenario of catalog.values()) {
  for (const set of PERSONA_SETS) {
    const personas = scenario.def.roles.map((_, i) => set[i % set.length] as string);
    const sim = simulate({ scenario, seed: 11, personas });
    const questId = uuidOf('quest', scenario.id, set.join('+'));
    const log = { scenario, events: sim.events, vars: sim.state.vars };
    played.push({
      scenario,
      sim,
      questId,
      seats: sim.seats.map((seat) => {
        const personId = uuidOf('person', scenario.id, set.join('+'), seat.role);
        const record = readQuestFor(log, seat.role);
        const debrief = writeDebrief(record, { personId, questId });
        return { role: seat.role, persona: seat.persona as string, personId, record, debrief, text: debriefText(debrief) };
      }),
    });
  }
}
const everySeat = played.flatMap((p) => p.seats.map((s) => ({ ...s, played: p })));

const norm = (s: string) => s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();

/** Text from the log this seat may be quoted with: its own words and moves, and what everyone saw decided. */
function quotable(p: Played, role: string, record: PersonalQuestRecord): string[] {
  const out: string[] = [];
  for (const e of p.sim.events) {
    if (e.type === 'message_sent' && e.by === role) out.push(e.text);
    if (e.type === 'proposal_objected' && e.by === role) out.push(e.reason, ...(e.risk ? [e.risk.text] : []));
    if (e.type === 'check_in_called' && e.by === role) out.push(e.note);
    if ((e.type === 'proposal_made' || e.type === 'proposal_amended') && e.by === role) {
      out.push(e.rationale, ...e.risks.map((r) => r.text));
    }
  }
  for (const m of record.moments) if (m.subject) out.push(m.subject);
  for (const m of record.moments) out.push(...(m.debtItems ?? []));
  for (const s of record.scenes) if (s.decision) out.push(s.decision.label);
  out.push(...record.keptBack, record.scenarioTitle);
  return out.map(norm);
}

function quotesIn(text: string): string[] {
  return [...text.matchAll(/“([^”]*)”/g)].map((m) => norm((m[1] as string).replace(/…$/, '')));
}

describe('private debriefs from simulated quests', () => {
  test('cover every scenario and persona', () => {
    assert.equal(played.length, catalog.size * PERSONA_SETS.length);
    const personas = new Set(everySeat.map((s) => s.persona));
    assert.deepEqual([...personas].sort(), ['collaborative', 'positional', 'quiet']);
  });

  test('every debrief has two or three observations, strengths first, at most one edge, and one practice item', () => {
    for (const s of everySeat) {
      const o = s.debrief.observations;
      const where = `${s.played.scenario.id}/${s.role}/${s.persona}`;
      assert.ok(o.length >= 2 && o.length <= 3, `${where}: ${o.length} observations`);
      const firstEdge = o.findIndex((x) => x.tone === 'edge');
      assert.ok(firstEdge === -1 || o.slice(firstEdge).every((x) => x.tone === 'edge'), `${where}: strengths come first`);
      assert.ok(o.filter((x) => x.tone === 'edge').length <= 1, where);
      assert.equal(o[0]?.tone, 'strength', `${where}: opens with a strength`);
      assert.equal(new Set(o.map((x) => x.step)).size, o.length, `${where}: one observation per framework step`);
      assert.ok(s.debrief.practise.text.length > 20 && s.debrief.practise.line.length > 20, where);
    }
  });

  test('every observation quotes real moments of its own person, at the time and in the scene they happened', () => {
    for (const s of everySeat) {
      const sources = quotable(s.played, s.role, s.record);
      const start = s.played.sim.events[0]?.at ?? 0;
      const times = new Set(s.played.sim.events.map((e) => clockOf(e.at - start)));
      let quoted = 0;
      for (const o of s.debrief.observations) {
        const where = `${s.played.scenario.id}/${s.role}/${o.pattern}`;
        assert.ok(times.has(o.time), `${where}: ${o.time} is the time of an event in the log`);
        assert.ok(o.text.includes(o.time), `${where}: the text says when`);
        assert.ok(o.text.includes(`‘${o.scene}’`), `${where}: the text says which scene`);
        for (const q of quotesIn(o.text)) {
          quoted++;
          assert.ok(
            sources.some((src) => src.startsWith(q) || src.includes(q)),
            `${where}: “${q}” is not from this person's moves or the team's decisions`,
          );
        }
      }
      assert.ok(quoted > 0, `${s.played.scenario.id}/${s.role}: quotes at least one moment`);
    }
  });

  test("a line to practise surfacing needs names the person's own need, or asks for someone else's", () => {
    let seen = 0;
    for (const s of everySeat) {
      if (s.debrief.practise.step !== 'surface_needs') continue;
      seen++;
      const own = [...OWN_NEED_LINES[s.record.ownNeed], 'What would you need from this to be able to say yes?'];
      assert.ok(
        own.includes(s.debrief.practise.line),
        `${s.played.scenario.id}/${s.role} (${s.record.ownNeed}): ${s.debrief.practise.line}`,
      );
    }
    assert.ok(seen > 0, 'some simulated debriefs practise surfacing needs');
  });

  test('within a debrief, each observation places its moment in time in its own words', () => {
    const used = new Set<number>();
    for (const s of everySeat) {
      const forms = s.debrief.observations
        .filter((o) => o.pattern !== 'ended-early')
        .map((o) => {
          const [min, sec] = o.time.split(':').map(Number) as [number, number];
          const m = { scene: o.scene, at: (min * 60 + sec) * 1000 };
          const text = o.text.toLowerCase();
          return MOMENT_FORMS.findIndex((f) => text.includes(f(m).toLowerCase()));
        })
        // A few phrasings tell the time in a sentence of their own ("time ran out 30:02 into the quest").
        .filter((f) => f >= 0);
      assert.equal(new Set(forms).size, forms.length, `${s.played.scenario.id}/${s.role}: ${s.text}`);
      for (const f of forms) used.add(f);
    }
    assert.equal(used.size, MOMENT_FORMS.length, 'every way of placing a moment is used somewhere');
  });

  test('read like someone recalling moments: observations open differently, and no opening becomes a formula', () => {
    const openings = new Map<string, number>();
    for (const s of everySeat) {
      const d = s.debrief;
      const starts = d.observations.map((o) => coachProse(o.text).split(/\s+/).slice(0, 3).join(' '));
      assert.equal(new Set(starts).size, starts.length, `${s.played.scenario.id}/${s.role}: ${starts.join(' | ')}`);
      let template = d.opening;
      for (const [word, slot] of [
        [sceneName(d.scenarioTitle), 'S'],
        [d.roleName, 'N'],
        [d.roleTitle, 'T'],
      ] as const)
        template = template.split(word).join(slot);
      template = template.replace(/‘[^’]*’/g, 'X').replace(/\b(one|two|three|four|five|six) scenes?\b/g, 'K');
      openings.set(template, (openings.get(template) ?? 0) + 1);
    }
    const most = Math.max(...openings.values());
    assert.ok(openings.size >= 8, `only ${openings.size} different openings`);
    assert.ok(most <= everySeat.length / 4, `one opening starts ${most} of ${everySeat.length} debriefs`);
  });

  test('debriefs differ between people, and are the same every time for the same person and quest', () => {
    for (const p of played) {
      const texts = new Set(p.seats.map((s) => s.text));
      assert.equal(texts.size, p.seats.length, `${p.scenario.id}: every seat's debrief is its own`);
      for (const s of p.seats)
        assert.equal(debriefText(writeDebrief(s.record, { personId: s.personId, questId: p.questId })), s.text);
    }
    // The same behaviour, told to different people, is told in different words.
    const one = everySeat.find((s) => s.persona === 'collaborative') as (typeof everySeat)[number];
    const variants = new Set(
      Array.from({ length: 8 }, (_, i) =>
        debriefText(writeDebrief(one.record, { personId: uuidOf('someone', String(i)), questId: one.played.questId })),
      ),
    );
    assert.ok(variants.size >= 4, `only ${variants.size} different wordings for 8 people`);
  });

  test('a debrief never shows another role private card that its person never saw', () => {
    let checked = 0;
    for (const s of everySeat) {
      const log = { scenario: s.played.scenario, events: s.played.sim.events, vars: s.played.sim.state.vars };
      const seen = cardsSeenBy(log, s.role);
      for (const card of s.played.scenario.cards.values()) {
        if (seen.has(card.def.id)) continue;
        checked++;
        const text = renderTemplate(card.text, s.played.sim.state.vars);
        const title = renderTemplate(card.title, s.played.sim.state.vars);
        const all = JSON.stringify(s.debrief);
        for (const piece of text.split(/(?<=[.!?])\s+/).filter((x) => x.length >= 25)) {
          assert.ok(!all.includes(piece.trim()), `${s.played.scenario.id}/${s.role} shows unseen card ${card.def.id}: ${piece}`);
        }
        if (title.length >= 12) assert.ok(!all.includes(title), `${s.played.scenario.id}/${s.role} names unseen card ${title}`);
      }
    }
    assert.ok(checked > 50, 'the quiet and positional seats leave plenty of cards unseen');
  });

  test('no debrief shames, compares its person with anyone, or mentions a score', () => {
    for (const s of everySeat) {
      assert.equal(shamingIn(s.text), null, `${s.played.scenario.id}/${s.role}: ${shamingIn(s.text)}`);
      assert.equal(
        comparisonIn(coachProse(s.text)),
        null,
        `${s.played.scenario.id}/${s.role}: ${comparisonIn(coachProse(s.text))}`,
      );
      const others = s.played.scenario.def.roles.filter((r) => r.id !== s.role).map((r) => r.name);
      // Others appear only inside quotes of this person's own moves or as the bearers this person named.
      const prose = coachProse(s.text);
      const bearers = s.record.moments.flatMap((m) => [...(m.bearers ?? []), ...(m.to ? [m.to] : [])]);
      for (const name of others)
        if (!bearers.includes(name)) assert.ok(!prose.includes(name), `${s.role}'s debrief talks about ${name}`);
    }
  });

  test('what is observed follows what the person did', () => {
    const patterns = (persona: string, tone: 'strength' | 'edge') =>
      new Set(
        everySeat
          .filter((s) => s.persona === persona)
          .flatMap((s) => s.debrief.observations.filter((o) => o.tone === tone).map((o) => o.pattern)),
      );
    for (const p of ['problem-first', 'asked-others', 'check-in', 'priced-risk']) {
      assert.ok(patterns('collaborative', 'strength').has(p), `collaborative players get '${p}'`);
    }
    for (const p of patterns('quiet', 'edge')) assert.ok(['quiet-presence', 'kept-back'].includes(p), `quiet players get '${p}'`);
    assert.ok(patterns('positional', 'edge').has('same-words-again'), 'positional players hear about restating the same words');
    for (const p of patterns('quiet', 'strength')) {
      assert.ok(
        !['priced-risk', 'problem-first', 'own-need', 'check-in', 'bridged'].includes(p),
        `quiet players never get '${p}'`,
      );
    }
  });

  test("the signals kept behind a debrief hold only the person's own moves", () => {
    for (const s of everySeat.slice(0, 30)) {
      const signals = signalsOfDebrief(s.record, s.debrief);
      assert.equal(signals.questId, s.played.questId);
      assert.equal(signals.practise, s.debrief.practise.step);
      for (const x of signals.strengths) assert.match(x.moment, /into the quest, you /);
    }
  });
});

describe('quests that stop early', () => {
  test('a quest ended by the facilitator part-way still gets a kind, quoted debrief', () => {
    const p = played.find((x) => x.scenario.id === 'ship-by-friday' && x.seats[0]?.persona === 'collaborative') as Played;
    const firstDecision = p.sim.events.findIndex((e) => e.type === 'decision_made');
    for (const cut of [5, Math.floor(firstDecision / 2), firstDecision]) {
      const events = p.sim.events.slice(0, cut);
      const at = events[events.length - 1]?.at ?? 0;
      const log = {
        scenario: p.scenario,
        events: [...events, { type: 'quest_ended' as const, at, ending: 'x', score: 0, early: true }],
      };
      for (const seat of p.sim.seats) {
        const d = writeDebrief(readQuestFor(log, seat.role), { personId: uuidOf('early', seat.role), questId: p.questId });
        const text = debriefText(d);
        assert.ok(d.observations.length >= 1, `cut ${cut}/${seat.role}`);
        if (cut < firstDecision) {
          // Nothing was decided yet: there was no discussion to have stayed out of.
          assert.ok(!d.observations.some((o) => o.pattern === 'quiet-presence'), `cut ${cut}/${seat.role}: ${text}`);
        }
        assert.equal(shamingIn(text), null);
        assert.equal(comparisonIn(coachProse(text)), null);
      }
    }
  });

  test('a quest that never reached its first scene has nothing to debrief', () => {
    const p = played[0] as Played;
    const log = { scenario: p.scenario, events: [{ type: 'quest_started' as const, at: 0 }] };
    const role = p.scenario.def.roles[0]?.id as string;
    assert.throws(
      () => writeDebrief(readQuestFor(log, role), { personId: uuidOf('x'), questId: p.questId }),
      /nothing to debrief/,
    );
    assert.throws(() => readQuestFor(log, 'nobody'), /'nobody' is not a role/);
  });
});

function clockOf(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

describe('the observation library', () => {
  const moment: Moment = {
    kind: 'proposal',
    at: 125_000,
    sceneIndex: 0,
    scene: 'Thursday',
    words: 'Ship to the pilot clinics behind a flag',
    subject: 'Pilot behind a flag',
    risks: [{ text: 'Queue stalls', probability: 0.2, cost: 40 }],
    bearers: ['Sam'],
    debtItems: ['Queue cleanup'],
    afterHeat: true,
  };
  const record = {
    role: 'pm',
    roleName: 'Dana',
    roleTitle: 'Product Manager',
    ownNeed: 'predictability',
    scenarioId: 's',
    scenarioTitle: 'A quest',
    moments: [moment],
    scenes: [],
    keptBack: ['A card'],
    repeats: [],
    proposedBeforeListening: [],
    signals: {},
  } as unknown as PersonalQuestRecord;

  test('every phrasing reads without shaming or comparing, and names its moment', () => {
    for (const p of [...STRENGTHS, ...EDGES]) {
      assert.ok(p.phrasings.length >= 3, `${p.id} has at least three phrasings`);
      for (const [i, phrase] of p.phrasings.entries()) {
        const text = phrase({ weight: 1, moment, risk: moment.risks?.[0], count: 3 }, record);
        assert.equal(shamingIn(text), null, `${p.id}[${i}]: ${shamingIn(text)}`);
        assert.equal(comparisonIn(coachProse(text)), null, `${p.id}[${i}]: ${comparisonIn(coachProse(text))}`);
        assert.ok(!/undefined|null|NaN|\[object/.test(text), `${p.id}[${i}]: ${text}`);
        assert.ok(text.includes('2:05'), `${p.id}[${i}] says when: ${text}`);
      }
    }
  });

  test('every practice text and line is kind and concrete', () => {
    for (const [step, s] of Object.entries(PRACTICE)) {
      assert.ok(s.texts.length >= 3 && s.lines.length >= 3, step);
      for (const t of [...s.texts, ...s.lines]) {
        assert.equal(shamingIn(t), null, `${step}: ${t}`);
        assert.equal(comparisonIn(t), null, `${step}: ${t}`);
      }
    }
    for (const [need, lines] of Object.entries(OWN_NEED_LINES)) {
      assert.ok(lines.length >= 2, need);
      for (const t of lines) {
        assert.equal(shamingIn(t), null, `${need}: ${t}`);
        assert.equal(comparisonIn(t), null, `${need}: ${t}`);
      }
    }
  });
});
