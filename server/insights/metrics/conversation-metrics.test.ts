// Turn-taking, exchange energy, inquiry, listening and moments, each on a hand-written log whose expected values are
// worked out by hand in the comments.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exchangeEnergy } from './exchange-energy.ts';
import { inquiry } from './inquiry.ts';
import { listening } from './listening.ts';
import { moments } from './moments.ts';
import { readQuestLog } from './quest-log.ts';
import { TestLog } from './test-quest-log.ts';
import { normalisedGini, turnTaking } from './turn-taking.ts';

const PEOPLE = ['pm', 'eng', 'cs'];
const logOf = (t: TestLog, people = PEOPLE) => readQuestLog(t.events, { people, challenges: [] });
const close = (actual: number | null | undefined, expected: number) => {
  assert.ok(actual !== null && actual !== undefined, `expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};

describe('turn-taking equality (normalised Gini)', () => {
  test('hand-computed values', () => {
    // [3,1]: N=2, mean 2, Σ|ni-nj| = 4, G = 4/(2·4·2) = 0.25, normalised 0.25/(1-1/2) = 0.5
    close(normalisedGini([3, 1]), 0.5);
    // one person takes every turn: 1 whatever N
    close(normalisedGini([4, 0, 0, 0]), 1);
    close(normalisedGini([2, 2, 2]), 0);
    // [6,2,1,1]: mean 2.5, Σ over ordered pairs 32, G = 32/(2·16·2.5) = 0.4, normalised 0.4/0.75
    close(normalisedGini([6, 2, 1, 1]), 0.4 / 0.75);
    assert.equal(normalisedGini([5]), null);
    assert.equal(normalisedGini([0, 0]), null);
  });

  test('counts turns per person, people who never spoke included, and leaves bots out', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.say(61, 'pm').say(62, 'pm').say(63, 'pm').ask(64, 'eng').say(65, 'bot_role').say(66, 'cs', 'hi', 'bot:cs').end(700);
    const r = turnTaking(logOf(t));
    // pm 3, eng 1, cs 0 (its only message was a bot's): [3,1,0], mean 4/3, Σ ordered = 2·(2+3+1) = 12,
    // G = 12 / (2·9·4/3) = 0.5, normalised 0.5 / (2/3) = 0.75
    close(r.values.turn_gini, 0.75);
    assert.equal(r.facts?.get('pm')?.turns, 3);
    assert.equal(r.facts?.get('cs')?.turns, 0);
    assert.equal(r.facts?.has('bot_role'), false);
  });
});

describe('exchange energy and engagement', () => {
  test('exchanges per minute, pair evenness, engagement and hub share', () => {
    const t = new TestLog().start(0, 0).discussion(0, 600);
    // pm@0, eng@10 (exchange pm-eng), pm@20 (exchange eng-pm), cs@100 (80 s gap: none), eng@110 (exchange cs-eng)
    t.say(0, 'pm').say(10, 'eng').say(20, 'pm').say(100, 'cs').say(110, 'eng').end(120);
    const r = exchangeEnergy(logOf(t));
    // 3 exchanges over 2 active minutes
    close(r.values.exchange_rate, 1.5);
    // pairs: pm|eng 2, cs|eng 1, cs|pm 0 -> Gini [2,1,0] = (8/(2·9·1)) / (2/3) = 2/3, evenness 1/3
    close(r.values.pair_evenness, 1 / 3);
    // 3 exchanges / 3 pairs / 2 minutes = 0.5 per pair per minute, times evenness
    close(r.values.engagement, 0.5 / 3);
    // eng takes part in all 3 exchanges
    close(r.values.hub_share, 1);
    assert.equal(r.facts?.get('eng')?.repliesGiven, 2);
    assert.equal(r.facts?.get('eng')?.exchanges, 3);
  });

  test('pauses do not count as active time', () => {
    const t = new TestLog().start(0, 0).discussion(0, 600);
    t.say(0, 'pm').say(10, 'eng').pause(20).resume(80, 600).say(90, 'pm').say(95, 'eng').end(140);
    // 140 s minus a 60 s pause = 80 s; exchanges: pm-eng@10, pm@90 is 80 s after eng@10 (none), eng@95 (one)
    const log = logOf(t, ['pm', 'eng']);
    close(log.activeMs, 80_000);
    close(exchangeEnergy(log).values.exchange_rate, 2 / (80 / 60));
    // two people make one pair: nothing to spread, and no hub
    assert.equal(exchangeEnergy(log).values.pair_evenness, null);
    assert.equal(exchangeEnergy(log).values.hub_share, null);
  });
});

describe('inquiry', () => {
  test('share of questions and follow-ups on the previous speaker', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.say(60, 'pm')
      .ask(70, 'eng', 'what did they sign?', 'pm') // follow-up: right after pm, addressed to pm
      .ask(80, 'cs', 'and the date?', 'eng') // follow-up: right after eng, addressed to eng
      .ask(180, 'pm', 'anything else?') // 100 s after cs: not a follow-up
      .end(700);
    const r = inquiry(logOf(t));
    close(r.values.question_share, 3 / 4);
    close(r.values.follow_up_share, 2 / 3);
    assert.equal(r.facts?.get('cs')?.followUps, 1);
  });

  test('a question to someone other than the previous speaker is not a follow-up', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.say(60, 'pm').ask(65, 'eng', 'cs, what do you see?', 'cs').end(700);
    close(inquiry(logOf(t)).values.follow_up_share, 0);
  });
});

describe('listening', () => {
  test('median time to a first reply and the share of bids left unanswered', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.ask(100, 'eng', 'Friday or Tuesday?', 'pm')
      .say(115, 'pm') // 15 s
      .ask(140, 'cs', 'who is on call?')
      .say(145, 'eng') // 5 s
      .ask(160, 'pm', 'cs, can you check?', 'cs')
      .say(170, 'eng') // not the addressee; cs never answers within 60 s
      .ask(650, 'pm', 'last call?') // its window runs past the end: left out
      .end(680);
    const r = listening(logOf(t));
    close(r.values.reply_seconds, 10);
    close(r.values.unanswered_share, 1 / 3);
    assert.equal(r.facts?.get('pm')?.bids, 1);
    assert.equal(r.facts?.get('pm')?.bidsAnswered ?? 0, 0);
  });

  test('a vote or support on a proposal answers it', () => {
    const t = new TestLog().start().discussion(60, 600);
    t.propose(100, 'pm', 'release').support(112, 'eng', 'p1').end(700);
    close(listening(logOf(t)).values.reply_seconds, 12);
  });
});

describe('moments', () => {
  test('the last minute before a deadline against the rest of the discussion', () => {
    const t = new TestLog().start(0, 60).discussion(60, 300);
    t.ask(100, 'pm', 'what breaks first?')
      .say(110, 'eng')
      .ask(250, 'cs', 'do we ship?') // 50 s before the deadline: pressure
      .say(270, 'pm') // pressure, and the answer to cs, 20 s later
      .consequences(280, 325)
      .end(400);
    const log = logOf(t);
    // discussion 60..280 = 220 s; pressure 240..280 = 40 s; open 180 s
    close(log.discussionMs, 220_000);
    close(log.pressureMs, 40_000);
    const r = moments(log);
    close(r.values.deadline_turn_rate, 2 / (40 / 60));
    close(r.values.open_turn_rate, 2 / 3);
    close(r.values.deadline_question_share, 1 / 2);
    close(r.values.open_question_share, 1 / 2);
    close(r.values.open_unanswered_share, 0);
    close(r.values.deadline_unanswered_share, 0);
  });

  test('a contested decision: an objection stands until an amendment answers it', () => {
    const t = new TestLog().start(0, 60).discussion(60, 600);
    t.propose(70, 'pm', 'release')
      .object(80, 'eng', 'p1') // contested from here
      .ask(90, 'cs', 'can we chunk it?') // contested
      .amend(100, 'cs', 'p1') // answered: settled from here
      .say(110, 'pm')
      .decide(120, 'release', 'vote', 'p1')
      .end(200);
    const log = logOf(t);
    close(log.contestedMs, 20_000);
    const r = moments(log);
    // contested turns: the question at 90 and the amendment at 100 (flagged before it lands)
    close(r.values.contested_turn_rate, 2 / (20 / 60));
    close(r.values.contested_question_share, 1 / 2);
  });
});
