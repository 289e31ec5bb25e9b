// The insights routes behind the policy, beside the accounts plugin on one app: who may read what, the CSRF check on
// the one change, and a withdrawal through accounts erasing the person's insights rows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { type QuestEvent, simulate } from '../../engine/index.ts';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { type Accounts, createAccounts } from '../accounts/accounts.ts';
import { accountsPlugin } from '../accounts/accounts-plugin.ts';
import { CONSENT_NOTICE } from '../accounts/consent.ts';
import {
  type AccountsTestDatabase,
  Browser,
  GENEROUS_LIMITS,
  openAccountsDatabase,
  TEST_CONFIG,
} from '../accounts/test-accounts.ts';
import { questEvents, quests } from '../store/schema.ts';
import type { InsightsDatabase } from './insights-database.ts';
import { insightsPlugin } from './insights-plugin.ts';
import { INSIGHTS_ROUTE_POLICY } from './insights-route-policy.ts';
import { privacyConfig } from './privacy/privacy-config.ts';
import type { QuestParticipants } from './quest-participants.ts';
import { RollupUpdater } from './rollup-updater.ts';
import { insightPersonQuests } from './schema.ts';

const sc = loadCatalog().get('ship-by-friday');
if (!sc) throw new Error('the ship-by-friday scenario is missing');
const scenario = sc;
const ROLES = scenario.def.roles.map((r) => r.id);

let t: AccountsTestDatabase;
let app: FastifyInstance;
let accounts: Accounts;
let db: InsightsDatabase;
const routes: string[] = [];
const places = new Map<string, QuestParticipants>();
const now = { ms: Date.UTC(2025, 4, 2) };

async function signedIn(email: string): Promise<{ id: string; browser: Browser }> {
  const person = await accounts.services.people.withEmail(email);
  await accounts.services.consents.set(person.id, { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version });
  const browser = new Browser(app);
  await browser.refreshCsrf();
  const { token } = await accounts.services.sessions.start(person.id, undefined);
  browser.cookies.set(accounts.services.sessions.cookieName, token);
  return { id: person.id, browser };
}

async function playedQuest(orgId: string, teamId: string, people: string[], seed: number): Promise<string> {
  const id = randomUUID();
  const sim = simulate({ scenario, seed, personas: ['collaborative', 'positional', 'collaborative', 'quiet'] });
  const events = sim.events.map((e) => ({ ...e, at: e.at + Date.UTC(2025, 2, 3 + seed) }) as QuestEvent);
  await db.insert(quests).values({
    id,
    orgId,
    scenarioId: scenario.id,
    scenarioHash: 'test',
    seed,
    invite: randomUUID(),
    hostPlayerId: randomUUID(),
    status: 'finished',
    version: events.length,
  });
  await db.insert(questEvents).values(
    events.map((event, i) => ({
      questId: id,
      seq: i + 1,
      type: event.type,
      actor: 'by' in event ? `player-${event.by}` : 'system',
      seat: null,
      at: event.at,
      schemaVersion: 1,
      payload: event,
    })),
  );
  places.set(id, { teamId, people: ROLES.map((role, i) => ({ role, personId: people[i % people.length] as string })) });
  return id;
}

let org: { id: string };
let team: { id: string };
let admin: Awaited<ReturnType<typeof signedIn>>;
let lead: Awaited<ReturnType<typeof signedIn>>;
let member: Awaited<ReturnType<typeof signedIn>>;
const crew: Awaited<ReturnType<typeof signedIn>>[] = [];

