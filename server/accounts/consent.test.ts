import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { monthlyActivity } from '../billing/schema.ts';
import { CONSENT_NOTICE } from './consent.ts';
import { shownCount } from './participation.ts';
import { people } from './schema.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  type Browser,
  DRIVERS,
  openAccountsDatabase,
  startAccounts,
} from './test-accounts.ts';

let unique = 0;
const address = (who: string) => `${who}.${++unique}@consent.example.com`;

test('counts are shown only when neither those taking part nor the others are fewer than five', () => {
  assert.equal(shownCount(12, 4).takingPart, null);
  assert.equal(shownCount(12, 5).takingPart, 5);
  assert.equal(shownCount(12, 7).takingPart, 7);
  assert.equal(shownCount(12, 8).takingPart, null, 'all but four would point at the four');
  assert.equal(shownCount(5, 5).takingPart, null, 'everyone taking part says what each person chose');
  assert.equal(shownCount(3, 0).people, 3);
});

test('the notice says in plain words what is recorded and who sees what', () => {
  const text = CONSENT_NOTICE.paragraphs.join(' ');
  for (const phrase of [
    /your choice/,
    /performance reviews/,
    /only you see it/,
    /at least 5 people/,
    /Withdrawing deletes/,
    /download everything/,
  ]) {
    assert.match(text, phrase);
  }
});

