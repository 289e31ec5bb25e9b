import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { invitations } from './schema.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  type Browser,
  DRIVERS,
  openAccountsDatabase,
  startAccounts,
} from './test-accounts.ts';

let unique = 0;
const address = (who: string) => `${who}.${++unique}@example.com`;

function tokenOf(link: string): string {
  const m = /#token=([\w-]+)$/.exec(link);
  assert.ok(m, link);
  return m[1] as string;
}

interface Org {
  id: string;
  admin: Browser;
  adminId: string;
}

// The drivers run side by side: PGlite works in this process while PostgreSQL works in its own.
describe('organisations, teams and invitations', { concurrency: true }, () => {
  for (const driver of DRIVERS) {
    describe(`organisations, teams and invitations on ${driver}`, { concurrency: false }, () => {
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

      async function newOrg(name = 'Acme'): Promise<Org> {
        const { person, browser } = await h.person(address('admin'), 'Alice Admin');
        const r = await browser.request('POST', '/api/orgs', { json: { name } });
        assert.equal(r.status, 201, r.body);
        return { id: r.json.organisation.id, admin: browser, adminId: person.id };
      }

      async function joined(org: Org, who: string, role: 'member' | 'admin' = 'member') {
        const p = await h.person(address(who), who);
        await h.accounts.services.orgs.join(org.id, p.person.id, role);
        return p;
      }

      async function newTeam(org: Org, name: string): Promise<string> {
        const r = await org.admin.request('POST', `/api/orgs/${org.id}/teams`, { json: { name } });
        assert.equal(r.status, 201, r.body);
        return r.json.team.id;
      }

      test('whoever creates an organisation is its admin, and its trial starts', async () => {
        const org = await newOrg('Acme Corp');
        const r = await org.admin.request('GET', `/api/orgs/${org.id}`);
        assert.equal(r.status, 200);
        assert.equal(r.json.organisation.name, 'Acme Corp');
        assert.match(r.json.organisation.slug, /^acme-corp-[0-9a-f]{8}$/);
        assert.equal(r.json.you.role, 'admin');
        assert.equal(r.json.readOnly, null);
        for (const name of ['', 'x'.repeat(81), 'tab\there']) {
          const bad = await org.admin.request('POST', '/api/orgs', { json: { name } });
          assert.equal(bad.status, 400, JSON.stringify(name));
        }
      });

      test('roles are per place: one person leads one team and is a plain member of another', async () => {
        const org = await newOrg();
        const red = await newTeam(org, 'Red');
        const blue = await newTeam(org, 'Blue');
        const { person, browser } = await joined(org, 'Lee');
        assert.equal((await org.admin.request('PUT', `/api/teams/${red}/leads/${person.id}`)).status, 200);
        assert.equal((await org.admin.request('PUT', `/api/teams/${blue}/members/${person.id}`)).status, 200);
        const me = await browser.request('GET', '/api/me');
        const teams = me.json.memberships[0].teams.map((t: { name: string; role: string }) => `${t.name}:${t.role}`).sort();
        assert.deepEqual(teams, ['Blue:member', 'Red:lead']);
        // As lead of Red they rename it; as a member of Blue they may not.
        assert.equal((await browser.request('PATCH', `/api/teams/${red}`, { json: { name: 'Crimson' } })).status, 200);
        assert.equal((await browser.request('PATCH', `/api/teams/${blue}`, { json: { name: 'Navy' } })).status, 403);
        const dup = await org.admin.request('POST', `/api/orgs/${org.id}/teams`, { json: { name: 'Blue' } });
        assert.equal(dup.status, 409);
      });

      test('leads manage their team’s members but not its leads; admins change who leads', async () => {
        const org = await newOrg();
        const team = await newTeam(org, 'Core');
        const lead = await joined(org, 'Lena');
        const other = await joined(org, 'Omar');
        const outsider = await h.person(address('outsider'));
        await org.admin.request('PUT', `/api/teams/${team}/leads/${lead.person.id}`);
        const add = await lead.browser.request('PUT', `/api/teams/${team}/members/${other.person.id}`);
        assert.equal(add.status, 200);
        assert.deepEqual(
          add.json.team.members.map((m: { name: string; role: string }) => `${m.name}:${m.role}`),
          ['Lena:lead', 'Omar:member'],
        );
        const stranger = await lead.browser.request('PUT', `/api/teams/${team}/members/${outsider.person.id}`);
        assert.equal(stranger.status, 404);
        const selfRemove = await lead.browser.request('DELETE', `/api/teams/${team}/members/${lead.person.id}`);
        assert.equal(selfRemove.status, 409);
        assert.equal((await lead.browser.request('DELETE', `/api/teams/${team}/leads/${lead.person.id}`)).status, 403);
        assert.equal((await lead.browser.request('DELETE', `/api/teams/${team}/members/${other.person.id}`)).status, 204);
        assert.equal((await org.admin.request('DELETE', `/api/teams/${team}/leads/${lead.person.id}`)).status, 200);
        assert.equal(await h.accounts.services.orgs.teamRole(lead.person.id, team), 'member');
        assert.equal((await org.admin.request('DELETE', `/api/teams/${team}/leads/${lead.person.id}`)).status, 404);
      });

      test('members see who belongs; only admins see addresses', async () => {
        const org = await newOrg();
        const m = await joined(org, 'Mia');
        const asMember = await m.browser.request('GET', `/api/orgs/${org.id}/members`);
        assert.equal(asMember.status, 200);
        assert.ok(asMember.json.members.every((x: object) => !('email' in x)));
        const asAdmin = await org.admin.request('GET', `/api/orgs/${org.id}/members`);
        assert.ok(asAdmin.json.members.every((x: { email?: string }) => typeof x.email === 'string'));
      });

      test('an organisation always keeps an admin, even when two step down at once', async () => {
        const org = await newOrg();
        await joined(org, 'Max');
        const demote = await org.admin.request('PATCH', `/api/orgs/${org.id}/members/${org.adminId}`, {
          json: { role: 'member' },
        });
        assert.equal(demote.status, 409);
        assert.match(demote.json.error.message, /only admin/);
        assert.equal((await org.admin.request('DELETE', `/api/orgs/${org.id}/membership`)).status, 409);
        assert.equal((await org.admin.request('DELETE', `/api/orgs/${org.id}/members/${org.adminId}`)).status, 409);

        const second = await joined(org, 'Sam', 'admin');
        const both = await Promise.all([
          org.admin.request('PATCH', `/api/orgs/${org.id}/members/${org.adminId}`, { json: { role: 'member' } }),
          second.browser.request('PATCH', `/api/orgs/${org.id}/members/${second.person.id}`, { json: { role: 'member' } }),
        ]);
        assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
        const admins = (await h.accounts.services.orgs.members(org.id, { withEmail: false })).filter((m) => m.role === 'admin');
        assert.equal(admins.length, 1);
        const bad = await org.admin.request('PATCH', `/api/orgs/${org.id}/members/${second.person.id}`, {
          json: { role: 'owner' },
        });
        assert.ok([400, 403].includes(bad.status));
      });

      test('leaving or being removed from an organisation leaves its teams too', async () => {
        const org = await newOrg();
        const team = await newTeam(org, 'Ops');
        const m = await joined(org, 'Noa');
        await org.admin.request('PUT', `/api/teams/${team}/members/${m.person.id}`);
        assert.equal((await m.browser.request('DELETE', `/api/orgs/${org.id}/membership`)).status, 204);
        const roster = await org.admin.request('GET', `/api/teams/${team}`);
        assert.deepEqual(roster.json.team.members, []);
        assert.equal((await m.browser.request('GET', `/api/orgs/${org.id}`)).status, 404);
        const gone = await org.admin.request('DELETE', `/api/orgs/${org.id}/members/${m.person.id}`);
        assert.equal(gone.status, 404);
      });

      test('a link invitation works once, shows where it leads, and stores only its hash', async () => {
        const org = await newOrg('Globex');
        const team = await newTeam(org, 'Platform');
        const r = await org.admin.request('POST', `/api/orgs/${org.id}/invitations`, { json: { kind: 'link', teamId: team } });
        assert.equal(r.status, 201, r.body);
        assert.match(r.json.link, /^http:\/\/polarity\.test\/invitation#token=[\w-]{43}$/);
        const token = tokenOf(r.json.link);
        const [row] = await h.db.select().from(invitations).where(eq(invitations.id, r.json.invitation.id));
        assert.ok(row && row.tokenHash !== token && row.tokenHash.length === 64);

        const anonymous = h.browser();
        const preview = await anonymous.request('GET', `/api/invitations/${token}`);
        assert.equal(preview.status, 200);
        assert.deepEqual(
          [preview.json.invitation.organisation.name, preview.json.invitation.team.name, preview.json.invitation.invitedBy],
          ['Globex', 'Platform', 'Alice Admin'],
        );
        await anonymous.refreshCsrf();
        assert.equal((await anonymous.request('POST', `/api/invitations/${token}/accept`)).status, 401);

        const newcomer = await h.person(address('new'));
        const accepted = await newcomer.browser.request('POST', `/api/invitations/${token}/accept`);
        assert.equal(accepted.status, 200, accepted.body);
        assert.deepEqual(
          [accepted.json.organisation.name, accepted.json.role, accepted.json.team.name],
          ['Globex', 'member', 'Platform'],
        );
        assert.equal(await h.accounts.services.orgs.teamRole(newcomer.person.id, team), 'member');

        const late = await h.person(address('late'));
        const reused = await late.browser.request('POST', `/api/invitations/${token}/accept`);
        assert.equal(reused.status, 410);
        assert.equal(await h.accounts.services.orgs.orgRole(late.person.id, org.id), null);
        const list = await org.admin.request('GET', `/api/orgs/${org.id}/invitations`);
        assert.equal(list.json.invitations[0].status, 'accepted');
        assert.ok(list.json.invitations.every((i: object) => !JSON.stringify(i).includes(token)));
      });

      test('two people racing for one invitation: exactly one gets in', async () => {
        const org = await newOrg();
        const r = await org.admin.request('POST', `/api/orgs/${org.id}/invitations`, { json: { kind: 'link' } });
        const token = tokenOf(r.json.link);
        const a = await h.person(address('a'));
        const b = await h.person(address('b'));
        const answers = await Promise.all([a, b].map((p) => p.browser.request('POST', `/api/invitations/${token}/accept`)));
        assert.deepEqual(answers.map((x) => x.status).sort(), [200, 410]);
        const members = await h.accounts.services.orgs.members(org.id, { withEmail: false });
        assert.equal(members.length, 2);
      });

      test('invitations expire, can be withdrawn, and an admin invitation makes an admin', async () => {
        const org = await newOrg();
        const make = async (json: object) =>
          tokenOf((await org.admin.request('POST', `/api/orgs/${org.id}/invitations`, { json })).json.link);
        const expiring = await make({ kind: 'link' });
        const withdrawn = await make({ kind: 'link' });
        const promoting = await make({ kind: 'link', role: 'admin' });
        const list = await org.admin.request('GET', `/api/orgs/${org.id}/invitations`);
        const withdrawnId = list.json.invitations.find((i: { status: string }) => i.status === 'pending').id;
        const revoked = await org.admin.request('DELETE', `/api/orgs/${org.id}/invitations/${withdrawnId}`);
        assert.equal(revoked.json.invitation.status, 'revoked');
        const p = await h.person(address('p'));
        const statuses: number[] = [];
        for (const t of [expiring, withdrawn, promoting])
          statuses.push((await p.browser.request('POST', `/api/invitations/${t}/accept`)).status);
        // One of the first two was withdrawn; the other still works; the admin one makes an admin.
        assert.equal(statuses.filter((s) => s === 410).length, 1);
        assert.equal(await h.accounts.services.orgs.orgRole(p.person.id, org.id), 'admin');

        const old = await make({ kind: 'link' });
        h.time.now += 8 * 86_400_000;
        const q = await h.person(address('q'));
        const expired = await q.browser.request('POST', `/api/invitations/${old}/accept`);
        assert.equal(expired.status, 410);
        assert.match(expired.json.error.message, /expired/);
        const unknown = await q.browser.request('GET', `/api/invitations/${'z'.repeat(43)}`);
        assert.equal(unknown.status, 404);
      });

      test('email invitations are sent to the address; a lead invites into their own team only', async () => {
        const org = await newOrg('Initech');
        const team = await newTeam(org, 'Support');
        const lead = await joined(org, 'Luz');
        await org.admin.request('PUT', `/api/teams/${team}/leads/${lead.person.id}`);
        const sent = await lead.browser.request('POST', `/api/teams/${team}/invitations`, {
          json: { kind: 'email', email: 'Pat@Example.com' },
        });
        assert.equal(sent.status, 201, sent.body);
        assert.equal(sent.json.sent, true);
        assert.equal(sent.json.link, undefined, 'an email invitation is not handed back as a link');
        const mail = h.mail.at(-1) as { to: string; subject: string; text: string };
        assert.equal(mail.to, 'pat@example.com');
        assert.match(mail.subject, /Luz invites you to Initech/);
        const pat = await h.person('pat@example.com');
        const ok = await pat.browser.request(
          'POST',
          `/api/invitations/${tokenOf(/(\S+#token=\S+)/.exec(mail.text)?.[1] ?? '')}/accept`,
        );
        assert.equal(ok.status, 200);
        assert.equal(ok.json.role, 'member');
        assert.equal(await h.accounts.services.orgs.teamRole(pat.person.id, team), 'member');
        // A lead cannot make admins, nor invite through the organisation.
        const asAdmin = await lead.browser.request('POST', `/api/teams/${team}/invitations`, {
          json: { kind: 'link', role: 'admin' },
        });
        assert.equal(asAdmin.status, 400);
        assert.equal(
          (await lead.browser.request('POST', `/api/orgs/${org.id}/invitations`, { json: { kind: 'link' } })).status,
          403,
        );
      });

      test('bad invitations change nothing; the budget per organisation is enforced', async () => {
        const org = await newOrg();
        const elsewhere = await newOrg('Elsewhere');
        const foreignTeam = await newTeam(elsewhere, 'Theirs');
        const count = async () => (await h.db.select().from(invitations).where(eq(invitations.orgId, org.id))).length;
        for (const json of [
          { kind: 'email' },
          { kind: 'link', role: 'owner' },
          { kind: 'carrier-pigeon' },
          { kind: 'link', teamId: 'not-an-id' },
          { kind: 'link', extra: true },
        ]) {
          const r = await org.admin.request('POST', `/api/orgs/${org.id}/invitations`, { json });
          assert.equal(r.status, 400, JSON.stringify(json));
        }
        const foreign = await org.admin.request('POST', `/api/orgs/${org.id}/invitations`, {
          json: { kind: 'link', teamId: foreignTeam },
        });
        assert.equal(foreign.status, 404);
        assert.equal(await count(), 0);

        const tight = await startAccounts(d.db, { limits: { invitationsPerOrg: { max: 2, windowMs: 86_400_000 } } });
        try {
          const b = await tight.person(address('tight'));
          const r = await b.browser.request('POST', '/api/orgs', { json: { name: 'Tight' } });
          const orgId = r.json.organisation.id;
          for (let i = 0; i < 2; i++)
            assert.equal(
              (await b.browser.request('POST', `/api/orgs/${orgId}/invitations`, { json: { kind: 'link' } })).status,
              201,
            );
          const third = await b.browser.request('POST', `/api/orgs/${orgId}/invitations`, { json: { kind: 'link' } });
          assert.equal(third.status, 429);
        } finally {
          await tight.close();
        }
      });

      test('an email invitation that could not be sent is withdrawn', async () => {
        const failing = await startAccounts(d.db, {
          mailer: {
            delivery: 'smtp',
            async send() {
              throw new Error('SMTP is down');
            },
          },
        });
        try {
          const b = await failing.person(address('fail'));
          const orgId = (await b.browser.request('POST', '/api/orgs', { json: { name: 'Down' } })).json.organisation.id;
          const r = await b.browser.request('POST', `/api/orgs/${orgId}/invitations`, {
            json: { kind: 'email', email: 'x@example.com' },
          });
          assert.equal(r.status, 500);
          const list = await b.browser.request('GET', `/api/orgs/${orgId}/invitations`);
          assert.deepEqual(
            list.json.invitations.map((i: { status: string }) => i.status),
            ['revoked'],
          );
        } finally {
          await failing.close();
        }
      });
    });
  }
});
