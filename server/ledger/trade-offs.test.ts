import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { LedgerError } from './ledger-error.ts';
import { madrMarkdown } from './madr-export.ts';
import {
  assertAcceptable,
  assertEditable,
  assertProposable,
  assertSignable,
  assertSupersedable,
  type TradeOffRecord,
  unsignedBearers,
} from './trade-off-record.ts';

const PM = '20000000-0000-4000-8000-000000000001';
const ENG = '20000000-0000-4000-8000-000000000002';
const written = new Date('2025-03-03T10:00:00Z');

function record(fields: Partial<TradeOffRecord> = {}): TradeOffRecord {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    teamId: '10000000-0000-4000-8000-000000000001',
    number: 7,
    status: 'proposed',
    revision: 2,
    writtenAt: written,
    decidedAt: null,
    acceptedAt: null,
    supersedes: null,
    supersededBy: null,
    createdBy: PM,
    updatedAt: written,
    signOffs: [],
    content: {
      title: 'Ship the CRM integration in two weeks',
      context: 'Customers churn because they cannot sync their CRM: $40,000 MRR a quarter.\nThe sync path is untested.',
      drivers: ['$40,000 MRR lost per quarter', 'the sync engine is already the slowest part'],
      options: [
        {
          id: 'two_weeks',
          title: 'Ship in two weeks',
          description: 'Behind a flag.',
          pros: ['stops the churn sooner'],
          cons: ['untested under load'],
        },
        { id: 'six_weeks', title: 'Ship in six weeks', description: '', pros: ['load-tested'], cons: ['a month more churn'] },
      ],
      chosenOption: 'two_weeks',
      because: 'the churn costs more than the expected cost of the risks.',
      consequences: { good: ['customers can integrate this quarter'], bad: ['on-call carries the risk for a month'] },
      confirmation: 'The load test runs before the flag opens to everyone.',
      risks: [
        { text: 'the sync breaks under load | at month end', probability: 0.3, cost: 200_000 },
        { text: 'duplicate contacts', probability: 0.1, cost: 15_000 },
      ],
      cleanup: { description: 'two weeks of cleanup of the sync engine', hours: 160, dueOn: '2025-04-14' },
      bearers: [
        { personId: PM, name: 'Priya Natarajan', role: 'pm', bears: 'the customer promise' },
        { personId: ENG, name: 'Tom Berg', role: 'engineering_lead', bears: 'the cleanup and on-call' },
      ],
      consulted: ['Ruth Adeyemi'],
      informed: ['Support team'],
    },
    ...fields,
  };
}

const code = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LedgerError, String(e));
    return `${e.code}: ${e.message}`;
  }
  return 'ok';
};

