// Every route behind the policy, called by five kinds of people: nobody signed in, a member of a team in
// organisation A, the lead of that team, an admin of A, and an admin of another organisation B. Each cell has its
// expected status; a refused cell must answer with an error only and leave the database exactly as it was.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { CONSENT_NOTICE } from '../accounts/consent.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  type Browser,
  DRIVERS,
  openAccountsDatabase,
  rowsOf,
  startAccounts,
} from '../accounts/test-accounts.ts';
import { type OidcProvider, startOidcProvider } from '../accounts/test-oidc-provider.ts';
import { INSIGHTS_ROUTE_POLICY } from '../insights/insights-route-policy.ts';
import { createQuestService, type QuestPlay } from '../quests/create-quest-service.ts';
import { SLACK_ROUTE_POLICY } from '../slack/slack-route-policy.ts';
import { PRODUCT_ROUTE_POLICY, QUEST_ROUTE_POLICY, ROUTE_POLICY } from './route-policy.ts';

const ACTORS = ['anonymous', 'member', 'lead', 'admin', 'otherAdmin'] as const;
type Actor = (typeof ACTORS)[number];
type Expect = Record<Actor, number>;
const M = (anonymous: number, member: number, lead: number, admin: number, otherAdmin: number): Expect => ({
  anonymous,
  member,
  lead,
  admin,
  otherAdmin,
});
const ALL = (status: number) => M(status, status, status, status, status);

const STRIPE = {
  secretKey: 'sk_test_matrix',
  webhookSecret: 'whsec_matrix',
  priceId: 'price_matrix',
  meterEventName: 'polarity_active_user',
};
const SLACK = { clientId: 'matrix-client', clientSecret: 'matrix-secret' };

interface World {
  h: AccountsHarness;
  orgA: string;
  orgB: string;
  adminA: string;
  teamT: string;
  stripe: Stripe;
  quests: QuestPlay;
}

interface Cell {
  w: World;
  /** The team this cell's member and lead belong to. */
  team: string;
  n: number;
}

interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

interface Case {
  expect: Expect;
  /** The cell gets its own team (for routes that delete or reshape one). */
  freshTeam?: true;
  prepare(c: Cell): Promise<Req>;
}

let seq = 0;
const address = (who: string) => `${who}.${++seq}@matrix.example.com`;

async function member(w: World, team: string | null): Promise<string> {
  const p = await w.h.accounts.services.people.withEmail(address('target'));
  await w.h.accounts.services.orgs.join(w.orgA, p.id, 'member');
  if (team) await w.h.accounts.services.orgs.addToTeam(team, w.orgA, p.id);
  return p.id;
}

async function invitation(w: World): Promise<{ id: string; token: string }> {
  const { invitation: i, token } = await w.h.accounts.services.invitations.create({
    orgId: w.orgA,
    teamId: null,
    role: 'member',
    kind: 'link',
    email: null,
    invitedBy: w.adminA,
  });
  return { id: i.id, token };
}

const get = (url: string): Req => ({ method: 'GET', url });

const SCENARIO_ID = 'ship-by-friday';

/** A quest in its lobby, held by a player who is nobody's account: quest play knows players by token only. */
async function quest(w: World): Promise<{ questId: string; invite: string; token: string }> {
  const r = await w.quests.createQuest({ scenarioId: SCENARIO_ID, hostName: 'Host' });
  if (!r.ok) throw new Error(r.error.message);
  return { questId: r.questId, invite: r.invite, token: r.player.token };
}

