import assert from 'node:assert/strict';
import { test } from 'node:test';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { accessOf, enforcePolicy } from './enforce-policy.ts';
import { answerRefusal } from './refusal.ts';
import type { PolicyDirectory, PolicyTable } from './rules.ts';

const ORG = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';

/** Ada is an admin of ORG; Lee leads TEAM in ORG; Mo is a member of ORG; the session cookie names the person. */
const directory: PolicyDirectory = {
  async authenticate(cookies) {
    const who = cookies.who;
    return who ? { id: who, name: who, email: null, demo: false } : null;
  },
  async orgRole(personId, orgId) {
    if (orgId !== ORG) return null;
    return personId === 'ada' ? 'admin' : ['lee', 'mo'].includes(personId) ? 'member' : null;
  },
  async teamOrg(teamId) {
    return teamId === TEAM ? ORG : null;
  },
  async teamRole(personId, teamId) {
    return teamId === TEAM && personId === 'lee' ? 'lead' : null;
  },
  async readOnlyReason() {
    return null;
  },
};

async function appWith(table: PolicyTable, routes: (app: FastifyInstance) => void, csrfPasses = true): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(fastifyCookie);
  app.setErrorHandler(answerRefusal);
  enforcePolicy(app, {
    table,
    directory,
    csrfProtection: (_request, reply, done) => {
      if (csrfPasses) return done();
      reply.send(Object.assign(new Error('Invalid csrf token'), { code: 'FST_CSRF_INVALID_TOKEN', statusCode: 403 }));
    },
  });
  routes(app);
  await app.ready();
  return app;
}

const as = (who: string | null) => (who ? { cookie: `who=${who}` } : {});

test('a route missing from the table is closed to everyone, however the request is made', async () => {
  const app = await appWith({ 'GET /listed': { rule: 'anonymous' } }, (a) => {
    a.get('/listed', async () => ({ ok: true }));
    a.get('/forgotten', async () => ({ secret: 42 }));
    a.post('/forgotten', async () => ({ secret: 42 }));
  });
  assert.equal((await app.inject({ url: '/listed' })).statusCode, 200);
  for (const who of [null, 'ada']) {
    for (const method of ['GET', 'HEAD', 'POST'] as const) {
      const r = await app.inject({ method, url: '/forgotten', headers: as(who) });
      assert.equal(r.statusCode, 403, `${method} as ${who}`);
      assert.doesNotMatch(r.body, /42/);
    }
  }
});

test('rules widen only downwards: admins do what leads do, leads what members do, nobody goes up', async () => {
  const table: PolicyTable = {
    'GET /orgs/:orgId': { rule: 'org-member' },
    'GET /orgs/:orgId/admin': { rule: 'org-admin' },
    'GET /teams/:teamId/lead': { rule: 'team-lead' },
    'GET /me': { rule: 'self' },
  };
  const app = await appWith(table, (a) => {
    a.get('/orgs/:orgId', async (request) => accessOf(request));
    a.get('/orgs/:orgId/admin', async () => ({ ok: true }));
    a.get('/teams/:teamId/lead', async (request) => accessOf(request));
    a.get('/me', async (request) => accessOf(request).person);
  });
  const status = async (url: string, who: string | null) => (await app.inject({ url, headers: as(who) })).statusCode;
  const cases: [string, Record<string, number>][] = [
    [`/orgs/${ORG}`, { none: 401, mo: 200, lee: 200, ada: 200, eve: 404 }],
    [`/orgs/${ORG}/admin`, { none: 401, mo: 403, lee: 403, ada: 200, eve: 404 }],
    [`/teams/${TEAM}/lead`, { none: 401, mo: 403, lee: 200, ada: 200, eve: 404 }],
    ['/me', { none: 401, mo: 200, lee: 200, ada: 200, eve: 200 }],
  ];
  for (const [url, expected] of cases) {
    for (const [who, code] of Object.entries(expected))
      assert.equal(await status(url, who === 'none' ? null : who), code, `${url} as ${who}`);
  }
  const lead = (await app.inject({ url: `/teams/${TEAM}/lead`, headers: as('lee') })).json();
  assert.deepEqual([lead.orgId, lead.teamId, lead.orgRole, lead.teamRole], [ORG, TEAM, 'member', 'lead']);
  assert.equal(await status('/orgs/not-a-uuid', 'ada'), 400);
  assert.equal(await status(`/teams/${ORG}/lead`, 'ada'), 404, 'an unknown team');
});

test('changes need the CSRF check unless the entry carries its own proof; reads never do', async () => {
  const table: PolicyTable = {
    'POST /change': { rule: 'anonymous' },
    'POST /webhook': { rule: 'anonymous', csrf: false },
    'GET /read': { rule: 'anonymous' },
  };
  const app = await appWith(
    table,
    (a) => {
      a.post('/change', async () => ({ changed: true }));
      a.post('/webhook', async () => ({ received: true }));
      a.get('/read', async () => ({ read: true }));
    },
    false,
  );
  const change = await app.inject({ method: 'POST', url: '/change' });
  assert.equal(change.statusCode, 403);
  assert.equal(change.json().error.code, 'csrf');
  assert.equal((await app.inject({ method: 'POST', url: '/webhook' })).statusCode, 200);
  assert.equal((await app.inject({ url: '/read' })).statusCode, 200);
});

test('a rule that cannot find its organisation or team in the path stops the start', async () => {
  await assert.rejects(
    appWith({ 'GET /leads': { rule: 'team-lead' } }, (a) => {
      a.get('/leads', async () => ({}));
    }),
    /needs a :teamId/,
  );
  await assert.rejects(
    appWith({ 'GET /orgs/:orgId/teams/:teamId': { rule: 'org-member' } }, (a) => {
      a.get('/orgs/:orgId/teams/:teamId', async () => ({}));
    }),
    /either an :orgId or a :teamId/,
  );
});
