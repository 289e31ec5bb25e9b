import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Commitment } from './commitment.ts';
import { commitmentAlerts } from './commitment-alerts.ts';
import { qualityBudget } from './quality-budget.ts';
import type { PlanEntry, Sprint } from './sprint-plan.ts';
import type { TradeOffRecord } from './trade-off-record.ts';
import { trustTimeline } from './trust-timeline.ts';

const CLEANUP = 'item-billing-cleanup';
const at = (iso: string) => new Date(iso);

function commitment(fields: Partial<Commitment> = {}): Commitment {
  return {
    id: 'c1',
    teamId: 't1',
    title: 'One sprint for billing cleanup this quarter',
    ownerPersonId: 'p-eng',
    ownerName: 'Tom Berg',
    dueOn: '2025-03-28',
    tradeOffId: null,
    itemId: CLEANUP,
    status: 'open',
    createdAt: at('2025-01-06T09:00:00Z'),
    closedAt: null,
    closeNote: null,
    renegotiations: [],
    ...fields,
  };
}

function entry(fields: Partial<PlanEntry> = {}): PlanEntry {
  return {
    itemId: CLEANUP,
    itemTitle: 'Billing module cleanup',
    kind: 'debt',
    points: 8,
    addedAt: at('2025-02-28T10:00:00Z'),
    addReason: null,
    removedAt: null,
    removeReason: null,
    ...fields,
  };
}

function sprint(name: string, startsOn: string, endsOn: string, entries: PlanEntry[], capacity = 40): Sprint {
  return { id: `s-${name}`, teamId: 't1', name, startsOn, endsOn, capacity, entries };
}

describe('commitment alerts', () => {
  const s5 = (entries: PlanEntry[]) => sprint('Sprint 5', '2025-03-03', '2025-03-14', entries);
  const s6 = (entries: PlanEntry[]) => sprint('Sprint 6', '2025-03-17', '2025-03-28', entries);
  const s7 = (entries: PlanEntry[]) => sprint('Sprint 7', '2025-03-31', '2025-04-11', entries);

  it('says nothing while the date is far and the work is planned on time', () => {
    assert.deepEqual(commitmentAlerts([commitment()], [s6([entry()])], at('2025-02-20T12:00:00Z'), 14), []);
  });

  it('warns when a commitment planned on time is due soon', () => {
    const [a] = commitmentAlerts([commitment()], [s6([entry()])], at('2025-03-20T12:00:00Z'), 14);
    assert.equal(a?.kind, 'due_soon');
    assert.equal(
      a?.message,
      '"One sprint for billing cleanup this quarter" (Tom Berg) is due in 8 days, on 2025-03-28; it is planned in Sprint 6',
    );
  });

  it('calls a commitment slipping when it is due soon and nothing plans it, or past its date and still open', () => {
    const [soon] = commitmentAlerts([commitment()], [], at('2025-03-20T12:00:00Z'), 14);
    assert.equal(soon?.kind, 'slipping');
    assert.match(soon?.message ?? '', /is due in 8 days, on 2025-03-28, and no sprint that ends by then plans it$/);
    const [late] = commitmentAlerts([commitment({ itemId: null })], [], at('2025-04-02T12:00:00Z'), 14);
    assert.equal(late?.kind, 'slipping');
    assert.match(late?.message ?? '', /was due on 2025-03-28 \(5 days ago\) and is neither honoured nor renegotiated$/);
  });

  it('catches work dropped from a plan with no renegotiation: silently deprioritised', () => {
    const dropped = entry({ removedAt: at('2025-03-18T09:00:00Z'), removeReason: 'the CRM deal needs the points' });
    const [a] = commitmentAlerts([commitment()], [s6([dropped])], at('2025-03-19T12:00:00Z'), 14);
    assert.equal(a?.kind, 'silently_deprioritised');
    assert.match(a?.message ?? '', /was dropped from Sprint 6 on 2025-03-18 with no recorded renegotiation/);
    // Once the commitment is renegotiated in the open, the drop is no longer silent: what is left is the new date.
    const renegotiated = commitment({
      dueOn: '2025-04-11',
      renegotiations: [
        {
          at: at('2025-03-18T15:00:00Z'),
          previousDueOn: '2025-03-28',
          newDueOn: '2025-04-11',
          reason: 'CRM deal first',
          agreedBy: ['Tom Berg', 'Priya Natarajan'],
        },
      ],
    });
    assert.deepEqual(
      commitmentAlerts(
        [renegotiated],
        [s6([dropped]), s7([entry({ addedAt: at('2025-03-18T16:00:00Z') })])],
        at('2025-03-19T12:00:00Z'),
        14,
      ),
      [],
    );
  });

  it('catches work moved into a sprint that ends after the due date', () => {
    const [a] = commitmentAlerts([commitment()], [s7([entry()])], at('2025-03-01T12:00:00Z'), 14);
    assert.equal(a?.kind, 'silently_deprioritised');
    assert.match(
      a?.message ?? '',
      /was moved past its date: its work is planned in Sprint 7, which ends on 2025-04-11, after the due date 2025-03-28/,
    );
  });

  it('ignores honoured and dropped commitments and puts the most serious alerts first', () => {
    const alerts = commitmentAlerts(
      [
        commitment({ id: 'a', title: 'Soon', itemId: null, dueOn: '2025-03-10' }),
        commitment({ id: 'b', title: 'Moved' }),
        commitment({ id: 'c', title: 'Done', status: 'honoured', closedAt: at('2025-03-01T00:00:00Z') }),
      ],
      [s5([]), s7([entry()])],
      at('2025-03-05T12:00:00Z'),
      14,
    );
    assert.deepEqual(
      alerts.map((x) => [x.title, x.kind]),
      [
        ['Moved', 'silently_deprioritised'],
        ['Soon', 'due_soon'],
      ],
    );
  });
});

