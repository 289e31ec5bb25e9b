import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planImport } from './csv-import.ts';
import { LedgerError } from './ledger-error.ts';
import { JIRA_CSV, LINEAR_CSV } from './test-exports.ts';

const none = new Set<string>();

describe('CSV import', () => {
  it('reads a Jira export with its default columns and reports each bad row with its line and reasons', () => {
    const plan = planImport(JIRA_CSV, { source: 'jira', existingKeys: none });
    assert.deepEqual(
      plan.rows.map((r) => [r.line, r.item.externalKey, r.item.title, r.item.kind, r.item.status, r.item.points]),
      [
        [2, 'PAY-12', 'CRM integration', 'feature', 'open', 8],
        [4, 'PAY-14', 'Billing module cleanup', 'debt', 'open', 5],
        [7, 'PAY-17', 'Refactor auth tokens', 'debt', 'dropped', 3],
      ],
    );
    assert.equal(plan.rows[0]?.item.description, 'Sync contacts both ways.\nCustomers asked for it at the QBR.');
    assert.deepEqual(plan.problems, [
      { line: 5, key: 'PAY-15', reasons: ["no title (column 'Summary' is empty)"] },
      { line: 6, key: 'PAY-16', reasons: ["points 'two' (column 'Custom field (Story Points)') is not a number"] },
      { line: 8, key: 'PAY-12', reasons: ['key PAY-12 is also on line 2'] },
    ]);
    assert.equal(plan.columns.points, 'Custom field (Story Points)');
  });

  it('reads a Linear export: labels in one cell, estimates as points', () => {
    const plan = planImport(LINEAR_CSV, { source: 'linear', existingKeys: new Set(['ENG-102']) });
    assert.deepEqual(
      plan.rows.map((r) => [r.line, r.item.externalKey, r.item.kind, r.item.points, r.item.source]),
      [[2, 'ENG-101', 'debt', 3, 'linear']],
    );
    assert.deepEqual(plan.problems, [
      { line: 3, key: 'ENG-102', reasons: ['ENG-102 is already in the ledger (imported before)'] },
      { line: 4, key: 'ENG-103', reasons: ['has 10 fields but the header has 9'] },
    ]);
  });

  it('takes a column mapping, including RICE numbers, and checks them against the scales', () => {
    const csv = ['Name,Ref,Reach,Impact,Confidence,Effort', 'Price alerts,X-1,450,3,100%,2', 'Transfers,X-2,80,1.5,70,0.25'].join(
      '\n',
    );
    const plan = planImport(csv, {
      source: 'jira',
      mapping: { title: 'Name', key: 'Ref', reach: 'Reach', impact: 'Impact', confidence: 'Confidence', effort: 'Effort' },
      existingKeys: none,
    });
    assert.deepEqual(plan.rows[0]?.item.rice, { reach: 450, impact: 3, confidence: 100, effort: 2 });
    assert.deepEqual(plan.problems[0]?.reasons, [
      "impact '1.5' (column 'Impact') is not on Intercom's scale (3, 2, 1, 0.5, 0.25)",
      "confidence '70' (column 'Confidence') must be 100, 80 or 50 (per cent)",
      "effort '0.25' (column 'Effort') must be at least 0.5 person-months",
    ]);
  });

  it('refuses a file it cannot read, or whose columns do not match, as a whole', () => {
    const refusal = (text: string, mapping = {}) => {
      try {
        planImport(text, { source: 'jira', mapping, existingKeys: none });
      } catch (e) {
        assert.ok(e instanceof LedgerError);
        return e.message;
      }
      return 'accepted';
    };
    assert.match(refusal('Summary,Issue key\n"CRM,PAY-1\n'), /^the file is not readable as CSV \(line 2\): Quote Not Closed/);
    assert.match(refusal('Title,ID\nx,1\n'), /no title column: a Jira export has 'Summary'; name yours in mapping.title/);
    assert.match(
      refusal('Summary,Issue key\nx,1\n', { points: 'Points' }),
      /the mapping names column 'Points' for points, but the file has no such column/,
    );
    assert.equal(refusal(''), 'the file is empty: expected a header line and at least one row');
  });
});
