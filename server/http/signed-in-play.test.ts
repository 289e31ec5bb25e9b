// Quest play for signed-in people: their players are linked to them, a quest may sit in a team of theirs, and taking
// part counts them active for billing. Anonymous play with tokens alone stays exactly as it was.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, count, eq } from 'drizzle-orm';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { CONSENT_NOTICE } from '../accounts/consent.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  type Browser,
  DRIVERS,
  openAccountsDatabase,
  startAccounts,
} from '../accounts/test-accounts.ts';
import { monthlyActivity } from '../billing/schema.ts';
import { createQuestService, type QuestPlay } from '../quests/create-quest-service.ts';
import { players, quests } from '../store/schema.ts';

const SCENARIO = 'ship-by-friday';
let unique = 0;
const address = (who: string) => `${who}.${++unique}@play.example.com`;

describe('signed-in quest play', { concurrency: true }, () => {
  for (const driver of DRIVERS) {
    describe(`signed-in quest play on ${driver}`, { concurrency: false }, () => {
      let d: AccountsTestDatabase;
      let h: AccountsHarness;
      let service: QuestPlay;
      const recorded: { orgId: string; personId: string }[] = [];
      before(async () => {
        d = await openAccountsDatabase(driver);
        service = await createQuestService({
          store: d.opened.store,
          catalog: loadCatalog(),
          botThinkMs: { min: 3_600_000, max: 3_600_000 },
          recordParticipation: async (a) => {
            recorded.push({ orgId: a.orgId, personId: a.personId });
            await h.accounts.recordActivity({ ...a, kind: 'quest' });
          },
        });
        h = await startAccounts(d.db, { quests: service });
      });
      after(async () => {
        await h?.close();
        await service?.close();
        await d?.destroy();
      });

      async function member(orgId: string, teamId: string) {
        const m = await h.person(address('m'), 'Member');
        await h.accounts.services.orgs.join(orgId, m.person.id, 'member');
        await h.accounts.services.orgs.addToTeam(teamId, orgId, m.person.id);
        const consent = { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version };
        assert.equal((await m.browser.request('PUT', '/api/me/consent', { json: consent })).status, 200);
        return { id: m.person.id, browser: m.browser };
      }

      async function orgWithTeam() {
        const admin = await h.person(address('admin'), 'Admin');
        const orgId = (await admin.browser.request('POST', '/api/orgs', { json: { name: 'Players' } })).json.organisation.id;
        const teamId = (await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Team' } })).json.team
          .id as string;
        return { orgId: orgId as string, teamId };
      }

      async function questRows() {
        const [row] = await d.opened.store.db.select({ n: count() }).from(quests);
        return row?.n;
      }

      /** Seats the host, fills the rest with bots, starts, and has the host send an accepted command. */
      async function playOneMove(questId: string, token: string) {
        const host = await service.authenticate(questId, token);
        assert.ok(host);
        const role = loadCatalog().get(SCENARIO)?.def.roles[0]?.id as string;
        assert.ok((await service.takeSeat(host, role)).ok);
        assert.ok((await service.fillBots(host, 'collaborative')).ok);
        assert.ok((await service.start(host)).ok);
        const seated = await service.authenticate(questId, token);
        assert.ok(seated);
        const moved = await service.command(seated, { type: 'ready' });
        assert.ok(moved.ok, JSON.stringify(moved));
        return seated;
      }

      async function activity(orgId: string, personId: string) {
        // The write is off the command path: wait for it rather than assume it has landed.
        for (let i = 0; i < 100; i++) {
          const rows = await d.opened.store.db
            .select()
            .from(monthlyActivity)
            .where(and(eq(monthlyActivity.orgId, orgId), eq(monthlyActivity.subject, personId)));
          if (rows.length > 0) return rows;
          await new Promise((r) => setTimeout(r, 20));
        }
        return [];
      }

      test("a signed-in person's team quest is linked to them and joiners, and taking part counts them active", async () => {
        const t = await orgWithTeam();
        const host = await member(t.orgId, t.teamId);
        const guest = await member(t.orgId, t.teamId);
        const created = await host.browser.request('POST', '/api/quests', {
          json: { scenarioId: SCENARIO, name: 'Hana', teamId: t.teamId },
        });
        assert.equal(created.status, 201, created.body);
        const [quest] = await d.opened.store.db.select().from(quests).where(eq(quests.id, created.json.questId));
        assert.equal(quest?.teamId, t.teamId);
        assert.equal(quest?.orgId, t.orgId);
        const joined = await guest.browser.request('POST', `/api/invites/${created.json.invite}/join`, { json: { name: 'Gil' } });
        assert.equal(joined.status, 201, joined.body);
        const linked = await d.opened.store.db.select().from(players).where(eq(players.questId, created.json.questId));
        assert.deepEqual(linked.map((p) => p.personId).sort(), [host.id, guest.id].sort());

        const seated = await playOneMove(created.json.questId, created.json.player.token);
        const rows = await activity(t.orgId, host.id);
        assert.equal(rows.length, 1);
        assert.equal(rows[0]?.quest, true);
        assert.equal((await service.command(seated, { type: 'say', text: 'Shipping Friday?' })).ok, true);
        assert.equal(recorded.filter((r) => r.personId === host.id).length, 1, 'once per person and month');
        assert.deepEqual(await activity(t.orgId, guest.id), [], 'the guest has not played yet');
      });

      test('anonymous play works as before: no person, no team, nothing counted', async () => {
        const before = recorded.length;
        const anonymous = h.browser();
        const created = await anonymous.request('POST', '/api/quests', { json: { scenarioId: SCENARIO, name: 'Ana' } });
        assert.equal(created.status, 201, created.body);
        const joined = await h.browser().request('POST', `/api/invites/${created.json.invite}/join`, { json: { name: 'Ben' } });
        assert.equal(joined.status, 201, joined.body);
        const [quest] = await d.opened.store.db.select().from(quests).where(eq(quests.id, created.json.questId));
        assert.equal(quest?.teamId, null);
        const rows = await d.opened.store.db.select().from(players).where(eq(players.questId, created.json.questId));
        assert.deepEqual(
          rows.map((p) => p.personId),
          [null, null],
        );
        await playOneMove(created.json.questId, created.json.player.token);
        const snapshot = await anonymous.request('GET', `/api/quests/${created.json.questId}`, {
          headers: { authorization: `Bearer ${created.json.player.token}` },
        });
        assert.equal(snapshot.status, 200);
        assert.equal(recorded.length, before);
      });

      test('an ad hoc quest goes to the organisation of the person who holds it; anonymous ones to the demo', async () => {
        const demo = await d.opened.store.demoOrganisation();
        const first = await orgWithTeam();
        const host = await member(first.orgId, first.teamId);
        const second = await orgWithTeam();
        await h.accounts.services.orgs.join(second.orgId, host.id, 'member');
        const create = (browser: Browser, extra: Record<string, unknown> = {}) =>
          browser.request('POST', '/api/quests', { json: { scenarioId: SCENARIO, name: 'Hana', ...extra } });
        const placeOf = async (questId: string) => {
          const [row] = await d.opened.store.db.select().from(quests).where(eq(quests.id, questId));
          return { orgId: row?.orgId, teamId: row?.teamId };
        };

        const own = await create(host.browser);
        assert.equal(own.status, 201, own.body);
        assert.deepEqual(await placeOf(own.json.questId), { orgId: first.orgId, teamId: null }, 'the one they joined first');
        const chosen = await create(host.browser, { orgId: second.orgId });
        assert.equal(chosen.status, 201, chosen.body);
        assert.deepEqual(await placeOf(chosen.json.questId), { orgId: second.orgId, teamId: null });

        const anonymous = await create(h.browser());
        assert.deepEqual(await placeOf(anonymous.json.questId), { orgId: demo.id, teamId: null });
        // Signed in without an organisation: linked to them, ad hoc in the demo organisation.
        const loner = await h.person(address('loner'), 'Loner');
        const consent = { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version };
        assert.equal((await loner.browser.request('PUT', '/api/me/consent', { json: consent })).status, 200);
        const alone = await create(loner.browser);
        assert.deepEqual(await placeOf(alone.json.questId), { orgId: demo.id, teamId: null });
        const [hostRow] = await d.opened.store.db.select().from(players).where(eq(players.questId, alone.json.questId));
        assert.equal(hostRow?.personId, loner.person.id);
        // Signed in but not taking part: anonymous, as before.
        const shy = await h.person(address('shy'), 'Shy');
        await h.accounts.services.orgs.join(first.orgId, shy.person.id, 'member');
        const unlinked = await create(shy.browser);
        assert.deepEqual(await placeOf(unlinked.json.questId), { orgId: demo.id, teamId: null });

        const quests0 = await questRows();
        const refused: [Browser, Record<string, unknown>, number][] = [
          [host.browser, { orgId: (await orgWithTeam()).orgId }, 404],
          [host.browser, { orgId: first.orgId, teamId: first.teamId }, 400],
          [host.browser, { orgId: 'not-an-org' }, 400],
          [h.browser(), { orgId: first.orgId }, 401],
          [shy.browser, { orgId: first.orgId }, 401],
        ];
        for (const [browser, extra, status] of refused) {
          const r = await create(browser, extra);
          assert.equal(r.status, status, `${JSON.stringify(extra)}: ${r.body}`);
        }
        assert.equal(await questRows(), quests0);
      });

      test('a team is refused, with nothing created, to outsiders, to anonymous requests and when malformed', async () => {
        const t = await orgWithTeam();
        const elsewhere = await orgWithTeam();
        const host = await member(t.orgId, t.teamId);
        const quests0 = await questRows();
        const attempts: [Browser, unknown, number][] = [
          [host.browser, elsewhere.teamId, 404],
          [host.browser, '00000000-0000-4000-8000-000000000000', 404],
          [host.browser, 'not-a-team', 400],
          [h.browser(), t.teamId, 401],
        ];
        for (const [browser, teamId, status] of attempts) {
          const r = await browser.request('POST', '/api/quests', { json: { scenarioId: SCENARIO, name: 'Hana', teamId } });
          assert.equal(r.status, status, `${String(teamId)}: ${r.body}`);
        }
        assert.equal(await questRows(), quests0);
      });
    });
  }
});