const withToken = (url: string, token: string): Req => ({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

const CASES: Record<string, Case> = {
  'GET /api/auth/session': { expect: ALL(200), prepare: async () => get('/api/auth/session') },
  'GET /api/auth/slack/start': { expect: ALL(302), prepare: async () => get('/api/auth/slack/start?returnTo=/') },
  'GET /api/auth/slack/callback': { expect: ALL(302), prepare: async () => get('/api/auth/slack/callback?code=x&state=y') },
  'POST /api/auth/email': {
    expect: ALL(202),
    prepare: async () => ({ method: 'POST', url: '/api/auth/email', json: { email: address('link') } }),
  },
  'POST /api/auth/email/verify': {
    expect: ALL(200),
    prepare: async ({ w }) => {
      await w.h.accounts.services.emailSignIn.send(address('verify'), '/');
      const token = /#token=([\w-]+)/.exec((w.h.mail.at(-1) as { text: string }).text)?.[1];
      return { method: 'POST', url: '/api/auth/email/verify', json: { token } };
    },
  },
  'POST /api/auth/demo': {
    expect: ALL(201),
    prepare: async () => ({ method: 'POST', url: '/api/auth/demo', json: { name: 'Demo' } }),
  },
  'POST /api/auth/sign-out': { expect: ALL(204), prepare: async () => ({ method: 'POST', url: '/api/auth/sign-out' }) },

  'GET /api/me': { expect: M(401, 200, 200, 200, 200), prepare: async () => get('/api/me') },
  'PATCH /api/me': {
    expect: M(401, 200, 200, 200, 200),
    prepare: async () => ({ method: 'PATCH', url: '/api/me', json: { name: 'Renamed' } }),
  },
  'DELETE /api/me': {
    expect: M(401, 204, 204, 204, 204),
    prepare: async () => ({ method: 'DELETE', url: '/api/me', json: { confirm: 'delete my account' } }),
  },
  'GET /api/me/consent': { expect: M(401, 200, 200, 200, 200), prepare: async () => get('/api/me/consent') },
  'PUT /api/me/consent': {
    expect: M(401, 200, 200, 200, 200),
    prepare: async () => ({
      method: 'PUT',
      url: '/api/me/consent',
      json: { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version },
    }),
  },
  'GET /api/me/export': { expect: M(401, 200, 200, 200, 200), prepare: async () => get('/api/me/export') },
  'POST /api/me/withdraw': {
    expect: M(401, 200, 200, 200, 200),
    prepare: async () => ({ method: 'POST', url: '/api/me/withdraw', json: { confirm: 'withdraw' } }),
  },

  'POST /api/orgs': {
    expect: M(401, 201, 201, 201, 201),
    prepare: async () => ({ method: 'POST', url: '/api/orgs', json: { name: 'New' } }),
  },
  'GET /api/orgs/:orgId': { expect: M(401, 200, 200, 200, 404), prepare: async ({ w }) => get(`/api/orgs/${w.orgA}`) },
  'PATCH /api/orgs/:orgId': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => ({ method: 'PATCH', url: `/api/orgs/${w.orgA}`, json: { name: 'Org A' } }),
  },
  'GET /api/orgs/:orgId/members': {
    expect: M(401, 200, 200, 200, 404),
    prepare: async ({ w }) => get(`/api/orgs/${w.orgA}/members`),
  },
  'PATCH /api/orgs/:orgId/members/:personId': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => ({
      method: 'PATCH',
      url: `/api/orgs/${w.orgA}/members/${await member(w, null)}`,
      json: { role: 'admin' },
    }),
  },
  'DELETE /api/orgs/:orgId/members/:personId': {
    expect: M(401, 403, 403, 204, 404),
    prepare: async ({ w }) => ({ method: 'DELETE', url: `/api/orgs/${w.orgA}/members/${await member(w, null)}` }),
  },
  'DELETE /api/orgs/:orgId/membership': {
    expect: M(401, 204, 204, 204, 404),
    prepare: async ({ w }) => ({ method: 'DELETE', url: `/api/orgs/${w.orgA}/membership` }),
  },
  'GET /api/orgs/:orgId/participation': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => get(`/api/orgs/${w.orgA}/participation`),
  },
  'POST /api/orgs/:orgId/teams': {
    expect: M(401, 403, 403, 201, 404),
    prepare: async ({ w, n }) => ({ method: 'POST', url: `/api/orgs/${w.orgA}/teams`, json: { name: `Team ${n}` } }),
  },
  'POST /api/orgs/:orgId/invitations': {
    expect: M(401, 403, 403, 201, 404),
    prepare: async ({ w }) => ({ method: 'POST', url: `/api/orgs/${w.orgA}/invitations`, json: { kind: 'link' } }),
  },
  'GET /api/orgs/:orgId/invitations': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => get(`/api/orgs/${w.orgA}/invitations`),
  },
  'DELETE /api/orgs/:orgId/invitations/:invitationId': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => ({ method: 'DELETE', url: `/api/orgs/${w.orgA}/invitations/${(await invitation(w)).id}` }),
  },

  'GET /api/teams/:teamId': { expect: M(401, 200, 200, 200, 404), prepare: async ({ team }) => get(`/api/teams/${team}`) },
  'PATCH /api/teams/:teamId': {
    expect: M(401, 403, 200, 200, 404),
    prepare: async ({ team, n }) => ({ method: 'PATCH', url: `/api/teams/${team}`, json: { name: `Renamed ${n}` } }),
  },
  'DELETE /api/teams/:teamId': {
    expect: M(401, 403, 403, 204, 404),
    freshTeam: true,
    prepare: async ({ team }) => ({ method: 'DELETE', url: `/api/teams/${team}` }),
  },
  'PUT /api/teams/:teamId/members/:personId': {
    expect: M(401, 403, 200, 200, 404),
    prepare: async ({ w, team }) => ({ method: 'PUT', url: `/api/teams/${team}/members/${await member(w, null)}` }),
  },
  'DELETE /api/teams/:teamId/members/:personId': {
    expect: M(401, 403, 204, 204, 404),
    prepare: async ({ w, team }) => ({ method: 'DELETE', url: `/api/teams/${team}/members/${await member(w, team)}` }),
  },
  'PUT /api/teams/:teamId/leads/:personId': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w, team }) => ({ method: 'PUT', url: `/api/teams/${team}/leads/${await member(w, null)}` }),
  },
  'DELETE /api/teams/:teamId/leads/:personId': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w, team }) => {
      const id = await member(w, team);
      await w.h.accounts.services.orgs.setTeamRole(team, w.orgA, id, 'lead');
      return { method: 'DELETE', url: `/api/teams/${team}/leads/${id}` };
    },
  },
  'GET /api/teams/:teamId/participation': {
    expect: M(401, 403, 200, 200, 404),
    prepare: async ({ team }) => get(`/api/teams/${team}/participation`),
  },
  // Insights: aggregate views for leads and admins only; a person's own page and sharing choice are theirs.
  'GET /api/orgs/:orgId/insights': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => get(`/api/orgs/${w.orgA}/insights`),
  },
  'GET /api/teams/:teamId/insights': {
    expect: M(401, 403, 200, 200, 404),
    prepare: async ({ team }) => get(`/api/teams/${team}/insights`),
  },
  'GET /api/me/insights': { expect: M(401, 200, 200, 200, 200), prepare: async () => get('/api/me/insights') },
  // Sharing is only with a team one belongs to: the admins here are in no team.
  'PUT /api/me/insights/sharing': {
    expect: M(401, 200, 200, 403, 403),
    prepare: async ({ team }) => ({ method: 'PUT', url: '/api/me/insights/sharing', json: { teamId: team, share: true } }),
  },
  // Slack: the organisation's admins only; the install sends the browser on to Slack.
  'GET /api/orgs/:orgId/slack': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => get(`/api/orgs/${w.orgA}/slack`),
  },
  'GET /api/orgs/:orgId/slack/install': {
    expect: M(401, 403, 403, 302, 404),
    prepare: async ({ w }) => get(`/api/orgs/${w.orgA}/slack/install`),
  },
  'PUT /api/orgs/:orgId/slack/settings': {
    expect: M(401, 403, 403, 200, 404),
    prepare: async ({ w }) => ({
      method: 'PUT',
      url: `/api/orgs/${w.orgA}/slack/settings`,
      // The default again: narrowing it would close team insights to the lead in any case that runs after this one.
      json: { insightsAudience: 'leads_and_admins' },
    }),
  },
  'POST /api/teams/:teamId/invitations': {
    expect: M(401, 403, 201, 201, 404),
    prepare: async ({ team }) => ({ method: 'POST', url: `/api/teams/${team}/invitations`, json: { kind: 'link' } }),
  },

  'GET /api/invitations/:token': {
    expect: ALL(200),
    prepare: async ({ w }) => get(`/api/invitations/${(await invitation(w)).token}`),
  },
  'POST /api/invitations/:token/accept': {
    expect: M(401, 200, 200, 200, 200),
    prepare: async ({ w }) => ({ method: 'POST', url: `/api/invitations/${(await invitation(w)).token}/accept` }),
  },

  'GET /api/billing/:orgId': { expect: M(401, 403, 403, 200, 404), prepare: async ({ w }) => get(`/api/billing/${w.orgA}`) },
  'POST /api/billing/:orgId/checkout': {
    expect: M(401, 403, 403, 201, 404),
    prepare: async ({ w }) => ({ method: 'POST', url: `/api/billing/${w.orgA}/checkout` }),
  },
  'POST /api/billing/webhook': {
    expect: ALL(200),
    prepare: async ({ w, n }) => {
      const payload = JSON.stringify({
        id: `evt_matrix_${n}`,
        object: 'event',
        type: 'invoice.paid',
        created: 1,
        data: { object: {} },
      });
      const signature = w.stripe.webhooks.generateTestHeaderString({
        payload,
        secret: STRIPE.webhookSecret,
        timestamp: Math.floor(w.h.time.now / 1000),
      });
      return {
        method: 'POST',
        url: '/api/billing/webhook',
        body: payload,
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      };
    },
  },

  // Quest play is open to everyone, signed in or not, as before accounts: the player token is the identity, so a
  // session neither grants nor refuses anything, and changes need no CSRF token (the browser sends none here).
  'GET /api/health': { expect: ALL(200), prepare: async () => get('/api/health') },
  'GET /api/scenarios': { expect: ALL(200), prepare: async () => get('/api/scenarios') },
  'POST /api/quests': {
    expect: ALL(201),
    prepare: async () => ({
      method: 'POST',
      url: '/api/quests',
      json: { scenarioId: SCENARIO_ID, name: 'Host' },
      headers: { 'x-csrf-token': '' },
    }),
  },
  'GET /api/invites/:invite': { expect: ALL(200), prepare: async ({ w }) => get(`/api/invites/${(await quest(w)).invite}`) },
  'POST /api/invites/:invite/join': {
    expect: ALL(201),
    prepare: async ({ w }) => ({
      method: 'POST',
      url: `/api/invites/${(await quest(w)).invite}/join`,
      json: { name: 'Guest' },
      headers: { 'x-csrf-token': '' },
    }),
  },
  'GET /api/quests/:id': {
    expect: ALL(200),
    prepare: async ({ w }) => {
      const q = await quest(w);
      return withToken(`/api/quests/${q.questId}`, q.token);
    },
  },
  'GET /api/quests/:id/events': {
    expect: ALL(200),
    prepare: async ({ w }) => {
      const q = await quest(w);
      return withToken(`/api/quests/${q.questId}/events`, q.token);
    },
  },
  // Without its player token a quest answers 401 to everyone, whatever their session.
  'GET /api/quests/:id/debrief': {
    expect: ALL(401),
    prepare: async ({ w }) => get(`/api/quests/${(await quest(w)).questId}/debrief`),
  },
  // Transcription (server/transcription) is quest play too: the player token authorises a recording.
  'GET /api/transcription': { expect: ALL(200), prepare: async () => get('/api/transcription') },
  'POST /api/quests/:id/transcriptions': {
    expect: ALL(200),
    prepare: async ({ w }) => {
      const q = await quest(w);
      return {
        method: 'POST',
        url: `/api/quests/${q.questId}/transcriptions`,
        body: 'recorded speech',
        headers: { authorization: `Bearer ${q.token}`, 'content-type': 'audio/webm' },
      };
    },
  },
};

