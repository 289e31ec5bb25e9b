// Dissent, interest-based moves, information pooling, the trade-off protocol, escalation and repair, withdrawal and
// bridging, each on a hand-written log; then the whole pipeline over simulated quests.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simulate } from '../../../engine/index.ts';
import { loadCatalog } from '../../../scenarios/catalog.ts';
import { bridging } from './bridging.ts';
import { dissentBeforeVote } from './dissent.ts';
import { escalationRepair } from './escalation-repair.ts';
import { informationPooling } from './information-pooling.ts';
import { interestMoves } from './interest-moves.ts';
import { METRIC_IDS } from './metric-catalogue.ts';
import { questInsights } from './quest-insights.ts';
import { type ChallengeFacts, readQuestLog } from './quest-log.ts';
import { RISK, TestLog } from './test-quest-log.ts';
import { escalationCues } from './text-cues.ts';
import { tradeOffProtocol } from './trade-off-protocol.ts';
import { withdrawal } from './withdrawal.ts';

const logOf = (t: TestLog, people = ['pm', 'eng', 'cs'], challenges: ChallengeFacts[] = []) =>
  readQuestLog(t.events, { people, challenges });
const close = (actual: number | null | undefined, expected: number) => {
  assert.ok(actual !== null && actual !== undefined, `expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};

describe('dissent before decision', () => {
  test('proposals where someone other than the proposer raised a risk or objection before the first vote', () => {
    const t = new TestLog().start().discussion(60, 900);
    t.propose(100, 'pm', 'd').object(110, 'eng', 'p1').vote(120, 'pm', 'p1'); // dissent
    t.propose(200, 'eng', 'd').support(205, 'pm', 'p2').vote(210, 'pm', 'p2'); // support is not dissent
    t.propose(300, 'cs', 'd')
      .amend(310, 'pm', 'p3', { risks: [RISK] })
      .vote(320, 'cs', 'p3'); // a new risk in an amendment
    t.propose(400, 'pm', 'd'); // never voted on: left out
    t.propose(500, 'pm', 'd').vote(520, 'pm', 'p5').object(530, 'eng', 'p5'); // after the vote: too late
    const r = dissentBeforeVote(logOf(t.end(900)));
    close(r.values.dissent_before_vote, 2 / 4);
    assert.equal(r.facts?.get('eng')?.dissentRaised, 1);
    assert.equal(r.facts?.get('pm')?.dissentRaised, 1);
  });
});

describe('interest-based versus positional moves', () => {
  test('structured and free-text shares and reciprocity', () => {
    const t = new TestLog().start().discussion(60, 900);
    t.need(70, 'pm') // interest
      .share(75, 'eng', 'load_test') // interest
      .propose(80, 'pm', 'd', { choice: { option: 'a' } }) // p1, with a rationale: interest
      .propose(90, 'pm', 'd', { choice: { option: 'a' } }) // p2, the same choice again: positional
      .propose(100, 'eng', 'd', { choice: { option: 'b' }, rationale: '' }) // p3, no rationale: positional
      .propose(105, 'eng', 'd', { choice: { option: 'c' } }) // p4: interest
      .object(110, 'eng', 'p1') // eng's own b and c are open: defending a position
      .object(115, 'pm', 'p3') // pm's own a is open: defending a position
      .checkIn(120, 'eng') // interest
      .ask(130, 'pm', 'Why does the date matter to you?') // free text: interest
      .ask(135, 'pm', 'What matters most to you here?') // free text: interest
      .say(140, 'eng', 'This is non-negotiable.') // free text: positional
      .vote(150, 'eng', 'p1', 'no') // explained by eng's objection
      .vote(156, 'pm', 'p4', 'no') // a veto: pm never objected to p4
      .end(900);
    const r = interestMoves(logOf(t, ['pm', 'eng']));
    // structured: interest = need, share, p1, p4, check-in (5); positional = p2, p3, two objections, veto (5)
    close(r.values.interest_share_structured, 5 / 10);
    // free text adds two interest questions and one ultimatum: 7 of 13
    close(r.values.interest_share, 7 / 13);
    // interest moves answered by the other person's next move: need->share (in kind), share->p1 (in kind),
    // p1->p3 (no), p4->pm's objection (no), check-in->veto (no): 2 of 5
    close(r.values.interest_reciprocity, 2 / 5);
    assert.deepEqual(
      [
        r.facts?.get('pm')?.interestMoves,
        r.facts?.get('pm')?.positionalMoves,
        r.facts?.get('eng')?.interestMoves,
        r.facts?.get('eng')?.positionalMoves,
      ],
      [2, 3, 3, 2],
    );
  });

  test('repeating one’s own objection word for word is positional in the free-text view only', () => {
    const t = new TestLog().start().discussion(60, 900);
    t.propose(70, 'pm', 'd', { choice: { option: 'a' } })
      .propose(75, 'cs', 'd', { choice: { option: 'a' } })
      .object(80, 'eng', 'p1', 'It will break under load!')
      .object(90, 'eng', 'p2', 'it will  break under load')
      .end(900);
    const r = interestMoves(logOf(t));
    close(r.values.interest_share_structured, 1);
    close(r.values.interest_share, 3 / 4);
  });
});

describe('information pooling', () => {
  test('challenges solved, and key cards pooled, before the decision that needed them', () => {
    const challenges = [
      { id: 'c1', cards: ['a', 'b'], before: 'd1' },
      { id: 'c2', cards: ['c', 'd'], before: 'd2' },
      { id: 'c3', cards: ['e', 'f'], before: 'd3' }, // d3 never comes: left out
    ];
    const t = new TestLog().start().discussion(0, 900);
    t.share(10, 'pm', 'a')
      .share(15, 'eng', 'b', 'pm')
      .share(20, 'eng', 'b')
      .solved(20, 'c1')
      .decide(50, 'd1', 'timeout')
      .share(60, 'pm', 'c')
      .share(70, 'eng', 'd', 'pm') // shown to one person, not pooled
      .decide(100, 'd2', 'timeout')
      .end(200);
    const r = informationPooling(logOf(t, ['pm', 'eng'], challenges));
    close(r.values.pooling_in_time, 1 / 2);
    close(r.values.intel_before_decision, 3 / 4);
    assert.equal(r.facts?.get('eng')?.cardsShared, 2);
    assert.equal(r.facts?.get('pm')?.keyCardsShared, 2);
  });
});

describe('trade-off protocol', () => {
  test('named, priced, decided by the bearers, written before the vote: per decision', () => {
    const t = new TestLog().start().discussion(60, 900);
    t.propose(100, 'pm', 'd1', { risks: [RISK], bearers: ['pm', 'eng'] })
      .vote(110, 'pm', 'p1')
      .vote(111, 'eng', 'p1')
      .decide(112, 'd1', 'vote', 'p1');
    t.propose(200, 'eng', 'd2', { bearers: ['eng'] })
      .object(205, 'cs', 'p2', 'pager fatigue', { text: 'on-call burns out', probability: 0.5, cost: 1000 })
      .vote(210, 'pm', 'p2')
      .amend(220, 'eng', 'p2', { risks: [{ text: 'slow pages', probability: 0, cost: 100 }], bearers: ['eng'] })
      .vote(230, 'pm', 'p2')
      .vote(231, 'cs', 'p2')
      .decide(232, 'd2', 'vote', 'p2');
    t.decide(300, 'd3', 'timeout').end(400);
    const r = tradeOffProtocol(logOf(t));
    close(r.values.protocol_named, 2 / 3);
    close(r.values.protocol_priced, 1 / 3);
    close(r.values.protocol_bearers, 1 / 3);
    close(r.values.protocol_written_before, 1 / 3);
    close(r.values.protocol_full, 1 / 3);
    assert.deepEqual([r.facts?.get('pm')?.risksNamed, r.facts?.get('pm')?.risksPriced], [1, 1]);
    assert.deepEqual([r.facts?.get('eng')?.risksNamed, r.facts?.get('eng')?.risksPriced ?? 0], [1, 0]);
    assert.deepEqual([r.facts?.get('cs')?.risksNamed, r.facts?.get('cs')?.risksPriced], [1, 1]);
  });
});

describe('escalation and repair', () => {
  test('escalation cues are a heuristic over the words', () => {
    assert.deepEqual(escalationCues('You never listen to us.', false), ['sentence_initial_you', 'always_never']);
    assert.deepEqual(escalationCues("Why didn't you test it?", true), ['blunt_question']);
    assert.deepEqual(escalationCues('Did you see the load test?', true), []);
    assert.deepEqual(escalationCues('Thanks, that helps. You were right.', false), ['sentence_initial_you']);
  });

  test('rate, repair share and time, and what changed after the check-in', () => {
    const t = new TestLog().start(0, 0).discussion(0, 900);
    t.say(10, 'eng', 'You never listen to us.')
      .say(20, 'pm', 'ok')
      .checkIn(30, 'pm', 60)
      .say(100, 'eng', 'fine')
      .say(150, 'pm', 'thanks')
      .say(250, 'eng', 'You always do this.')
      .end(300);
    const r = escalationRepair(logOf(t, ['pm', 'eng']));
    close(r.values.escalation_rate, 2 / 5);
    close(r.values.repair_share, 1 / 2);
    close(r.values.repair_seconds, 20);
    // two minutes before the check-in: 1 cue in 2 messages; two minutes after it ended (90..210 s): 0 in 2
    close(r.values.repair_change, -0.5);
    assert.equal(r.facts?.get('pm')?.heatedCheckIns, 1);
    assert.equal(r.facts?.get('eng')?.escalationCues, 2);
  });
});

describe('withdrawal', () => {
  test('going quiet in the next scene after being overruled', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.say(61, 'pm').say(62, 'eng').say(63, 'eng').say(64, 'eng').say(66, 'cs');
    t.propose(70, 'pm', 'd1')
      .propose(75, 'cs', 'd1', { choice: { option: 'b' } })
      .object(80, 'eng', 'p1')
      .say(85, 'pm');
    t.vote(90, 'pm', 'p1').vote(91, 'eng', 'p1', 'no').decide(95, 'd1', 'vote', 'p1');
    // scene 0: 9 turns; eng 4 (0.44), cs 2 (0.22). Both were overruled.
    t.scene(100, 1, 160).discussion(160, 600);
    for (let i = 0; i < 6; i++) t.say(161 + i, 'pm');
    t.say(167, 'eng').say(168, 'cs').say(169, 'cs').say(170, 'cs').end(400);
    // scene 1: 10 turns; eng 0.1 <= 0.44/3: withdrew; cs 0.3: did not
    const r = withdrawal(logOf(t));
    close(r.values.withdrawal_share, 1 / 2);
    assert.deepEqual([...(r.subjects?.withdrawal_share ?? [])].sort(), ['cs', 'eng']);
    assert.deepEqual([r.facts?.get('eng')?.overruled, r.facts?.get('eng')?.withdrawals], [1, 1]);
    assert.equal(r.facts?.get('cs')?.withdrawals ?? 0, 0);
  });
});

describe('bridging', () => {
  test('amending another person’s proposal while the decision is contested', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.propose(70, 'pm', 'd1').object(80, 'eng', 'p1').amend(90, 'cs', 'p1').decide(100, 'd1', 'vote', 'p1');
    t.scene(110, 1, 120).discussion(120, 600);
    t.propose(130, 'pm', 'd2', { choice: { option: 'a' } })
      .propose(140, 'eng', 'd2', { choice: { option: 'b' } })
      .amend(150, 'pm', 'p2') // one's own proposal: not a bridge
      .decide(160, 'd2', 'timeout')
      .end(300);
    const r = bridging(logOf(t));
    close(r.values.bridging_share, 1 / 2);
    assert.deepEqual([r.facts?.get('cs')?.bridges, r.facts?.get('cs')?.bridgesAccepted], [1, 1]);
    assert.equal(r.facts?.has('pm'), false);
  });
});

describe('the whole pipeline', () => {
  const catalog = loadCatalog();
  const sc = catalog.get('ship-by-friday');
  if (!sc) throw new Error('the ship-by-friday scenario is missing');
  const people = sc.def.roles.map((r) => r.id);
  const challenges = sc.def.challenges;

  test('every metric has a value or null; whoever is left out counts for nothing', () => {
    const sim = simulate({ scenario: sc, seed: 11, personas: ['collaborative', 'positional', 'quiet', 'positional'] });
    const events = sim.events.map((event, i) => ({ seq: i + 1, event }));
    const all = questInsights(events, { people, challenges });
    assert.deepEqual(Object.keys(all.values).sort(), [...METRIC_IDS].sort());
    for (const [id, who] of Object.entries(all.subjects)) {
      assert.notEqual(all.values[id as keyof typeof all.values], null, id);
      assert.ok(who.length > 0, id);
    }
    const without = questInsights(events, { people: people.slice(1), challenges });
    assert.equal(without.people.has(people[0] as string), false);
    for (const who of Object.values(without.subjects)) assert.ok(!who.includes(people[0] as string));
  });

  test('the order events are read in does not matter', () => {
    const sim = simulate({ scenario: sc, seed: 5, personas: ['collaborative'] });
    const events = sim.events.map((event, i) => ({ seq: i + 1, event }));
    const shuffled = [...events].reverse();
    assert.deepEqual(questInsights(shuffled, { people, challenges }), questInsights(events, { people, challenges }));
  });

  test('a seat covered by a bot stops counting as its person from that moment', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.say(61, 'pm').say(62, 'eng').cover(63, 'eng').say(64, 'eng').say(65, 'eng').end(200);
    const r = questInsights(t.events, { people: ['pm', 'eng'], challenges: [] });
    assert.equal(r.people.get('eng')?.turns, 1);
  });
});
