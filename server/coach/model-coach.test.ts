// The optional model coach against a local OpenAI-compatible stub: it is used when it answers well and in time, and
// the playbook answers instead, quietly, when it does not. Its prompt carries only the asking person's own data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { renderTemplate } from '../../engine/index.ts';
import { type Coach, createCoach } from './coach.ts';
import type { LlmSettings } from './coach-config.ts';
import { Keyring, newKeyText, parseKey } from './keyring.ts';
import { acceptableAnswer, askModel, buildPrompt } from './model-coach.ts';
import { EMPTY_HISTORY } from './personal-history.ts';
import { cardsSeenBy } from './quest-moments.ts';
import { type CoachTestDatabase, openCoachDatabase } from './test-coach-database.ts';
import { GOOD_ANSWER, type ModelMode, type ModelServer, startModelServer } from './test-model-server.ts';
import { playedQuest } from './test-quest.ts';

let server: ModelServer;
before(async () => {
  server = await startModelServer();
});
after(async () => {
  await server?.close();
});

const settings = (mode: ModelMode, extra: Partial<LlmSettings> = {}): LlmSettings => ({
  baseUrl: server.baseUrl(mode),
  apiKey: undefined,
  model: 'stub-model',
  timeoutMs: 400,
  ...extra,
});
const prompt = buildPrompt('How do I push back on a deadline?', [], EMPTY_HISTORY);

describe('asking the model', () => {
  test('a good answer comes back as text, with the key sent only when configured', async () => {
    assert.deepEqual(await askModel(settings('ok', { apiKey: 'sk-test' }), prompt), { ok: true, text: GOOD_ANSWER });
    const sent = server.requests.at(-1);
    assert.equal(sent?.headers.authorization, 'Bearer sk-test');
    assert.equal(sent?.body.model, 'stub-model');
    assert.deepEqual(
      sent?.body.messages.map((m) => m.role),
      ['system', 'user'],
    );
    await askModel(settings('ok'), prompt);
    assert.equal(server.requests.at(-1)?.headers.authorization, undefined);
  });

  test("a reasoning model's thinking is not part of the answer", async () => {
    assert.deepEqual(await askModel(settings('thinking'), prompt), { ok: true, text: GOOD_ANSWER });
  });

  test('errors, timeouts, garbage and off-tone answers are refused with a reason', async () => {
    const cases: [ModelMode, RegExp][] = [
      ['error', /answered 500/],
      ['garbage', /did not answer with JSON/],
      ['no-choices', /empty, malformed or off-tone/],
      ['empty', /empty, malformed or off-tone/],
      ['shaming', /empty, malformed or off-tone/],
    ];
    for (const [mode, reason] of cases) {
      const r = await askModel(settings(mode), prompt);
      assert.equal(r.ok, false, mode);
      if (!r.ok) assert.match(r.reason, reason, mode);
    }
    const started = Date.now();
    const slow = await askModel(settings('hang', { timeoutMs: 300 }), prompt);
    assert.deepEqual(slow, { ok: false, reason: 'the model did not answer within 300 ms' });
    assert.ok(Date.now() - started < 3000, 'gives up at the timeout');
    const nobody = await askModel({ ...settings('ok'), baseUrl: 'http://127.0.0.1:9/v1' }, prompt);
    assert.equal(nobody.ok, false);
  });

  test("acceptable answers are text of a sensible length in the coach's tone", () => {
    assert.equal(acceptableAnswer(42), null);
    assert.equal(acceptableAnswer('Too short.'), null);
    assert.equal(acceptableAnswer('x'.repeat(5000)), null);
    assert.equal(acceptableAnswer(`  ${GOOD_ANSWER}  `), GOOD_ANSWER);
    assert.equal(acceptableAnswer(`${GOOD_ANSWER} You should have known better.`), null);
  });
});

describe('the coach with a model configured', () => {
  let t: CoachTestDatabase;
  const played = playedQuest('model-coach');
  const pm = played.people.pm as string;
  const question = 'How do I push back on a deadline my PM promised a customer?';
  const keyring = new Keyring(parseKey(newKeyText(), 'k'));
  const coachWith = (mode: ModelMode, timeoutMs = 400): Coach =>
    createCoach({ db: t.db, config: { keyring, llm: settings(mode, { timeoutMs }) } });

  before(async () => {
    t = await openCoachDatabase('postgres');
    await coachWith('ok').debriefQuest(played.quest);
  });
  after(async () => {
    await t?.destroy();
  });

  test("uses the model's answer when it is good", async () => {
    const a = await coachWith('ok').ask(pm, question);
    assert.equal(a.source, 'model');
    assert.equal(a.text, GOOD_ANSWER);
    assert.equal(a.entries[0]?.id, 'promised-deadline', 'the playbook entries it drew on are still named');
  });

  test('falls back to the playbook answer, without an error, on every kind of failure', async () => {
    const playbookOnly = createCoach({ db: t.db, config: { keyring, llm: null } });
    const expected = await playbookOnly.ask(pm, question);
    for (const mode of ['error', 'hang', 'garbage', 'no-choices', 'empty', 'shaming'] as const) {
      const a = await coachWith(mode, 300).ask(pm, question);
      assert.equal(a.source, 'playbook', mode);
      assert.equal(a.text, expected.text, mode);
    }
  });

  test("the prompt holds the asker's own history and playbook entries, and nothing of anyone else's", async () => {
    server.requests.length = 0;
    await coachWith('ok').ask(pm, question);
    const sent = JSON.stringify(server.requests[0]?.body.messages);
    assert.match(sent, /Push back on the plan, not on the person|When a date was promised to a customer without you/);
    assert.match(sent, /into the quest, you /, "the asker's own moments are there");
    const log = { scenario: played.scenario, events: played.sim.events, vars: played.sim.state.vars };
    const seen = cardsSeenBy(log, 'pm');
    for (const e of played.sim.events) {
      if (e.type === 'message_sent' && e.by !== 'pm') {
        const own = played.sim.events.some((x) => x.type === 'message_sent' && x.by === 'pm' && x.text === e.text);
        if (!own) assert.ok(!sent.includes(JSON.stringify(e.text).slice(1, -1)), `someone else's words: ${e.text}`);
      }
      if (e.type === 'proposal_objected' && e.by !== 'pm') assert.ok(!sent.includes(JSON.stringify(e.reason).slice(1, -1)));
    }
    for (const card of played.scenario.cards.values()) {
      if (seen.has(card.def.id)) continue;
      assert.ok(!sent.includes(renderTemplate(card.text, played.sim.state.vars).slice(0, 60)), `unseen card ${card.def.id}`);
    }
    for (const role of ['eng', 'cs', 'design']) assert.ok(!sent.includes(played.people[role] as string), 'no other person ids');
  });
});