// The drivers run side by side: PGlite works in this process while PostgreSQL works in its own.
describe('consent and personal data', { concurrency: true }, () => {
  for (const driver of DRIVERS) {
    describe(`consent and personal data on ${driver}`, { concurrency: false }, () => {
      let d: AccountsTestDatabase;
      let h: AccountsHarness;
      before(async () => {
        d = await openAccountsDatabase(driver);
        h = await startAccounts(d.db);
      });
      after(async () => {
        await h?.close();
        await d?.destroy();
      });

      const optIn = (b: Browser) =>
        b.request('PUT', '/api/me/consent', { json: { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version } });

      async function orgWithTeam(size: number) {
        const admin = await h.person(address('admin'), 'Admin');
        const orgId = (await admin.browser.request('POST', '/api/orgs', { json: { name: 'Counted' } })).json.organisation.id;
        const teamId = (await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Counted team' } })).json
          .team.id;
        const members: { id: string; browser: Browser }[] = [];
        for (let i = 0; i < size; i++) {
          const m = await h.person(address(`m${i}`), `Member ${i}`);
          await h.accounts.services.orgs.join(orgId, m.person.id, 'member');
          await h.accounts.services.orgs.addToTeam(teamId, orgId, m.person.id);
          members.push({ id: m.person.id, browser: m.browser });
        }
        const lead = members[0] as { id: string; browser: Browser };
        await h.accounts.services.orgs.setTeamRole(teamId, orgId, lead.id, 'lead');
        return { admin, orgId, teamId, members, lead };
      }

      test('nobody takes part until they opt in to the current notice; pausing and resuming are theirs', async () => {
        const { person, browser } = await h.person(address('p'));
        const first = await browser.request('GET', '/api/me/consent');
        assert.equal(first.json.status, 'not_taking_part');
        assert.equal(first.json.notice.version, CONSENT_NOTICE.version);
        assert.equal(await h.accounts.isTakingPart(person.id), false);

        assert.equal((await browser.request('PUT', '/api/me/consent', { json: { status: 'paused' } })).status, 409);
        const stale = await browser.request('PUT', '/api/me/consent', { json: { status: 'taking_part', noticeVersion: 'old' } });
        assert.equal(stale.status, 409);
        for (const json of [{ status: 'maybe' }, { status: 'taking_part' }, { status: 'paused', extra: 1 }, {}]) {
          assert.equal((await browser.request('PUT', '/api/me/consent', { json })).status, 400, JSON.stringify(json));
        }
        assert.equal(await h.accounts.isTakingPart(person.id), false);

        const yes = await optIn(browser);
        assert.equal(yes.json.status, 'taking_part');
        assert.equal(yes.json.upToDate, true);
        assert.equal(await h.accounts.isTakingPart(person.id), true);
        assert.equal((await browser.request('PUT', '/api/me/consent', { json: { status: 'paused' } })).json.status, 'paused');
        assert.equal(await h.accounts.isTakingPart(person.id), false);
        await optIn(browser);
        assert.equal(await h.accounts.isTakingPart(person.id), true);
      });

      test('a lead and an admin see counts only, and only when they cannot point at anyone', async () => {
        const t = await orgWithTeam(12);
        for (const m of t.members.slice(0, 4)) await optIn(m.browser);
        const hidden = await t.lead.browser.request('GET', `/api/teams/${t.teamId}/participation`);
        assert.equal(hidden.status, 200);
        assert.deepEqual([hidden.json.participation.people, hidden.json.participation.takingPart], [12, null]);
        await optIn((t.members[4] as { browser: Browser }).browser);
        const shown = await t.lead.browser.request('GET', `/api/teams/${t.teamId}/participation`);
        assert.equal(shown.json.participation.takingPart, 5);
        // Nothing in the answer names or identifies anyone.
        for (const m of t.members) assert.ok(!shown.body.includes(m.id));
        assert.doesNotMatch(shown.body, /Member \d/);
        const org = await t.admin.browser.request('GET', `/api/orgs/${t.orgId}/participation`);
        assert.deepEqual([org.json.participation.people, org.json.participation.takingPart], [13, 5]);
        // A paused person no longer counts, and the count hides again.
        await (t.members[1] as { browser: Browser }).browser.request('PUT', '/api/me/consent', { json: { status: 'paused' } });
        assert.equal(
          (await t.lead.browser.request('GET', `/api/teams/${t.teamId}/participation`)).json.participation.takingPart,
          null,
        );
        // A plain member sees no counts at all, and the roster says nothing about consent.
        assert.equal(
          (await (t.members[2] as { browser: Browser }).browser.request('GET', `/api/teams/${t.teamId}/participation`)).status,
          403,
        );
        const roster = await (t.members[2] as { browser: Browser }).browser.request('GET', `/api/teams/${t.teamId}`);
        assert.doesNotMatch(roster.body, /taking_part|paused|consent/);
      });

      test('export holds everything about the person and nothing secret or about others', async () => {
        const t = await orgWithTeam(1);
        const me = t.lead;
        await optIn(me.browser);
        await h.accounts.recordActivity({ orgId: t.orgId, personId: me.id, kind: 'quest' });
        h.accounts.registerPersonalData({
          name: `quests-${driver}`,
          export: async (personId) => ({ seats: personId === me.id ? ['pm'] : [] }),
          erase: async () => undefined,
        });
        await me.browser.request('POST', `/api/teams/${t.teamId}/invitations`, {
          json: { kind: 'email', email: 'invitee@example.com' },
        });
        const r = await me.browser.request('GET', '/api/me/export');
        assert.equal(r.status, 200);
        assert.match(String(r.headers['content-disposition']), /attachment; filename="polarity-my-data.json"/);
        const x = r.json;
        assert.equal(x.person.id, me.id);
        assert.equal(x.memberships[0].teams[0].role, 'lead');
        assert.equal(x.consent.status, 'taking_part');
        assert.deepEqual(
          x.activity.map((a: { quest: boolean }) => a.quest),
          [true],
        );
        assert.deepEqual(x[`quests-${driver}`], { seats: ['pm'] });
        assert.equal(x.signIn.sessions.filter((s: { current: boolean }) => s.current).length, 1);
        assert.equal(x.invitations[0].sentByYou, true);
        const text = JSON.stringify(x);
        assert.doesNotMatch(text, /invitee@example\.com/);
        assert.doesNotMatch(text, /tokenHash|token_hash/);
        for (const cookie of me.browser.cookies.values()) assert.ok(!text.includes(cookie));
      });

      test('withdrawing deletes the personal data and keeps the month’s anonymous count', async () => {
        const t = await orgWithTeam(1);
        const me = t.lead;
        await optIn(me.browser);
        await h.accounts.recordActivity({ orgId: t.orgId, personId: me.id, kind: 'coach' });
        const erased: string[] = [];
        h.accounts.registerPersonalData({
          name: `coaching-${driver}`,
          export: async () => [],
          erase: async (personId) => void erased.push(personId),
        });
        const noConfirm = await me.browser.request('POST', '/api/me/withdraw', { json: {} });
        assert.equal(noConfirm.status, 400);
        assert.equal(await h.accounts.isTakingPart(me.id), true);

        const r = await me.browser.request('POST', '/api/me/withdraw', { json: { confirm: 'withdraw' } });
        assert.equal(r.status, 200, r.body);
        assert.ok(r.json.erased.includes(`coaching-${driver}`));
        assert.deepEqual(erased, [me.id]);
        assert.equal(await h.accounts.isTakingPart(me.id), false);
        const rows = await h.db.select().from(monthlyActivity).where(eq(monthlyActivity.orgId, t.orgId));
        assert.equal(rows.length, 1, 'the month still counts one active person');
        assert.match(rows[0]?.subject ?? '', /^withdrawn:/);
        const after = (await me.browser.request('GET', '/api/me/export')).json;
        assert.deepEqual(after.activity, []);
        assert.equal(after.consent, null);
        // The account stays: they still sign in and lead.
        assert.equal((await me.browser.request('GET', `/api/teams/${t.teamId}/participation`)).status, 200);
      });

      test('deleting an account removes the person, unless others would be left without an admin', async () => {
        const t = await orgWithTeam(2);
        const stuck = await t.admin.browser.request('DELETE', '/api/me', { json: { confirm: 'delete my account' } });
        assert.equal(stuck.status, 409);
        assert.match(stuck.json.error.message, /only admin of Counted/);
        const leaver = t.members[1] as { id: string; browser: Browser };
        assert.equal((await leaver.browser.request('DELETE', '/api/me', { json: { confirm: 'yes' } })).status, 400);
        const gone = await leaver.browser.request('DELETE', '/api/me', { json: { confirm: 'delete my account' } });
        assert.equal(gone.status, 204);
        assert.equal((await leaver.browser.request('GET', '/api/me')).status, 401);
        assert.deepEqual(await h.db.select().from(people).where(eq(people.id, leaver.id)), []);
        const roster = await t.admin.browser.request('GET', `/api/teams/${t.teamId}`);
        assert.deepEqual(
          roster.json.team.members.map((m: { personId: string }) => m.personId),
          [t.lead.id],
        );
      });

      test('a quest may be held only by someone taking part, in their own team or ad hoc in their organisation', async () => {
        const t = await orgWithTeam(2);
        const [lead, other] = t.members as [{ id: string; browser: Browser }, { id: string; browser: Browser }];
        const elsewhere = await orgWithTeam(1);
        const place = { orgId: t.orgId, teamId: t.teamId };
        assert.deepEqual((await h.accounts.questPlace(lead.id, place)).ok, false);
        await optIn(lead.browser);
        assert.deepEqual(await h.accounts.questPlace(lead.id, place), { ok: true });
        assert.deepEqual(await h.accounts.questPlace(lead.id, { orgId: t.orgId, teamId: null }), { ok: true });
        assert.equal((await h.accounts.questPlace(lead.id, { orgId: t.orgId, teamId: elsewhere.teamId })).ok, false);
        assert.equal((await h.accounts.questPlace(lead.id, { orgId: elsewhere.orgId, teamId: null })).ok, false);
        await optIn(other.browser);
        await h.accounts.services.orgs.removeFromTeam(t.teamId, other.id);
        const outsider = await h.accounts.questPlace(other.id, place);
        assert.equal(outsider.ok ? 'ok' : outsider.code, 'not_allowed');
      });
    });
  }
});