/** Everything a refused request might have touched, in one value. */
async function fingerprint(h: AccountsHarness): Promise<string> {
  const r = await h.db.execute(sql`
    select concat_ws('|',
      (select count(*) from people), (select string_agg(concat(name, email), ',' order by id) from people),
      (select count(*) from sessions), (select count(*) from memberships),
      (select string_agg(concat(org_id, person_id, role), ',' order by org_id, person_id) from memberships),
      (select string_agg(concat(id, name), ',' order by id) from teams),
      (select string_agg(concat(team_id, person_id, role), ',' order by team_id, person_id) from team_members),
      (select string_agg(concat(id, revoked_at, accepted_at), ',' order by id) from invitations),
      (select string_agg(concat(id, name, insights_audience), ',' order by id) from organisations),
      (select count(*) from consents), (select count(*) from email_sign_ins), (select count(*) from slack_sign_ins),
      (select count(*) from org_subscriptions), (select count(*) from stripe_events), (select count(*) from monthly_activity),
      (select count(*) from quests), (select count(*) from players), (select count(*) from quest_events),
      (select count(*) from slack_install_states), (select string_agg(concat(org_id, announcement_channel_id), ',') from slack_org_settings)
    ) as f`);
  return (rowsOf<{ f: string }>(r)[0] as { f: string }).f;
}

