// Starting a practice quest from the ledger (POST /api/teams/:teamId/ledger/practice/quests) on the real app: the
// policy, accounts (membership, consent), the ledger and the quest service together. A team member gets a quest in
// the team, hosted by them, answered like POST /api/quests; anyone else, or a bad selection, gets a clear refusal
// and nothing is created.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { count, eq } from 'drizzle-orm';
import pino from 'pino';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { createAccounts } from '../accounts/accounts.ts';
import { CONSENT_NOTICE } from '../accounts/consent.ts';
import {
  type AccountsTestDatabase,
  Browser,
  DRIVERS,
  GENEROUS_LIMITS,
  openAccountsDatabase,
  TEST_CONFIG,
} from '../accounts/test-accounts.ts';
import { type App, buildApp } from '../app.ts';
import { createQuestService, type QuestPlay } from '../quests/create-quest-service.ts';
import { generatedScenarios, players, quests } from '../store/schema.ts';
import type { LedgerDatabase } from './ledger-database.ts';

let unique = 0;
const address = (who: string) => `${who}.${++unique}@practice.example.com`;

for (const driver of DRIVERS) {
  describe(`starting a practice quest from the ledger on ${driver}`, () => {
    let d: AccountsTestDatabase;
    let service: QuestPlay;
    let app: App;
    let accounts: ReturnType<typeof createAccounts>;
    let orgId: string;
    let teamId: string;
    let member: { id: string; browser: Browser };
    let outsider: { id: string; browser: Browser };
    let itemIds: { crm: string; onboarding: string; billing: string };

    async function person(name: string) {
      const p = await accounts.services.people.withEmail(address(name.toLowerCase()));
      await accounts.services.people.rename(p.id, name);
      const browser = new Browser(app.http);
      await browser.refreshCsrf();
      const { token } = await accounts.services.sessions.start(p.id, undefined);
      browser.cookies.set(accounts.services.sessions.cookieName, token);
      const consent = { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version };
      assert.equal((await browser.request('PUT', '/api/me/consent', { json: consent })).status, 200);
      return { id: p.id, browser };
    }

    async function created() {
      const [q] = await d.opened.store.db.select({ n: count() }).from(quests);
      const [g] = await d.opened.store.db.select({ n: count() }).from(generatedScenarios);
      return { quests: q?.n, scenarios: g?.n };
    }

    const L = () => `/api/teams/${teamId}/ledger`;

    before(async () => {
      d = await openAccountsDatabase(driver);
      service = await createQuestService({
        store: d.opened.store,
        catalog: loadCatalog(),
        botThinkMs: { min: 3_600_000, max: 3_600_000 },
      });
      accounts = createAccounts({
        db: d.db,
        config: TEST_CONFIG,
        logger: pino({ level: 'silent' }),
        mailer: null,
        limits: GENEROUS_LIMITS,
      });
      app = await buildApp({ service, accounts, ledgerDb: d.opened.store.db as unknown as LedgerDatabase });
      const admin = await person('Ada');
      orgId = (await admin.browser.request('POST', '/api/orgs', { json: { name: 'Payments Inc' } })).json.organisation.id;
      teamId = (await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Payments' } })).json.team.id;
      member = await person('Priya Natarajan');
      await accounts.services.orgs.join(orgId, member.id, 'member');
      await accounts.services.orgs.addToTeam(teamId, orgId, member.id);
      outsider = await person('Oscar');
      await accounts.services.orgs.join(orgId, outsider.id, 'member');

      const add = async (body: unknown) => {
        const r = await member.browser.request('POST', `${L()}/items`, { json: body });
        assert.equal(r.status, 201, r.body);
        return r.json.item.id as string;
      };
      const crm = await add({
        kind: 'feature',
        title: 'CRM integration',
        points: 8,
        rice: { reach: 450, impact: 3, confidence: 100, effort: 2 },
        risks: [{ text: 'the sync is untested under load', probability: 0.3, cost: 200_000 }],
      });
      const onboarding = await add({
        kind: 'feature',
        title: 'Onboarding redesign',
        points: 5,
        rice: { reach: 2000, impact: 1, confidence: 80, effort: 4 },
      });
      const billing = await add({
        kind: 'debt',
        title: 'Billing module cleanup',
        points: 5,
        rice: { confidence: 80 },
        debt: {
          extraHoursPerChange: 16,
          changesPerSprint: 1,
          outageProbability: 0.1,
          costPerOutage: 50_000,
          principalHours: 40,
          slows: [crm],
        },
      });
      itemIds = { crm, onboarding, billing };
    });
    after(async () => {
      await app?.close();
      await service?.close();
      await d?.destroy();
    });

    test('a team member starts the quest in the team as its host, answered like POST /api/quests', async () => {
      const before = await created();
      const r = await member.browser.request('POST', `${L()}/practice/quests`, {
        json: { itemIds: [itemIds.crm, itemIds.billing], capacity: 8, teamName: 'Payments' },
      });
      assert.equal(r.status, 201, r.body);
      assert.deepEqual(Object.keys(r.json).sort(), ['invite', 'player', 'questId']);
      assert.equal(r.json.player.name, 'Priya Natarajan');
      assert.deepEqual(await created(), { quests: Number(before.quests) + 1, scenarios: Number(before.scenarios) + 1 });

      const [row] = await d.opened.store.db.select().from(quests).where(eq(quests.id, r.json.questId));
      assert.equal(row?.orgId, orgId);
      assert.equal(row?.teamId, teamId);
      assert.match(row?.scenarioId ?? '', /^practice-payments-[0-9a-f]{8}$/);
      const [host] = await d.opened.store.db.select().from(players).where(eq(players.questId, r.json.questId));
      assert.equal(host?.personId, member.id);
      assert.equal(host?.host, true);

      // The host's token opens the lobby; the invite shows the generated scenario; bots fill the seats and play starts.
      const lobby = await app.http.inject({
        method: 'GET',
        url: `/api/quests/${r.json.questId}`,
        headers: { authorization: `Bearer ${r.json.player.token}` },
      });
      assert.equal(lobby.statusCode, 200, lobby.body);
      assert.equal(lobby.json().lobby.status, 'lobby');
      assert.deepEqual(
        lobby.json().lobby.seats.map((s: { title: string }) => s.title),
        ['Product Manager', 'Engineering Lead', 'Support Lead'],
      );
      const invite = await member.browser.request('GET', `/api/invites/${r.json.invite}`);
      assert.equal(invite.json.scenario.title, "Practice: Payments' next sprint");
      const player = await service.authenticate(r.json.questId, r.json.player.token);
      assert.ok(player);
      assert.ok((await service.takeSeat(player, 'pm')).ok);
      assert.ok((await service.fillBots(player, 'collaborative')).ok);
      assert.ok((await service.start(player)).ok);
    });

    test('someone outside the team is refused, and nothing is created', async () => {
      const before = await created();
      const r = await outsider.browser.request('POST', `${L()}/practice/quests`, {
        json: { itemIds: [itemIds.crm, itemIds.billing], capacity: 8 },
      });
      assert.equal(r.status, 403, r.body);
      assert.equal(r.json.error.code, 'not_allowed');
      const nobody = new Browser(app.http);
      await nobody.refreshCsrf();
      const anonymous = await nobody.request('POST', `${L()}/practice/quests`, {
        json: { itemIds: [itemIds.crm, itemIds.billing], capacity: 8 },
      });
      assert.equal(anonymous.status, 401, anonymous.body);
      assert.deepEqual(await created(), before);
    });

    test('a selection that cannot make a quest is a clear 400, and nothing is created', async () => {
      const before = await created();
      const noDebt = await member.browser.request('POST', `${L()}/practice/quests`, {
        json: { itemIds: [itemIds.crm, itemIds.onboarding], capacity: 8 },
      });
      assert.equal(noDebt.status, 400, noDebt.body);
      assert.deepEqual(noDebt.json, {
        error: {
          code: 'invalid',
          message: 'choose at least one feature and one tech-debt item: the quest is about weighing one against the other',
        },
      });
      const fitsAll = await member.browser.request('POST', `${L()}/practice/quests`, {
        json: { itemIds: [itemIds.crm, itemIds.billing], capacity: 13 },
      });
      assert.equal(fitsAll.status, 400);
      assert.match(fitsAll.json.error.message, /^capacity must be a whole number from 5 .* to 12/);
      const one = await member.browser.request('POST', `${L()}/practice/quests`, {
        json: { itemIds: [itemIds.crm], capacity: 8 },
      });
      assert.equal(one.status, 400);
      assert.match(one.json.error.message, /choose 2 to 8 items/);
      assert.deepEqual(await created(), before);
    });
  });
}