describe('trust timeline', () => {
  it('reads breaks and repairs from commitments, plan changes and trade-offs, and adds what the team recorded', () => {
    const sprints = [
      sprint('Sprint 6', '2025-03-17', '2025-03-28', [
        entry({ removedAt: at('2025-03-18T09:00:00Z') }),
        entry({ itemId: 'crm', itemTitle: 'CRM integration', kind: 'feature', addedAt: at('2025-03-19T09:00:00Z') }),
        entry({
          itemId: 'export',
          itemTitle: 'Bulk export',
          kind: 'feature',
          addedAt: at('2025-03-19T10:00:00Z'),
          addReason: 'agreed in planning call',
        }),
      ]),
    ];
    const accepted = {
      id: 'to1',
      number: 3,
      status: 'accepted',
      writtenAt: at('2025-03-20T09:00:00Z'),
      decidedAt: at('2025-03-21T09:00:00Z'),
      content: { title: 'Ship CRM behind a flag', bearers: [{ name: 'Priya Natarajan' }, { name: 'Tom Berg' }] },
    } as unknown as TradeOffRecord;
    const t = trustTimeline({
      commitments: [
        commitment(),
        commitment({
          id: 'c2',
          title: 'Load test before launch',
          itemId: null,
          status: 'honoured',
          closedAt: at('2025-03-25T09:00:00Z'),
          renegotiations: [
            {
              at: at('2025-03-10T09:00:00Z'),
              previousDueOn: '2025-03-14',
              newDueOn: '2025-03-25',
              reason: 'test rig late',
              agreedBy: ['Tom Berg'],
            },
          ],
        }),
      ],
      sprints,
      tradeOffs: [accepted],
      recorded: [
        {
          id: 'r1',
          kind: 'dismissed_concern_caused_incident',
          at: at('2025-03-22T09:00:00Z'),
          note: "The queue warning from January caused Monday's outage",
        },
      ],
    });
    assert.deepEqual(
      t.events.map((e) => [e.at.toISOString().slice(0, 10), e.type, e.kind]),
      [
        ['2025-03-10', 'repair', 'commitment_renegotiated'],
        ['2025-03-18', 'break', 'commitment_dropped'],
        ['2025-03-19', 'break', 'scope_change_without_discussion'],
        ['2025-03-21', 'repair', 'trade_off_documented_before_decision'],
        ['2025-03-22', 'break', 'dismissed_concern_caused_incident'],
        ['2025-03-25', 'repair', 'commitment_honoured'],
      ],
    );
    assert.equal(t.breaks, 3);
    assert.equal(t.repairs, 3);
    assert.match(t.events[1]?.text ?? '', /dropped from Sprint 6 without renegotiating the commitment/);
    assert.match(
      t.events[2]?.text ?? '',
      /"CRM integration" was added to Sprint 6 after it started \(2025-03-17\) with no reason recorded/,
    );
  });
});

describe('quality budget', () => {
  const debt = (points: number) => entry({ points });
  const feature = (points: number) => entry({ itemId: `f${points}`, itemTitle: 'Feature', kind: 'feature', points });

  it('warns when debt stays under the agreed share for the window of sprints in a row', () => {
    const sprints = [
      sprint('Sprint 1', '2025-01-06', '2025-01-17', [debt(10), feature(30)]),
      sprint('Sprint 2', '2025-01-20', '2025-01-31', [debt(4), feature(36)]),
      sprint('Sprint 3', '2025-02-03', '2025-02-14', [feature(40)]),
      sprint('Sprint 4', '2025-02-17', '2025-02-28', [debt(2), feature(42)]),
      sprint('Sprint 9', '2025-06-02', '2025-06-13', []),
    ];
    const b = qualityBudget(sprints, { qualityShare: 0.2, qualityWindow: 3 }, at('2025-02-18T09:00:00Z'));
    assert.deepEqual(
      b.sprints.map((s) => [s.name, s.debtShare, s.underAgreedShare]),
      [
        ['Sprint 1', 0.25, false],
        ['Sprint 2', 0.1, true],
        ['Sprint 3', 0, true],
        ['Sprint 4', 0.05, true],
        ['Sprint 9', 0, true],
      ],
    );
    assert.equal(b.sprints[3]?.overCapacity, true);
    assert.equal(b.sprintsUnderInARow, 3);
    assert.equal(
      b.warning,
      'debt has had less than the agreed 20% of capacity for 3 sprints in a row (Sprint 2: 10%, Sprint 3: 0%, Sprint 4: 5%)',
    );
    assert.equal(qualityBudget(sprints, { qualityShare: 0.2, qualityWindow: 4 }, at('2025-02-18T09:00:00Z')).warning, null);
    assert.equal(
      qualityBudget(sprints.slice(0, 3), { qualityShare: 0.2, qualityWindow: 3 }, at('2025-02-18T09:00:00Z')).warning,
      null,
    );
  });
});