// The drivers run side by side: PGlite works in this process while PostgreSQL works in its own.
describe('the route matrix', { concurrency: true }, () => {
  for (const driver of DRIVERS) {
    describe(`the route matrix on ${driver}`, { concurrency: false }, () => {
      let d: AccountsTestDatabase;
      let w: World;
      let stripeServer: Server;
      let slack: OidcProvider;
      let n = 0;

      before(async () => {
        d = await openAccountsDatabase(driver);
        stripeServer = createServer((_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ id: 'cs_matrix', object: 'checkout.session', url: 'https://checkout.stripe.test/matrix' }));
        });
        await new Promise<void>((resolve) => stripeServer.listen(0, '127.0.0.1', resolve));
        const stripe = new Stripe(STRIPE.secretKey, {
          host: '127.0.0.1',
          port: (stripeServer.address() as AddressInfo).port,
          protocol: 'http',
          maxNetworkRetries: 0,
        });
        slack = await startOidcProvider(SLACK);
        const quests = await createQuestService({ store: d.opened.store, catalog: loadCatalog() });
        const h = await startAccounts(d.db, {
          config: { stripe: STRIPE, slack: { issuer: slack.issuer, ...SLACK } },
          stripe,
          quests,
          insights: true,
          slack: true,
        });
        const admin = await h.accounts.services.people.withEmail(address('founder-a'));
        const orgA = (await h.accounts.services.orgs.create('Org A', admin.id)).id;
        const adminB = await h.accounts.services.people.withEmail(address('founder-b'));
        const orgB = (await h.accounts.services.orgs.create('Org B', adminB.id)).id;
        const teamT = (await h.accounts.services.orgs.createTeam(orgA, 'Team T')).id;
        w = { h, orgA, orgB, adminA: admin.id, teamT, stripe, quests };
      });
      after(async () => {
        await w?.h.close();
        await w?.quests.close();
        stripeServer?.close();
        await slack?.close();
        await d?.destroy();
      });

      /** A new person in the actor's place, signed in with a fresh session and CSRF token. */
      async function actor(kind: Actor, team: string): Promise<Browser> {
        if (kind === 'anonymous') return w.h.anonymous();
        const { person, browser } = await w.h.person(address(kind), kind);
        const orgs = w.h.accounts.services.orgs;
        if (kind === 'otherAdmin') await orgs.join(w.orgB, person.id, 'admin');
        else await orgs.join(w.orgA, person.id, kind === 'admin' ? 'admin' : 'member');
        if (kind === 'member' || kind === 'lead')
          await orgs.setTeamRole(team, w.orgA, person.id, kind === 'lead' ? 'lead' : 'member');
        return browser;
      }

      test('the matrix covers exactly the routes registered, and the policy names each of them', () => {
        const registered = [...new Set(w.h.routes)].sort();
        const served = { ...ROUTE_POLICY, ...QUEST_ROUTE_POLICY, ...INSIGHTS_ROUTE_POLICY, ...SLACK_ROUTE_POLICY };
        assert.deepEqual(registered, Object.keys(served).sort());
        assert.deepEqual(Object.keys(CASES).sort(), registered);
        // The server's one table holds these and the ledger's and the coach's (their own tests cover those cells).
        for (const route of registered) assert.deepEqual(PRODUCT_ROUTE_POLICY[route], served[route]);
      });

      for (const [route, c] of Object.entries(CASES)) {
        test(route, async () => {
          const problems: string[] = [];
          for (const who of ACTORS) {
            n += 1;
            const team = c.freshTeam ? (await w.h.accounts.services.orgs.createTeam(w.orgA, `Fresh ${n}`)).id : w.teamT;
            const browser = await actor(who, team);
            const req = await c.prepare({ w, team, n });
            const expected = c.expect[who];
            const refused = expected >= 400;
            const before = refused ? await fingerprint(w.h) : '';
            const r = await browser.request(req.method, req.url, {
              ...(req.json !== undefined ? { json: req.json } : {}),
              ...(req.body !== undefined ? { body: req.body } : {}),
              ...(req.headers ? { headers: req.headers } : {}),
            });
            if (r.status !== expected) problems.push(`${who}: expected ${expected}, got ${r.status} ${r.body.slice(0, 200)}`);
            if (refused) {
              if (JSON.stringify(Object.keys(r.json ?? {})) !== '["error"]')
                problems.push(`${who}: a refusal carried more than an error: ${r.body}`);
              if ((await fingerprint(w.h)) !== before) problems.push(`${who}: a refused request changed the database`);
            }
          }
          assert.deepEqual(problems, []);
        });
      }

      test('a lead of one team is refused on another team of the same organisation', async () => {
        const other = (await w.h.accounts.services.orgs.createTeam(w.orgA, 'Other team')).id;
        const lead = await actor('lead', w.teamT);
        const attempts = [
          ['PATCH', `/api/teams/${other}`, { name: 'Mine now' }],
          ['GET', `/api/teams/${other}/participation`, undefined],
          ['GET', `/api/teams/${other}/insights`, undefined],
          ['POST', `/api/teams/${other}/invitations`, { kind: 'link' }],
        ] as const;
        for (const [method, url, json] of attempts) {
          const r = await lead.request(method, url, json ? { json } : {});
          assert.equal(r.status, 403, `${method} ${url}: ${r.body}`);
        }
      });

      test('ids that do not exist look the same as ids in another organisation', async () => {
        const admin = await actor('admin', w.teamT);
        const missing = '00000000-0000-4000-8000-000000000000';
        const a = await admin.request('GET', `/api/orgs/${missing}`);
        const b = await admin.request('GET', `/api/orgs/${w.orgB}`);
        assert.deepEqual([a.status, b.status], [404, 404]);
        assert.equal(a.json.error.message, b.json.error.message);
        const malformed = await admin.request('GET', '/api/teams/not-a-uuid');
        assert.equal(malformed.status, 400);
      });
    });
  }
});
