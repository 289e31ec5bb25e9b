// Ledger items for tests: a complete item with the given fields, so each test states only what it is about.
import type { LedgerItem } from './ledger-item.ts';

let counter = 0;

export function testItem(fields: Partial<LedgerItem> & Pick<LedgerItem, 'title'>): LedgerItem {
  counter++;
  const at = new Date('2025-01-06T09:00:00Z');
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    teamId: '10000000-0000-4000-8000-000000000001',
    kind: 'feature',
    description: '',
    externalKey: null,
    source: 'manual',
    status: 'open',
    points: null,
    rice: {},
    ice: {},
    wsjf: {},
    debt: null,
    risks: [],
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}