describe('trade-off record rules', () => {
  it('will not propose a record without two options, a reason, a priced risk, and the PM and engineering lead as bearers', () => {
    const draft = record({ status: 'draft' });
    assert.equal(
      code(() => assertProposable(draft)),
      'ok',
    );
    const thin = record({
      status: 'draft',
      content: {
        ...draft.content,
        options: draft.content.options.slice(0, 1),
        risks: [],
        because: ' ',
        bearers: draft.content.bearers.slice(0, 1),
      },
    });
    assert.equal(
      code(() => assertProposable(thin)),
      'invalid: trade-off #7 is not ready to propose: name at least two considered options (doing nothing counts as one); ' +
        'say why this option (because); name at least one specific risk with its probability and cost; ' +
        'the engineering lead is among the people who bear the consequences: add them as a bearer',
    );
  });

  it('lets only bearers sign, and accepts only when every bearer signed the current revision', () => {
    const r = record({
      signOffs: [
        { personId: PM, revision: 2, signedAt: written },
        { personId: ENG, revision: 1, signedAt: written },
      ],
    });
    assert.match(
      code(() => assertSignable(r, '20000000-0000-4000-8000-000000000009')),
      /^not_allowed: only the people who bear/,
    );
    assert.deepEqual(
      unsignedBearers(r).map((b) => b.name),
      ['Tom Berg'],
    );
    const later = new Date('2025-03-04T10:00:00Z');
    assert.equal(
      code(() => assertAcceptable(r, later, later)),
      'conflict: trade-off #7 still needs the sign-off of Tom Berg (revision 2)',
    );
    const signed = record({
      signOffs: [
        { personId: PM, revision: 2, signedAt: written },
        { personId: ENG, revision: 2, signedAt: written },
      ],
    });
    assert.equal(
      code(() => assertAcceptable(signed, later, later)),
      'ok',
    );
  });

  it('refuses to accept a record whose decision was taken before it was written', () => {
    const signed = record({
      signOffs: [
        { personId: PM, revision: 2, signedAt: written },
        { personId: ENG, revision: 2, signedAt: written },
      ],
    });
    const before = new Date('2025-03-01T16:00:00Z');
    assert.equal(
      code(() => assertAcceptable(signed, before, new Date('2025-03-04T10:00:00Z'))),
      'conflict: the decision was taken at 2025-03-01T16:00:00.000Z, before trade-off #7 was written (2025-03-03T10:00:00.000Z); ' +
        'a trade-off record is written before the decision, so it cannot be accepted',
    );
    assert.match(
      code(() => assertAcceptable(signed, new Date('2025-03-09T00:00:00Z'), new Date('2025-03-04T10:00:00Z'))),
      /future/,
    );
  });

  it('keeps accepted records immutable: they change only by being superseded', () => {
    const accepted = record({ status: 'accepted', decidedAt: written });
    assert.match(
      code(() => assertEditable(accepted)),
      /^conflict: trade-off #7 is accepted and cannot change; write a new record/,
    );
    assert.equal(
      code(() => assertSupersedable(accepted)),
      'ok',
    );
    assert.match(
      code(() => assertSupersedable(record({ status: 'superseded' }))),
      /already superseded/,
    );
    assert.match(
      code(() => assertSupersedable(record({ status: 'draft' }))),
      /edit it instead/,
    );
    assert.equal(
      code(() => assertEditable(record({ status: 'draft' }))),
      'ok',
    );
  });
});

describe('MADR 4 export', () => {
  it('writes the front matter and the sections in MADR order, with the priced risks and sign-offs', () => {
    const decided = new Date('2025-03-05T15:30:00Z');
    const md = madrMarkdown(
      record({
        status: 'superseded',
        decidedAt: decided,
        signOffs: [
          { personId: PM, revision: 2, signedAt: new Date('2025-03-04T09:00:00Z') },
          { personId: ENG, revision: 2, signedAt: new Date('2025-03-04T11:00:00Z') },
        ],
      }),
      { supersededByNumber: 9 },
    );
    const [, front, body] = md.split(/^---$/m) as [string, string, string];
    assert.ok(md.startsWith('---\n'));
    assert.deepEqual(parse(front), {
      status: 'superseded by ADR-0009',
      date: '2025-03-05',
      'decision-makers': ['Priya Natarajan (PM)', 'Tom Berg (engineering lead)'],
      consulted: ['Ruth Adeyemi'],
      informed: ['Support team'],
    });
    const headings = body.split('\n').filter((l) => l.startsWith('#'));
    assert.deepEqual(headings, [
      '# ADR-0007 Ship the CRM integration in two weeks',
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '### Consequences',
      '### Confirmation',
      '## Pros and Cons of the Options',
      '### Ship in two weeks',
      '### Ship in six weeks',
      '## More Information',
      '### Priced risks',
      '### Cleanup debt',
      '### Who bears the consequences',
    ]);
    assert.match(
      body,
      /^Chosen option: "Ship in two weeks", because the churn costs more than the expected cost of the risks\.$/m,
    );
    assert.match(body, /^\* Good, because customers can integrate this quarter$/m);
    assert.match(
      body,
      /^\* Bad, because it creates cleanup debt: two weeks of cleanup of the sync engine \(160 hours\), due 2025-04-14$/m,
    );
    assert.match(body, /^\| the sync breaks under load \\\| at month end \| 30% \| \$200,000 \| \$60,000 \|$/m);
    assert.match(body, /^\| \*\*Total\*\* \| \| \| \*\*\$61,500\*\* \|$/m);
    assert.match(body, /^\| Tom Berg \| engineering lead \| the cleanup and on-call \| 2025-03-04T11:00:00.000Z \|$/m);
    assert.match(
      body,
      /^Written 2025-03-03T10:00:00.000Z; decided 2025-03-05T15:30:00.000Z; superseded by ADR-0009\. Revision 2\.$/m,
    );
  });
});
