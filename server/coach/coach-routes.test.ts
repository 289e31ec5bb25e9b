// Every coach route, called by the owner, by a different person, by a team lead, by an organisation admin and by
// nobody: each gets only their own coaching; another person's debrief answers 404 and nothing of it leaks anywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Coach, createCoach } from './coach.ts';
import { COACH_ROUTE_PREFIX, coachPlugin } from './coach-plugin.ts';
import { Keyring, newKeyText, parseKey } from './keyring.ts';
import { type CoachTestDatabase, openCoachDatabase } from './test-coach-database.ts';
import { playedQuest, uuidOf } from './test-quest.ts';

const played = playedQuest('routes');
const owner = played.people.eng as string;
const IDENTITIES: Record<string, string> = {
  owner,
  teammate: played.people.pm as string,
  lead: uuidOf('routes', 'team lead'),
  admin: uuidOf('routes', 'org admin'),
};

let t: CoachTestDatabase;
let coach: Coach;
let app: FastifyInstance;
const routes: string[] = [];
let ownerDebriefId = '';
const ownerQuestion = 'How do I push back on a deadline my PM promised a customer, quietly?';

/** What would give the owner's coaching away: their quest, their question and every quote in their debrief. */
async function ownerSecrets(): Promise<string[]> {
  const text = JSON.stringify((await coach.exportFor(owner)).debriefs);
  return [played.quest.questId, 'quietly?', ...[...text.matchAll(/“([^”]{12,})”/g)].map((m) => m[1] as string)];
}

async function call(who: string | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) {
  const headers: Record<string, string> = { 'x-test-session': who ?? '', 'x-person-id': owner };
  const r = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    status: r.statusCode,
    body: r.body,
    json: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : null,
    headers: r.headers,
  };
}

before(async () => {
  t = await openCoachDatabase('postgres');
  coach = createCoach({ db: t.db, config: { keyring: new Keyring(parseKey(newKeyText(), 'k')), llm: null } });
  await coach.debriefQuest({ ...played.quest, players: played.quest.players.filter((p) => p.personId === owner) });
  app = Fastify({ logger: false });
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  // Stands in for accounts: the session says who is asking. The x-person-id header is what an attacker would try.
  await app.register(coachPlugin, {
    coach,
    currentPerson: (request) => {
      const who = IDENTITIES[String(request.headers['x-test-session'])];
      return who ? { id: who } : null;
    },
  });
  await app.ready();
  ownerDebriefId = (await coach.listDebriefs(owner))[0]?.id as string;
  await coach.ask(owner, ownerQuestion);
});
after(async () => {
  await app?.close();
  await t?.destroy();
});

