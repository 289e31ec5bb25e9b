// A person's quests are their data too: the export holds where and when they played, their seat, their own words and
// moves (and nothing of anyone else's); withdrawing or deleting the account takes them out of those quests; pausing
// stops new links and new counting. Real quest play, real accounts, both database drivers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { monthlyActivity } from '../billing/schema.ts';
import { createQuestService, type QuestPlay } from '../quests/create-quest-service.ts';
import { WITHDRAWN_NAME, WITHDRAWN_TEXT } from '../quests/quest-personal-data.ts';
import { players, questEvents } from '../store/schema.ts';
import { CONSENT_NOTICE } from './consent.ts';
import { people } from './schema.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  type Browser,
  DRIVERS,
  openAccountsDatabase,
  startAccounts,
} from './test-accounts.ts';

const SCENARIO = 'ship-by-friday';
const ROLES = (loadCatalog().get(SCENARIO)?.def.roles ?? []).map((r) => r.id);
let unique = 0;
const address = (who: string) => `${who}.${++unique}@quest-data.example.com`;

describe('quests in a person’s data', { concurrency: true }, () => {
  for (const driver of DRIVERS) {
    describe(`quests in a person’s data on ${driver}`, { concurrency: false }, () => {
      let d: AccountsTestDatabase;
      let h: AccountsHarness;
      let service: QuestPlay;
      // Activity is written off the command path: tests wait for these rather than for a while.
      const recording: Promise<unknown>[] = [];
      before(async () => {
        d = await openAccountsDatabase(driver);
        service = await createQuestService({
          store: d.opened.store,
          catalog: loadCatalog(),
          botThinkMs: { min: 3_600_000, max: 3_600_000 },
          recordParticipation: (a) => {
            const recorded = h.accounts.recordIfTakingPart({ ...a, kind: 'quest' });
            recording.push(recorded);
            return recorded;
          },
        });
        h = await startAccounts(d.db, { quests: service });
      });
      after(async () => {
        await h?.close();
        await service?.close();
        await d?.destroy();
      });

      const optIn = (b: Browser) =>
        b.request('PUT', '/api/me/consent', { json: { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version } });

      async function team() {
        const admin = await h.person(address('admin'), 'Admin');
        const orgId = (await admin.browser.request('POST', '/api/orgs', { json: { name: 'Questers' } })).json.organisation
          .id as string;
        const teamId = (await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Crew' } })).json.team
          .id as string;
        const member = async (name: string) => {
          const m = await h.person(address(name.toLowerCase()), name);
          await h.accounts.services.orgs.join(orgId, m.person.id, 'member');
          await h.accounts.services.orgs.addToTeam(teamId, orgId, m.person.id);
          assert.equal((await optIn(m.browser)).status, 200);
          return { id: m.person.id, browser: m.browser };
        };
        return { orgId, teamId, member };
      }

      /** A team quest: the host and a guest seated in the first two roles, bots in the rest, started. */
      async function playing(t: Awaited<ReturnType<typeof team>>, hostName: string, guestName: string) {
        const host = await t.member(hostName);
        const guest = await t.member(guestName);
        const created = await host.browser.request('POST', '/api/quests', {
          json: { scenarioId: SCENARIO, name: hostName, teamId: t.teamId },
        });
        assert.equal(created.status, 201, created.body);
        const questId = created.json.questId as string;
        const joined = await guest.browser.request('POST', `/api/invites/${created.json.invite}/join`, {
          json: { name: guestName },
        });
        assert.equal(joined.status, 201, joined.body);
        const hostPlayer = await service.authenticate(questId, created.json.player.token);
        const guestPlayer = await service.authenticate(questId, joined.json.player.token);
        assert.ok(hostPlayer && guestPlayer);
        assert.ok((await service.takeSeat(hostPlayer, ROLES[0] as string)).ok);
        assert.ok((await service.takeSeat(guestPlayer, ROLES[1] as string)).ok);
        assert.ok((await service.fillBots(hostPlayer, 'collaborative')).ok);
        assert.ok((await service.start(hostPlayer)).ok);
        const seated = async (token: string) => {
          const p = await service.authenticate(questId, token);
          assert.ok(p);
          return p;
        };
        return {
          questId,
          host: { ...host, player: await seated(created.json.player.token), token: created.json.player.token as string },
          guest: { ...guest, player: await seated(joined.json.player.token), token: joined.json.player.token as string },
        };
      }

      async function playerRow(questId: string, token: string) {
        const p = await service.authenticate(questId, token);
        assert.ok(p);
        const [row] = await d.opened.store.db.select().from(players).where(eq(players.id, p.id));
        assert.ok(row);
        return row;
      }

      async function activityRows(orgId: string, personId: string) {
        await Promise.all(recording);
        return d.opened.store.db
          .select()
          .from(monthlyActivity)
          .where(and(eq(monthlyActivity.orgId, orgId), eq(monthlyActivity.subject, personId)));
      }

      test('the export holds each quest played: place, seat, own words and moves, and nothing of the others', async () => {
        const t = await team();
        const q = await playing(t, 'Hana', 'Gil');
        const say = (p: typeof q.host.player, text: string) => service.command(p, { type: 'say', text });
        assert.ok((await say(q.host.player, 'Can we ship by Friday?')).ok);
        assert.ok((await say(q.guest.player, 'Only if the tests are green')).ok);
        assert.ok((await service.command(q.host.player, { type: 'ready' })).ok);

        const r = await q.host.browser.request('GET', '/api/me/export');
        assert.equal(r.status, 200, r.body);
        const mine = r.json.quests.quests;
        assert.equal(mine.length, 1);
        const [quest] = mine;
        assert.equal(quest.questId, q.questId);
        assert.equal(quest.scenario.id, SCENARIO);
        assert.equal(typeof quest.scenario.title, 'string');
        assert.deepEqual(quest.organisation, { id: t.orgId, name: 'Questers' });
        assert.deepEqual(quest.team, { id: t.teamId, name: 'Crew' });
        assert.equal(quest.you.name, 'Hana');
        assert.equal(quest.you.seat, ROLES[0]);
        assert.equal(quest.you.host, true);
        assert.deepEqual(
          quest.messages.map((m: { text: string }) => m.text),
          ['Can we ship by Friday?'],
        );
        assert.ok(!Number.isNaN(Date.parse(quest.messages[0].at)));
        // The host started the quest, so its start is theirs too; then their own 'ready'.
        assert.deepEqual(
          quest.moves.map((m: { type: string }) => m.type),
          ['quest_started', 'scene_started', 'player_ready'],
        );
        assert.equal(quest.moves[2].seat, ROLES[0]);
        const text = JSON.stringify(r.json.quests);
        assert.doesNotMatch(text, /tests are green/, 'the other player’s words are theirs');
        assert.doesNotMatch(text, /Gil/);
        assert.doesNotMatch(text, /tokenHash|token_hash/);
        assert.ok(!text.includes(q.host.token));

        // Someone who never played signed in has an empty section, not a missing one.
        const other = await t.member('Ida');
        assert.deepEqual((await other.browser.request('GET', '/api/me/export')).json.quests.quests, []);
      });

      test('withdrawing takes the person out of their quests; the others’ part and the quest itself stay', async () => {
        const t = await team();
        const q = await playing(t, 'Jun', 'Kai');
        assert.ok((await service.command(q.guest.player, { type: 'say', text: 'My words, my choice' })).ok);
        assert.ok((await service.command(q.host.player, { type: 'say', text: 'Noted, thanks' })).ok);
        const versionBefore = (await service.snapshot(q.host.player)).version;

        const r = await q.guest.browser.request('POST', '/api/me/withdraw', { json: { confirm: 'withdraw' } });
        assert.equal(r.status, 200, r.body);
        assert.ok(r.json.erased.includes('quests'));

        const guestRow = await playerRow(q.questId, q.guest.token);
        assert.equal(guestRow.personId, null);
        assert.equal(guestRow.name, WITHDRAWN_NAME);
        assert.equal((await playerRow(q.questId, q.host.token)).personId, q.host.id, 'only their own link goes');
        const said = await d.opened.store.db
          .select({ actor: questEvents.actor, payload: questEvents.payload })
          .from(questEvents)
          .where(and(eq(questEvents.questId, q.questId), eq(questEvents.type, 'message_sent')));
        const words = Object.fromEntries(said.map((e) => [e.actor, (e.payload as { text: string }).text]));
        assert.equal(words[q.guest.player.id], WITHDRAWN_TEXT);
        assert.equal(words[q.host.player.id], 'Noted, thanks');
        // The quest goes on: same version, the lobby already shows the neutral name, the host still plays.
        const lobby = await service.lobby(q.questId);
        assert.deepEqual(lobby?.players.map((p) => p.name).sort(), [WITHDRAWN_NAME, 'Jun'].sort());
        assert.equal((await service.snapshot(q.host.player)).version, versionBefore);
        assert.ok((await service.command(q.host.player, { type: 'ready' })).ok);
        assert.deepEqual((await q.guest.browser.request('GET', '/api/me/export')).json.quests.quests, []);

        // Still holding the token, they may finish the quest, but nothing more is counted for them.
        const guest = await service.authenticate(q.questId, q.guest.token);
        assert.ok(guest);
        assert.ok((await service.command(guest, { type: 'ready' })).ok);
        assert.deepEqual(await activityRows(t.orgId, q.guest.id), []);

        // Withdrawing again is harmless.
        await h.accounts.services.personalData.withdraw(q.guest.id);
        assert.equal((await playerRow(q.questId, q.host.token)).personId, q.host.id);
      });

      test('deleting the account unlinks and renames the players of finished quests too', async () => {
        const t = await team();
        const q = await playing(t, 'Lea', 'Max');
        assert.ok((await service.command(q.host.player, { type: 'say', text: 'Wrapping up' })).ok);
        assert.ok((await service.command(q.host.player, { type: 'end' })).ok);
        assert.equal((await service.lobby(q.questId))?.status, 'finished');

        const r = await q.host.browser.request('DELETE', '/api/me', { json: { confirm: 'delete my account' } });
        assert.equal(r.status, 204, r.body);
        assert.deepEqual(await d.opened.store.db.select().from(people).where(eq(people.id, q.host.id)), []);
        const row = await playerRow(q.questId, q.host.token);
        assert.equal(row.personId, null);
        assert.equal(row.name, WITHDRAWN_NAME);
        const debrief = await service.debrief(q.guest.player);
        assert.ok(debrief.ok, 'the others keep their debrief');
        assert.doesNotMatch(JSON.stringify(debrief), /Wrapping up/);
      });

      test('pausing stops new links and new counting; what is linked stays', async () => {
        const t = await team();
        const q = await playing(t, 'Noa', 'Oli');
        assert.equal((await q.guest.browser.request('PUT', '/api/me/consent', { json: { status: 'paused' } })).status, 200);
        assert.ok((await service.command(q.guest.player, { type: 'ready' })).ok);
        assert.deepEqual(await activityRows(t.orgId, q.guest.id), [], 'a paused person is not counted');
        assert.equal((await playerRow(q.questId, q.guest.token)).personId, q.guest.id, 'pausing keeps what exists');

        const again = await h.accounts.services.consents.of(q.guest.id);
        assert.equal(again?.status, 'paused');
        const created = await q.host.browser.request('POST', '/api/quests', { json: { scenarioId: SCENARIO, name: 'Noa' } });
        const joined = await q.guest.browser.request('POST', `/api/invites/${created.json.invite}/join`, {
          json: { name: 'Oli' },
        });
        assert.equal(joined.status, 201, joined.body);
        assert.equal((await playerRow(created.json.questId, joined.json.player.token)).personId, null, 'no new link');

        // Resuming counts them again from their next move.
        assert.equal((await optIn(q.guest.browser)).status, 200);
        const guest = await service.authenticate(q.questId, q.guest.token);
        assert.ok(guest);
        assert.ok((await service.command(guest, { type: 'say', text: 'Back again' })).ok);
        assert.equal((await activityRows(t.orgId, q.guest.id)).length, 1);
      });
    });
  }
});