before(async () => {
  t = await openAccountsDatabase('postgres');
  db = t.db as unknown as InsightsDatabase;
  const logger = pino({ level: 'silent' });
  accounts = createAccounts({
    db: t.db,
    config: TEST_CONFIG,
    logger,
    clock: () => now.ms,
    mailer: null,
    limits: GENEROUS_LIMITS,
  });
  app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD' && r.url.includes('insights')) routes.push(`${m} ${r.url}`);
  });
  await app.register(accountsPlugin, { db: t.db, config: TEST_CONFIG, logger, accounts, usageReportEveryMs: 0 });
  await app.register(insightsPlugin, {
    db,
    accounts,
    privacy: privacyConfig({ noiseSecret: 'plugin-test-noise-secret' }),
    participants: { participantsOf: async (id) => places.get(id) ?? null },
    scenarios: (id) => (id === scenario.id ? scenario.def.challenges : null),
    foldEveryMs: 0,
    clock: () => now.ms,
  });
  await app.ready();

  admin = await signedIn('admin@acme.test');
  org = await accounts.services.orgs.create('Acme', admin.id);
  team = await accounts.services.orgs.createTeam(org.id, 'Checkout');
  lead = await signedIn('lead@acme.test');
  member = await signedIn('member@acme.test');
  for (const p of [lead, member]) {
    await accounts.services.orgs.join(org.id, p.id, 'member');
    await accounts.services.orgs.addToTeam(team.id, org.id, p.id);
  }
  await accounts.services.orgs.setTeamRole(team.id, org.id, lead.id, 'lead');
  for (let i = 0; i < 4; i++) {
    const p = await signedIn(`crew${i}@acme.test`);
    await accounts.services.orgs.join(org.id, p.id, 'member');
    await accounts.services.orgs.addToTeam(team.id, org.id, p.id);
    crew.push(p);
  }
  const updater = new RollupUpdater(db, {
    participants: { participantsOf: async (id) => places.get(id) ?? null },
    scenarios: (id) => (id === scenario.id ? scenario.def.challenges : null),
  });
  const everyone = [member.id, ...crew.map((c) => c.id)];
  for (let i = 0; i < 6; i++) {
    const four = [0, 1, 2, 3].map((k) => everyone[(i + k) % everyone.length] as string);
    await updater.foldQuest(await playedQuest(org.id, team.id, four, i + 1));
  }
});

after(async () => {
  await app?.close();
  await t?.destroy();
});