describe('coach routes', () => {
  test('live only under /api/me/coach/ and take no person id', () => {
    assert.deepEqual(routes.sort(), [
      'DELETE /api/me/coach/data',
      'GET /api/me/coach/debriefs',
      'GET /api/me/coach/debriefs/:debriefId',
      'GET /api/me/coach/history',
      'GET /api/me/coach/topics',
      'POST /api/me/coach/ask',
    ]);
    for (const r of routes) assert.ok(!/person|user|member/i.test(r), r);
  });

  test('refuse to be mounted anywhere else', async () => {
    const other = Fastify({ logger: false });
    await assert.rejects(
      (async () => {
        await other.register(coachPlugin, { coach, currentPerson: () => null, prefix: '/api/orgs/:orgId' });
        await other.ready();
      })(),
      /coach routes live under \/api\/me\/coach/,
    );
    await other.close();
  });

  test('give the owner their own debrief, marked private to the browser', async () => {
    const list = await call('owner', 'GET', `${COACH_ROUTE_PREFIX}/debriefs`);
    assert.equal(list.status, 200);
    assert.equal(list.headers['cache-control'], 'no-store');
    assert.equal((list.json?.debriefs as unknown[] | undefined)?.length, 1);
    const one = await call('owner', 'GET', `${COACH_ROUTE_PREFIX}/debriefs/${ownerDebriefId}`);
    assert.equal(one.status, 200);
    const debrief = one.json?.debrief as { id: string; role: string; observations: unknown[] };
    assert.equal(debrief.id, ownerDebriefId);
    assert.equal(debrief.role, 'eng');
    assert.ok(debrief.observations.length >= 2);
    const history = await call('owner', 'GET', `${COACH_ROUTE_PREFIX}/history`);
    assert.match(history.body, /quietly\?/);
  });

  test("give a different person, a lead and an admin nothing of the owner's, on every route", async () => {
    const secrets = [ownerDebriefId, ...(await ownerSecrets())];
    const leaks = (body: string) => secrets.filter((s) => body.includes(s));

    for (const who of ['teammate', 'lead', 'admin']) {
      const one = await call(who, 'GET', `${COACH_ROUTE_PREFIX}/debriefs/${ownerDebriefId}`);
      assert.equal(one.status, 404, `${who} reading the owner's debrief`);
      assert.deepEqual(leaks(one.body), [], who);
      assert.deepEqual(one.json, { error: { code: 'not_found', message: 'there is no such debrief among yours' } });

      const list = await call(who, 'GET', `${COACH_ROUTE_PREFIX}/debriefs`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.json, { debriefs: [] }, `${who} sees only their own (none)`);

      const history = await call(who, 'GET', `${COACH_ROUTE_PREFIX}/history`);
      assert.deepEqual(history.json, { questions: [] }, `${who} sees only their own questions`);

      const ask = await call(who, 'POST', `${COACH_ROUTE_PREFIX}/ask`, { question: 'How do I price a risk?' });
      assert.equal(ask.status, 200);
      assert.deepEqual(leaks(ask.body), [], `${who}'s answer draws on nobody else's history`);

      const topics = await call(who, 'GET', `${COACH_ROUTE_PREFIX}/topics`);
      assert.equal(topics.status, 200);
      assert.deepEqual(leaks(topics.body), []);

      const erase = await call(who, 'DELETE', `${COACH_ROUTE_PREFIX}/data`);
      assert.equal(erase.status, 204);
      assert.equal((await coach.listDebriefs(owner)).length, 1, `${who} deleting their data leaves the owner's`);
      assert.equal((await coach.history(owner)).length, 1);
    }
  });

  test('ignore every attempt to name someone else', async () => {
    const tries = [
      `${COACH_ROUTE_PREFIX}/debriefs?personId=${owner}`,
      `${COACH_ROUTE_PREFIX}/history?person=${owner}`,
      `${COACH_ROUTE_PREFIX}/debriefs/${ownerDebriefId}?as=${owner}`,
    ];
    for (const url of tries) {
      const r = await call('admin', 'GET', url);
      assert.equal(r.status, 400, url);
      assert.match(r.body, /unknown field/);
    }
    const spoofed = await call('admin', 'POST', `${COACH_ROUTE_PREFIX}/ask`, { question: 'hi there', personId: owner });
    assert.equal(spoofed.status, 400);
    for (const url of [
      `/api/orgs/${uuidOf('org')}/coach`,
      `/api/teams/${uuidOf('team')}/coach/debriefs`,
      `/api/admin/coach/debriefs`,
      `/api/coach/debriefs/${ownerDebriefId}`,
      `/api/people/${owner}/coach`,
    ]) {
      const r = await call('admin', 'GET', url);
      assert.equal(r.status, 404, url);
      assert.deepEqual(
        (await ownerSecrets()).filter((x) => r.body.includes(x)),
        [],
        url,
      );
    }
    const badId = await call('lead', 'GET', `${COACH_ROUTE_PREFIX}/debriefs/not-an-id`);
    assert.equal(badId.status, 404);
  });

  test('refuse anyone not signed in, on every route', async () => {
    for (const route of routes) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'DELETE', string];
      const r = await call(
        null,
        method,
        path.replace(':debriefId', ownerDebriefId),
        method === 'POST' ? { question: 'hi' } : undefined,
      );
      assert.equal(r.status, 401, route);
      assert.equal((r.json?.error as { code: string } | undefined)?.code, 'unauthorized');
    }
  });

  test('check questions and run the CSRF check on changes when given one', async () => {
    const empty = await call('owner', 'POST', `${COACH_ROUTE_PREFIX}/ask`, { question: '  ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /must not be empty/);
    const guarded = Fastify({ logger: false });
    await guarded.register(coachPlugin, {
      coach,
      currentPerson: () => ({ id: owner }),
      csrfProtection: (request, _reply, done) =>
        done(request.headers['x-csrf-token'] === 'good' ? undefined : Object.assign(new Error('bad token'), { statusCode: 403 })),
    });
    const refused = await guarded.inject({ method: 'DELETE', url: `${COACH_ROUTE_PREFIX}/data` });
    assert.equal(refused.statusCode, 403);
    const read = await guarded.inject({ method: 'GET', url: `${COACH_ROUTE_PREFIX}/debriefs` });
    assert.equal(read.statusCode, 200);
    assert.equal((await coach.listDebriefs(owner)).length, 1, 'nothing was deleted');
    await guarded.close();
  });

  test('let the owner delete all of their coaching', async () => {
    const r = await call('owner', 'DELETE', `${COACH_ROUTE_PREFIX}/data`);
    assert.equal(r.status, 204);
    assert.deepEqual((await call('owner', 'GET', `${COACH_ROUTE_PREFIX}/debriefs`)).json, { debriefs: [] });
    assert.deepEqual((await call('owner', 'GET', `${COACH_ROUTE_PREFIX}/history`)).json, { questions: [] });
    assert.equal((await call('owner', 'GET', `${COACH_ROUTE_PREFIX}/debriefs/${ownerDebriefId}`)).status, 404);
  });
});
