import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { compileScenarioText } from '../../scenarios/catalog.ts';
import type { SignedInPerson } from '../policy/rules.ts';
import { importItems, listItems } from './item-store.ts';
import type { NewItem } from './ledger-item.ts';
import { JIRA_CSV } from './test-exports.ts';
import { type TestLedgerApp, testDirectory, testLedgerApp } from './test-ledger-app.ts';
import { createTestLedgerDatabase, DRIVERS, type TestLedgerDatabase } from './test-ledger-database.ts';

const START = new Date('2025-03-03T09:00:00Z');

for (const driver of DRIVERS) {
  describe(`ledger over HTTP on ${driver}`, () => {
    let database: TestLedgerDatabase;
    let t: TestLedgerApp;
    const dir = testDirectory();
    const org = randomUUID();
    const otherOrg = randomUUID();
    const team = dir.team(org);
    const otherTeam = dir.team(org);
    const pm = dir.person('Priya Natarajan');
    const eng = dir.person('Tom Berg');
    const outsider = dir.person('Oscar Outside');
    const admin = dir.person('Ada Admin');
    const stranger = dir.person('Sam Stranger');
    for (const p of [pm, eng, outsider]) dir.join(p.id, org, 'member');
    dir.join(admin.id, org, 'admin');
    dir.join(stranger.id, otherOrg, 'member');
    dir.joinTeam(pm.id, team, 'member');
    dir.joinTeam(eng.id, team, 'lead');
    dir.joinTeam(pm.id, otherTeam, 'member');
    const L = `/api/teams/${team}/ledger`;

    before(async () => {
      database = await createTestLedgerDatabase(driver);
      await dir.save(database.db);
      t = await testLedgerApp(database.db, dir, START);
    });
    after(async () => {
      await t?.app.close();
      await database?.destroy();
    });

    const json = <T = Record<string, unknown>>(r: { json(): unknown }) => r.json() as T;
    const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, as: SignedInPerson | null, body?: unknown) =>
      t.call(method, path.startsWith('/api') ? path : `${L}${path}`, as, body);

    const feature = {
      kind: 'feature',
      title: 'CRM integration',
      points: 8,
      rice: { reach: 450, impact: 3, confidence: 100, effort: 2 },
      risks: [{ text: 'the sync is untested under load', probability: 0.3, cost: 200_000 }],
    };

    it('keeps the ledger to the team: anonymous 401, outsiders and other organisations refused, admins let in', async () => {
      assert.equal((await call('GET', '/items', null)).statusCode, 401);
      const refused = await call('GET', '/items', outsider);
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(json(refused), {
        error: { code: 'not_allowed', message: "only this team's members (or an admin of its organisation) use its ledger" },
      });
      assert.equal((await call('GET', '/items', stranger)).statusCode, 404);
      assert.equal((await call('GET', '/items', admin)).statusCode, 200);
      const settings = await call('PUT', '/settings', pm, { iceRule: 'product' });
      assert.equal(settings.statusCode, 403, 'only the lead changes settings');
      assert.equal((await call('POST', '/items', outsider, feature)).statusCode, 403);
      const huge = await call('POST', '/items', pm, { ...feature, description: 'x'.repeat(20_000) });
      assert.equal(huge.statusCode, 413);
      assert.deepEqual(json(huge), { error: { code: 'too_large', message: 'the request body is larger than 16 KB' } });
      assert.equal(json<{ items: unknown[] }>(await call('GET', '/items', pm)).items.length, 0);
    });

    it('scores features and debt in one ranking, each score explained, and refuses bad input without changing anything', async () => {
      const crm = await call('POST', '/items', pm, feature);
      assert.equal(crm.statusCode, 201, crm.body);
      const crmId = json<{ item: { id: string } }>(crm).item.id;
      const bad = await call('POST', '/items', eng, {
        kind: 'debt',
        title: 'Billing cleanup',
        rice: { impact: 1.5, confidence: 70 },
        colour: 'red',
      });
      assert.equal(bad.statusCode, 400);
      const err = json<{ error: { code: string; issues: { path: string; message: string }[] } }>(bad).error;
      assert.equal(err.code, 'invalid');
      assert.deepEqual(
        err.issues.map((i) => i.path),
        ['rice.impact', 'rice.confidence', '(root)'],
      );
      const badSlows = await call('POST', '/items', eng, {
        kind: 'debt',
        title: 'Billing cleanup',
        debt: {
          extraHoursPerChange: 16,
          changesPerSprint: 1,
          outageProbability: 0.1,
          costPerOutage: 50_000,
          principalHours: 40,
          slows: [randomUUID()],
        },
      });
      assert.equal(badSlows.statusCode, 400);
      assert.match(json<{ error: { message: string } }>(badSlows).error.message, /^debt.slows: no item /);
      assert.equal(json<{ items: unknown[] }>(await call('GET', '/items', pm)).items.length, 1, 'refusals changed nothing');

      const billing = await call('POST', '/items', eng, {
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
          slows: [crmId],
        },
      });
      assert.equal(billing.statusCode, 201, billing.body);
      const scores = json<{ method: string; ranked: { title: string; score: number; explanation: { sentence: string } }[] }>(
        await call('GET', '/scores', pm),
      );
      assert.equal(scores.method, 'rice');
      assert.deepEqual(
        scores.ranked.map((r) => [r.title, r.score]),
        [
          ['CRM integration', 675],
          ['Billing module cleanup', 233.6],
        ],
      );
      assert.equal(
        scores.ranked[0]?.explanation.sentence,
        'Reach 450 per quarter × Impact 3 (massive) × Confidence 100% ÷ Effort 2 person-months = 675',
      );

      // The lead switches the team to ICE with the product rule; the ranking follows.
      const set = await call('PUT', '/settings', eng, { method: 'ice', iceRule: 'product' });
      assert.equal(set.statusCode, 200, set.body);
      const ice = json<{ method: string; unscored: { title: string }[] }>(await call('GET', '/scores', pm));
      assert.equal(ice.method, 'ice');
      assert.equal(ice.unscored.length, 2, 'no ICE numbers yet');
      await call('PUT', '/settings', eng, { method: 'rice' });

      const patched = await call('PATCH', `/items/${crmId}`, pm, { rice: { reach: 2000, impact: 1, confidence: 80, effort: 4 } });
      assert.equal(json<{ scores: { rice: { explanation: { score: number } } } }>(patched).scores.rice.explanation.score, 400);
      const elsewhere = await call('GET', `/api/teams/${otherTeam}/ledger/items/${crmId}`, pm);
      assert.equal(elsewhere.statusCode, 404, "another team's ledger does not have this item");
    });

    it('runs a trade-off record from draft to accepted, keeps it immutable, supersedes it and exports MADR', async () => {
      const content = {
        title: 'Ship the CRM integration in two weeks',
        context: 'Customers churn because they cannot sync their CRM: $40,000 MRR a quarter.',
        drivers: ['$40,000 MRR lost per quarter'],
        options: [
          { id: 'two_weeks', title: 'Ship in two weeks', pros: ['stops the churn sooner'], cons: ['untested under load'] },
          { id: 'six_weeks', title: 'Ship in six weeks', pros: ['load-tested'], cons: ['a month more churn'] },
        ],
        chosenOption: 'two_weeks',
        because: 'the churn costs more than the expected cost of the risks',
        risks: [{ text: 'the sync breaks under load', probability: 0.3, cost: 200_000 }],
        cleanup: { description: 'two weeks of sync engine cleanup', hours: 160, dueOn: '2025-04-14' },
        bearers: [{ personId: pm.id, name: pm.name, role: 'pm', bears: 'the customer promise' }],
        informed: ['Support team'],
      };
      const created = await call('POST', '/trade-offs', pm, { content });
      assert.equal(created.statusCode, 201, created.body);
      const record = json<{
        tradeOff: {
          id: string;
          number: number;
          revision: number;
          pricedRisks: { emv: number }[];
          problemsBeforeProposing: string[];
        };
      }>(created).tradeOff;
      assert.equal(record.number, 1);
      assert.equal(record.pricedRisks[0]?.emv, 60_000);
      assert.deepEqual(record.problemsBeforeProposing, [
        'the engineering lead is among the people who bear the consequences: add them as a bearer',
      ]);
      const id = record.id;
      const notReady = await call('POST', `/trade-offs/${id}/propose`, pm);
      assert.equal(notReady.statusCode, 400);

      const stale = await call('PATCH', `/trade-offs/${id}`, pm, { revision: 9, content: { title: 'x' } });
      assert.equal(stale.statusCode, 409);
      const bearers = [
        ...content.bearers,
        { personId: eng.id, name: eng.name, role: 'engineering_lead', bears: 'the cleanup and on-call' },
      ];
      const edited = await call('PATCH', `/trade-offs/${id}`, pm, { revision: 1, content: { bearers } });
      assert.equal(json<{ tradeOff: { revision: number } }>(edited).tradeOff.revision, 2);
      assert.equal((await call('POST', `/trade-offs/${id}/propose`, pm)).statusCode, 200);

      assert.equal((await call('POST', `/trade-offs/${id}/sign-off`, admin)).statusCode, 403, 'only bearers sign');
      t.clock.now = new Date('2025-03-04T09:00:00Z');
      await call('POST', `/trade-offs/${id}/sign-off`, pm);
      const early = await call('POST', `/trade-offs/${id}/accept`, pm);
      assert.equal(early.statusCode, 409);
      assert.match(json<{ error: { message: string } }>(early).error.message, /still needs the sign-off of Tom Berg/);
      const signed = json<{ tradeOff: { awaitingSignOff: unknown[] } }>(await call('POST', `/trade-offs/${id}/sign-off`, eng));
      assert.deepEqual(signed.tradeOff.awaitingSignOff, []);

      const backdated = await call('POST', `/trade-offs/${id}/accept`, pm, { decidedAt: '2025-03-01T16:00:00Z' });
      assert.equal(backdated.statusCode, 409);
      assert.match(json<{ error: { message: string } }>(backdated).error.message, /before trade-off #1 was written/);
      const accepted = await call('POST', `/trade-offs/${id}/accept`, eng, { decidedAt: '2025-03-04T08:30:00Z' });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(json<{ tradeOff: { status: string } }>(accepted).tradeOff.status, 'accepted');

      const change = await call('PATCH', `/trade-offs/${id}`, pm, { revision: 2, content: { because: 'we changed our minds' } });
      assert.equal(change.statusCode, 409);
      assert.match(
        json<{ error: { message: string } }>(change).error.message,
        /accepted and cannot change; write a new record that supersedes it/,
      );
      assert.equal((await call('POST', `/trade-offs/${id}/sign-off`, pm)).statusCode, 409);
      const still = json<{ tradeOff: { content: { because: string }; revision: number } }>(
        await call('GET', `/trade-offs/${id}`, pm),
      );
      assert.equal(still.tradeOff.content.because, content.because);

      const successor = await call('POST', `/trade-offs/${id}/supersede`, pm);
      assert.equal(successor.statusCode, 201);
      const next = json<{ tradeOff: { id: string; number: number; status: string; supersedes: string } }>(successor).tradeOff;
      assert.deepEqual([next.number, next.status, next.supersedes], [2, 'draft', id]);
      await call('PATCH', `/trade-offs/${next.id}`, pm, {
        revision: 1,
        content: { chosenOption: 'six_weeks', because: 'the load test failed' },
      });
      await call('POST', `/trade-offs/${next.id}/propose`, pm);
      await call('POST', `/trade-offs/${next.id}/sign-off`, pm);
      await call('POST', `/trade-offs/${next.id}/sign-off`, eng);
      assert.equal((await call('POST', `/trade-offs/${next.id}/accept`, pm)).statusCode, 200);
      const old = json<{ tradeOff: { status: string; supersededBy: string } }>(
        await call('GET', `/trade-offs/${id}`, pm),
      ).tradeOff;
      assert.deepEqual([old.status, old.supersededBy], ['superseded', next.id]);

      const exported = await call('GET', `/trade-offs/${id}/export`, pm);
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers['content-type']), /^text\/markdown/);
      assert.match(String(exported.headers['content-disposition']), /ADR-0001-ship-the-crm-integration-in-two-weeks\.md/);
      const [, front] = exported.body.split(/^---$/m);
      assert.deepEqual(parse(front as string), {
        status: 'superseded by ADR-0002',
        date: '2025-03-04',
        'decision-makers': ['Priya Natarajan (PM)', 'Tom Berg (engineering lead)'],
        consulted: [],
        informed: ['Support team'],
      });
      assert.match(
        exported.body,
        /^Chosen option: "Ship in two weeks", because the churn costs more than the expected cost of the risks\.$/m,
      );
    });

    it('alerts on commitments that slip or are silently dropped from a plan, and builds the trust timeline', async () => {
      t.clock.now = new Date('2025-03-10T09:00:00Z');
      const cleanup = json<{ item: { id: string } }>(
        await call('POST', '/items', eng, { kind: 'debt', title: 'Sync engine cleanup', points: 8, rice: { confidence: 80 } }),
      ).item.id;
      const sprint = json<{ sprint: { id: string } }>(
        await call('POST', '/sprints', pm, { name: 'Sprint 6', startsOn: '2025-03-17', endsOn: '2025-03-28', capacity: 40 }),
      ).sprint.id;
      const badSprint = await call('POST', '/sprints', pm, {
        name: 'Sprint 7',
        startsOn: '2025-04-11',
        endsOn: '2025-03-31',
        capacity: 40,
      });
      assert.equal(badSprint.statusCode, 400);
      const planned = await call('POST', `/sprints/${sprint}/items`, eng, { itemId: cleanup });
      assert.equal(planned.statusCode, 201, planned.body);
      assert.equal(json<{ budget: { debtShare: number } }>(planned).budget.debtShare, 0.2);
      const commitment = await call('POST', '/commitments', pm, {
        title: 'One sprint for billing cleanup this quarter',
        ownerPersonId: eng.id,
        ownerName: eng.name,
        dueOn: '2025-03-28',
        itemId: cleanup,
      });
      assert.equal(commitment.statusCode, 201, commitment.body);
      const commitmentId = json<{ commitment: { id: string } }>(commitment).commitment.id;
      assert.deepEqual(json<{ alerts: unknown[] }>(await call('GET', '/alerts', pm)).alerts, []);

      // Mid-sprint, the cleanup leaves the plan without anyone renegotiating the commitment.
      t.clock.now = new Date('2025-03-18T10:00:00Z');
      const removed = await call('POST', `/sprints/${sprint}/items/${cleanup}/remove`, pm, {});
      assert.equal(removed.statusCode, 200, removed.body);
      const alerts = json<{ alerts: { kind: string; message: string }[] }>(await call('GET', '/alerts', eng)).alerts;
      assert.deepEqual(
        alerts.map((a) => a.kind),
        ['silently_deprioritised'],
      );
      assert.match(alerts[0]?.message ?? '', /dropped from Sprint 6 on 2025-03-18 with no recorded renegotiation/);

      const badDate = await call('POST', `/commitments/${commitmentId}/renegotiate`, pm, {
        dueOn: '2025-02-30',
        reason: 'x',
        agreedBy: ['Tom Berg'],
      });
      assert.equal(badDate.statusCode, 400);
      t.clock.now = new Date('2025-03-20T10:00:00Z');
      const renegotiated = await call('POST', `/commitments/${commitmentId}/renegotiate`, pm, {
        dueOn: '2025-04-11',
        reason: 'the CRM launch needs the points; the cleanup moves to Sprint 7',
        agreedBy: ['Priya Natarajan', 'Tom Berg'],
      });
      assert.equal(renegotiated.statusCode, 200, renegotiated.body);
      assert.deepEqual(json<{ alerts: unknown[] }>(await call('GET', '/alerts', eng)).alerts, []);
      assert.equal(
        (
          await call('POST', '/trust-events', eng, {
            kind: 'deadline_imposed_without_engineering',
            note: 'The launch date was set in the sales call',
            at: '2025-03-12T15:00:00Z',
          })
        ).statusCode,
        201,
      );
      assert.equal((await call('POST', '/trust-events', eng, { kind: 'not_a_kind', note: 'x' })).statusCode, 400);

      const timeline = json<{ events: { kind: string; type: string }[]; breaks: number; repairs: number }>(
        await call('GET', '/trust-timeline', pm),
      );
      assert.deepEqual(
        timeline.events.map((e) => e.kind),
        [
          'trade_off_documented_before_decision',
          'trade_off_documented_before_decision',
          'deadline_imposed_without_engineering',
          'commitment_dropped',
          'commitment_renegotiated',
        ],
      );
      assert.deepEqual([timeline.breaks, timeline.repairs], [2, 3]);
      const honoured = await call('POST', `/commitments/${commitmentId}/honour`, eng, { note: 'done in Sprint 7' });
      assert.equal(json<{ commitment: { status: string } }>(honoured).commitment.status, 'honoured');
      assert.equal((await call('POST', `/commitments/${commitmentId}/drop`, pm, { reason: 'x' })).statusCode, 409);

      const sprints = json<{ qualityBudget: { sprints: { debtShare: number }[]; warning: string | null } }>(
        await call('GET', '/sprints', pm),
      );
      assert.deepEqual(
        sprints.qualityBudget.sprints.map((s) => s.debtShare),
        [0],
      );
      assert.equal(sprints.qualityBudget.warning, null);
    });

    it('imports a Jira export: good rows in, bad rows reported by line, nothing twice, nothing half-written', async () => {
      const before = (await listItems(database.db, team)).length;
      const dry = await call('POST', '/import', pm, { source: 'jira', csv: JIRA_CSV, dryRun: true });
      assert.equal(dry.statusCode, 200, dry.body);
      assert.equal(json<{ imported: number }>(dry).imported, 0);
      assert.equal((await listItems(database.db, team)).length, before);

      const r = await call('POST', '/import', pm, { source: 'jira', csv: JIRA_CSV });
      assert.equal(r.statusCode, 201, r.body);
      const body = json<{
        imported: number;
        items: { line: number; key: string; kind: string }[];
        problems: { line: number; reasons: string[] }[];
      }>(r);
      assert.equal(body.imported, 3);
      assert.deepEqual(
        body.items.map((i) => [i.line, i.key, i.kind]),
        [
          [2, 'PAY-12', 'feature'],
          [4, 'PAY-14', 'debt'],
          [7, 'PAY-17', 'debt'],
        ],
      );
      assert.deepEqual(
        body.problems.map((p) => p.line),
        [5, 6, 8],
      );
      assert.equal((await listItems(database.db, team)).length, before + 3);

      const again = json<{ imported: number; problems: { reasons: string[] }[] }>(
        await call('POST', '/import', pm, { source: 'jira', csv: JIRA_CSV }),
      );
      assert.equal(again.imported, 0);
      assert.ok(again.problems.some((p) => p.reasons.includes('PAY-14 is already in the ledger (imported before)')));
      assert.equal((await listItems(database.db, team)).length, before + 3);

      // An export far larger than other requests may be is still taken whole.
      const rows = Array.from({ length: 600 }, (_, i) => `Feature number ${i} with a longer summary,BIG-${i},Story,To Do,3`);
      const big = await call('POST', '/import', pm, {
        source: 'jira',
        csv: ['Summary,Issue key,Issue Type,Status,Custom field (Story Points)', ...rows].join('\n'),
        dryRun: true,
      });
      assert.equal(big.statusCode, 200, big.body);
      assert.equal(json<{ items: unknown[] }>(big).items.length, 600);

      const unreadable = await call('POST', '/import', pm, { source: 'jira', csv: 'Summary,Issue key\n"CRM,PAY-1\n' });
      assert.equal(unreadable.statusCode, 400);

      // A row the database refuses (points beyond its range) takes the whole import back with it.
      const good: NewItem = {
        kind: 'feature',
        title: 'Fine',
        description: '',
        externalKey: 'X-1',
        source: 'linear',
        status: 'open',
        points: 3,
        rice: {},
        ice: {},
        wsjf: {},
        debt: null,
        risks: [],
      };
      await assert.rejects(importItems(database.db, team, [good, { ...good, externalKey: 'X-2', points: 5000 }], t.clock.now));
      assert.equal((await listItems(database.db, team)).length, before + 3);
    });

    it('generates a practice quest from selected items that compiles in the scenario format', async () => {
      const items = json<{ items: { id: string; title: string; source: string }[] }>(await call('GET', '/items', pm)).items;
      const pick = (title: string) => items.find((i) => i.title === title && i.source === 'manual')?.id as string;
      const bad = await call('POST', '/practice-quest', pm, { itemIds: [pick('CRM integration')], capacity: 5 });
      assert.equal(bad.statusCode, 400);
      const r = await call('POST', '/practice-quest', pm, {
        itemIds: [pick('CRM integration'), pick('Billing module cleanup')],
        capacity: 10,
        teamName: 'Payments',
      });
      assert.equal(r.statusCode, 200, r.body);
      const quest = json<{ scenarioId: string; yaml: string }>(r);
      const compiled = compileScenarioText(quest.yaml, `${quest.scenarioId}.yaml`);
      assert.ok(compiled.ok, compiled.ok ? '' : JSON.stringify(compiled.problems));
      assert.equal(compiled.scenario.def.title, "Practice: Payments' next sprint");
    });
  });
}