describe('insights routes', () => {
  test('every route has a policy entry and every entry a route', () => {
    assert.deepEqual([...routes].sort(), Object.keys(INSIGHTS_ROUTE_POLICY).sort());
  });

  test('the organisation dashboard is for admins only', async () => {
    assert.equal((await new Browser(app).request('GET', `/api/orgs/${org.id}/insights`)).status, 401);
    assert.equal((await member.browser.request('GET', `/api/orgs/${org.id}/insights`)).status, 403);
    const r = await admin.browser.request('GET', `/api/orgs/${org.id}/insights`);
    assert.equal(r.status, 200, r.body);
    const teamUnit = r.json.units.find((u: { id: string }) => u.id === team.id);
    assert.equal(teamUnit.figures.turn_gini.kind, 'index');
    assert.equal((await admin.browser.request('GET', `/api/orgs/${randomUUID()}/insights`)).status, 404);
  });

  test('a team’s report is for its leads and the organisation’s admins, with no person in it', async () => {
    assert.equal((await member.browser.request('GET', `/api/teams/${team.id}/insights`)).status, 403);
    const r = await lead.browser.request('GET', `/api/teams/${team.id}/insights`);
    assert.equal(r.status, 200, r.body);
    assert.equal(r.json.headline.find((h: { metric: string }) => h.metric === 'turn_gini').scope.level, 'team');
    for (const p of [member, ...crew]) assert.ok(!r.body.includes(p.id));
    assert.equal((await admin.browser.request('GET', `/api/teams/${team.id}/insights`)).status, 200);
    assert.equal((await lead.browser.request('GET', `/api/teams/${team.id}/insights?x=1`)).status, 400);
  });

  test('who reads a team’s report follows the organisation’s choice, which only its admins change', async () => {
    const url = `/api/teams/${team.id}/insights`;
    const statuses = async () => ({
      member: (await member.browser.request('GET', url)).status,
      lead: (await lead.browser.request('GET', url)).status,
      admin: (await admin.browser.request('GET', url)).status,
    });
    const choose = (who: typeof admin, insightsAudience: string) =>
      who.browser.request('PATCH', `/api/orgs/${org.id}`, { json: { insightsAudience } });
    assert.deepEqual(await statuses(), { member: 403, lead: 200, admin: 200 });

    // Leads cannot widen or narrow it; nonsense changes nothing.
    assert.equal((await choose(lead, 'admins')).status, 403);
    const bad = await choose(admin, 'everyone');
    assert.equal(bad.status, 400, bad.body);
    assert.match(bad.json.error.message, /leads_and_admins/);
    assert.equal((await admin.browser.request('PATCH', `/api/orgs/${org.id}`, { json: {} })).status, 400);
    assert.equal(await accounts.services.orgs.insightsAudience(org.id), 'leads_and_admins');

    const narrowed = await choose(admin, 'admins');
    assert.equal(narrowed.status, 200, narrowed.body);
    assert.equal(narrowed.json.organisation.insightsAudience, 'admins');
    assert.equal(narrowed.json.organisation.name, 'Acme');
    assert.deepEqual(await statuses(), { member: 403, lead: 403, admin: 200 });
    const refused = await lead.browser.request('GET', url);
    assert.deepEqual(refused.json, {
      error: {
        code: 'not_allowed',
        message: "Your organisation's admins have chosen to show team insights to admins only.",
      },
    });
    // A lead's own page is theirs whatever the organisation chose; so is the organisation page, which names the choice.
    assert.equal((await lead.browser.request('GET', '/api/me/insights')).status, 200);
    const orgPage = await lead.browser.request('GET', `/api/orgs/${org.id}`);
    assert.equal(orgPage.json.organisation.insightsAudience, 'admins');

    const widened = await choose(admin, 'leads_and_admins');
    assert.equal(widened.status, 200, widened.body);
    assert.deepEqual(await statuses(), { member: 403, lead: 200, admin: 200 });
  });

  test('sharing one’s strengths is one’s own choice, needs the CSRF token and a team of one’s own', async () => {
    const url = '/api/me/insights/sharing';
    assert.equal((await member.browser.request('PUT', url, { json: { teamId: team.id, share: true }, csrf: false })).status, 403);
    assert.equal((await member.browser.request('PUT', url, { json: { teamId: team.id, share: 'yes' } })).status, 400);
    const elsewhere = await accounts.services.orgs.createTeam(org.id, 'Platform');
    const refused = await member.browser.request('PUT', url, { json: { teamId: elsewhere.id, share: true } });
    assert.equal(refused.status, 403, refused.body);
    const ok = await member.browser.request('PUT', url, { json: { teamId: team.id, share: true } });
    assert.equal(ok.status, 200, ok.body);
    assert.deepEqual(
      ok.json.sharedWith.map((s: { teamId: string }) => s.teamId),
      [team.id],
    );
    const report = await lead.browser.request('GET', `/api/teams/${team.id}/insights`);
    assert.deepEqual(
      report.json.sharedStrengths.map((s: { name: string }) => s.name),
      ['member'],
    );
  });

  test('a person reads their own page; withdrawing through accounts erases their insights rows', async () => {
    const own = await member.browser.request('GET', '/api/me/insights');
    assert.equal(own.status, 200, own.body);
    assert.ok(own.json.quests > 0);
    assert.equal(typeof own.json.xp.total, 'number');
    const before = await db.select().from(insightPersonQuests).where(eq(insightPersonQuests.personId, member.id));
    assert.ok(before.length > 0);
    const w = await member.browser.request('POST', '/api/me/withdraw', { json: { confirm: 'withdraw' } });
    assert.equal(w.status, 200, w.body);
    assert.deepEqual(await db.select().from(insightPersonQuests).where(eq(insightPersonQuests.personId, member.id)), []);
  });
});
