// The ledger's part of a person's data, through accounts' real export, withdrawal and account deletion; and what
// deleting a team does to its ledger.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { memberships, teamMembers, teams } from '../accounts/schema.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  openAccountsDatabase,
  startAccounts,
} from '../accounts/test-accounts.ts';
import { organisations } from '../store/schema.ts';
import { createCommitment, getCommitment, listCommitments, renegotiateCommitment } from './commitment-store.ts';
import { createItem, listItems } from './item-store.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import { FORMER_MEMBER, ledgerPersonalData } from './ledger-personal-data.ts';
import { commitments, ledgerItems, sprints, tradeOffs } from './schema.ts';
import { createSprint, planItem } from './sprint-store.ts';
import { DRIVERS } from './test-ledger-database.ts';
import type { TradeOffContent } from './trade-off-record.ts';
import { acceptTradeOff, createTradeOff, getTradeOff, proposeTradeOff, signTradeOff } from './trade-off-store.ts';
import { recordTrustEvent } from './trust-event-store.ts';

const T0 = new Date('2025-01-06T09:00:00Z');
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

for (const driver of DRIVERS) {
  describe(`the ledger in a person's data on ${driver}`, () => {
    let d: AccountsTestDatabase;
    let h: AccountsHarness;
    let db: LedgerDatabase;
    const orgId = randomUUID();
    const teamId = randomUUID();

    before(async () => {
      d = await openAccountsDatabase(driver);
      db = d.db as unknown as LedgerDatabase;
      h = await startAccounts(d.db);
      h.accounts.registerPersonalData(ledgerPersonalData(db));
    });
    after(async () => {
      await h?.close();
      await d?.destroy();
    });

    async function teamOf(people: { id: string; role: 'member' | 'lead' }[]) {
      await db
        .insert(organisations)
        .values({ id: orgId, slug: `ledger-${orgId}`, name: 'Ledger Org' })
        .onConflictDoNothing();
      await db.insert(teams).values({ id: teamId, orgId, name: 'Payments' }).onConflictDoNothing();
      for (const p of people) {
        await db.insert(memberships).values({ orgId, personId: p.id, role: 'member' }).onConflictDoNothing();
        await db.insert(teamMembers).values({ teamId, orgId, personId: p.id, role: p.role }).onConflictDoNothing();
      }
    }

    const content = (pm: { id: string; name: string }, eng: { id: string; name: string }): TradeOffContent => ({
      title: 'Ship the CRM sync without load tests',
      context: 'The renewal needs the sync by the 31st.',
      drivers: ['the renewal'],
      options: [
        { id: 'ship', title: 'Ship now', description: '', pros: [], cons: [] },
        { id: 'wait', title: 'Wait for load tests', description: '', pros: [], cons: [] },
      ],
      chosenOption: 'ship',
      because: 'the renewal is worth more than the expected cost',
      consequences: { good: [], bad: [] },
      confirmation: '',
      risks: [{ text: 'the sync falls over under load', probability: 0.3, cost: 200_000 }],
      cleanup: { description: 'load tests and back-pressure', hours: 40, dueOn: '2025-02-28' },
      bearers: [
        { personId: pm.id, name: pm.name, role: 'pm', bears: 'the customer promise' },
        { personId: eng.id, name: eng.name, role: 'engineering_lead', bears: 'the cleanup sprint' },
      ],
      consulted: [eng.name, 'Ruth'],
      informed: ['Sales'],
    });

    it('exports what a person wrote, signed and owns; withdrawal keeps it; account deletion keeps the signature and replaces the name', async () => {
      const { person: pm, browser: pmBrowser } = await h.person('priya@example.test', 'Priya Natarajan');
      const { person: eng, browser: engBrowser } = await h.person('tom@example.test', 'Tom Berg');
      await teamOf([
        { id: pm.id, role: 'member' },
        { id: eng.id, role: 'lead' },
      ]);

      const record = await createTradeOff(db, teamId, content(pm, eng), pm.id, T0);
      await proposeTradeOff(db, teamId, record.id, later(1));
      await signTradeOff(db, teamId, record.id, pm.id, later(2));
      await signTradeOff(db, teamId, record.id, eng.id, later(3));
      await acceptTradeOff(db, teamId, record.id, eng.id, later(4), later(4));
      const debt = await createItem(
        db,
        teamId,
        {
          kind: 'debt',
          title: 'Billing cleanup',
          description: '',
          externalKey: null,
          source: 'manual',
          status: 'open',
          points: 5,
          rice: {},
          ice: {},
          wsjf: {},
          debt: null,
          risks: [],
        },
        T0,
      );
      const promise = await createCommitment(
        db,
        teamId,
        {
          title: 'One sprint for billing cleanup',
          ownerPersonId: eng.id,
          ownerName: eng.name,
          dueOn: '2025-03-31',
          tradeOffId: record.id,
          itemId: debt.id,
        },
        pm.id,
        later(5),
      );
      await renegotiateCommitment(
        db,
        teamId,
        promise.id,
        { dueOn: '2025-04-15', reason: 'the incident took a sprint', agreedBy: [eng.name, pm.name] },
        pm.id,
        later(6),
      );
      const sprint = await createSprint(
        db,
        teamId,
        { name: 'Sprint 1', startsOn: '2025-01-06', endsOn: '2025-01-17', capacity: 20 },
        T0,
      );
      await planItem(db, teamId, sprint.id, { itemId: debt.id, points: 5, reason: null }, eng.id, later(7));
      await recordTrustEvent(
        db,
        teamId,
        { kind: 'engineering_in_discovery', note: 'Tom joined the customer calls', at: later(8) },
        eng.id,
        later(8),
      );

      const engExport = (await engBrowser.request('GET', '/api/me/export')).json.ledger;
      assert.deepEqual(
        engExport.tradeOffs.map((r: Record<string, unknown>) => [r.title, r.status, r.writtenByYou, r.youBear]),
        [['Ship the CRM sync without load tests', 'accepted', false, { role: 'engineering_lead', bears: 'the cleanup sprint' }]],
      );
      assert.equal(engExport.tradeOffs[0].yourSignOff.revision, 1);
      assert.deepEqual(
        engExport.commitments.map((c: Record<string, unknown>) => [c.title, c.ownedByYou, c.madeByYou]),
        [['One sprint for billing cleanup', true, false]],
      );
      assert.deepEqual(
        engExport.sprintPlanChanges.map((p: Record<string, unknown>) => [p.sprint, p.item]),
        [['Sprint 1', 'Billing cleanup']],
      );
      assert.deepEqual(
        engExport.trustEventsYouRecorded.map((e: Record<string, unknown>) => e.note),
        ['Tom joined the customer calls'],
      );
      const pmExport = (await pmBrowser.request('GET', '/api/me/export')).json.ledger;
      assert.equal(pmExport.tradeOffs[0].writtenByYou, true);
      assert.equal(pmExport.renegotiationsYouRecorded[0].reason, 'the incident took a sprint');
      assert.deepEqual(pmExport.trustEventsYouRecorded, []);

      // Withdrawing stops taking part in quests and coaching; the team's decisions stay as they were.
      assert.equal((await engBrowser.request('POST', '/api/me/withdraw', { json: { confirm: 'withdraw' } })).status, 200);
      assert.equal((await getTradeOff(db, teamId, record.id)).content.bearers[1]?.name, 'Tom Berg');

      // Deleting the account: the record and both signatures stay, the name goes everywhere the ledger wrote it.
      assert.equal((await engBrowser.request('DELETE', '/api/me', { json: { confirm: 'delete my account' } })).status, 204);
      const after = await getTradeOff(db, teamId, record.id);
      assert.equal(after.status, 'accepted');
      assert.equal(after.revision, 1);
      assert.deepEqual(after.signOffs.map((s) => s.personId).sort(), [pm.id, eng.id].sort());
      assert.deepEqual(
        after.content.bearers.map((b) => b.name),
        ['Priya Natarajan', FORMER_MEMBER],
      );
      assert.deepEqual(after.content.consulted, [FORMER_MEMBER, 'Ruth']);
      const kept = await getCommitment(db, teamId, promise.id);
      assert.equal(kept.ownerName, FORMER_MEMBER);
      assert.equal(kept.ownerPersonId, null);
      assert.deepEqual(kept.renegotiations[0]?.agreedBy, [FORMER_MEMBER, 'Priya Natarajan']);
      // Nothing else in the ledger changed.
      assert.equal((await listItems(db, teamId)).length, 1);
      // The other bearer's export still shows the record they wrote.
      const pmAfter = (await pmBrowser.request('GET', '/api/me/export')).json.ledger;
      assert.equal(pmAfter.tradeOffs.length, 1);
      // Deleting twice (a retried request) is harmless: the source is idempotent.
      await ledgerPersonalData(db).forgetAccount(eng.id);
      assert.deepEqual(
        (await getTradeOff(db, teamId, record.id)).content.bearers.map((b) => b.name),
        ['Priya Natarajan', FORMER_MEMBER],
      );
    });

    it("deleting a team deletes its ledger (cascade), and leaves other teams' ledgers alone", async () => {
      await teamOf([]);
      const otherTeam = randomUUID();
      await db.insert(teams).values({ id: otherTeam, orgId, name: 'Growth' });
      const mine = await createSprint(
        db,
        otherTeam,
        { name: 'Sprint A', startsOn: '2025-01-06', endsOn: '2025-01-17', capacity: 10 },
        T0,
      );
      assert.ok(mine);
      await createCommitment(
        db,
        otherTeam,
        {
          title: 'Growth promise',
          ownerPersonId: null,
          ownerName: 'Someone',
          dueOn: '2025-03-01',
          tradeOffId: null,
          itemId: null,
        },
        randomUUID(),
        T0,
      );
      const before = (await listCommitments(db, teamId)).length;
      await db.delete(teams).where(eq(teams.id, otherTeam));
      assert.equal((await db.select().from(sprints).where(eq(sprints.teamId, otherTeam))).length, 0);
      assert.equal((await db.select().from(commitments).where(eq(commitments.teamId, otherTeam))).length, 0);
      // The first team's ledger is untouched.
      assert.equal((await listCommitments(db, teamId)).length, before);
      assert.ok((await db.select().from(tradeOffs).where(eq(tradeOffs.teamId, teamId))).length > 0);

      // And the whole team with every kind of row (items planned into sprints, signed records, commitments) goes at once.
      await db.delete(teams).where(eq(teams.id, teamId));
      assert.equal((await db.select().from(ledgerItems).where(eq(ledgerItems.teamId, teamId))).length, 0);
      assert.equal((await db.select().from(tradeOffs).where(eq(tradeOffs.teamId, teamId))).length, 0);
    });

    it('refuses ledger rows for a team that does not exist', async () => {
      await assert.rejects(
        createSprint(db, randomUUID(), { name: 'Orphan', startsOn: '2025-01-06', endsOn: '2025-01-17', capacity: 10 }, T0),
      );
    });
  });
}
