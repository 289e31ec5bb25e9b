import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { QuestView } from '../../../engine/index.ts';
import { nextView } from './quest-update.ts';

const view = (version: number, extra: Partial<QuestView> = {}) => ({ version, clock: version * 10, ...extra }) as QuestView;

describe('a quest update on the client', () => {
  test('a whole view replaces the held one, unless it is older', () => {
    assert.deepEqual(nextView(null, { version: 3, events: [], view: view(3) }), { view: view(3) });
    assert.deepEqual(nextView(view(2), { version: 3, events: [], view: view(3) }), { view: view(3) });
    assert.deepEqual(nextView(view(5), { version: 3, events: [], view: view(3) }), { stale: true });
  });

  test('changes apply on top of the view they were computed against', () => {
    const held = view(4, { title: 'Ship by Friday' });
    const step = nextView(held, { version: 5, events: [], base: 4, changes: { version: 5, clock: 51 } });
    assert.deepEqual(step, { view: { ...held, version: 5, clock: 51 } });
  });

  test('changes against an older view than the one held are dropped once the held view is past them', () => {
    assert.deepEqual(nextView(view(7), { version: 6, events: [], base: 5, changes: { version: 6 } }), { stale: true });
  });

  test('changes that cannot be placed ask for a fresh view: a missed update, or no view yet', () => {
    assert.deepEqual(nextView(view(4), { version: 7, events: [], base: 6, changes: { version: 7 } }), { resync: true });
    assert.deepEqual(nextView(null, { version: 7, events: [], base: 6, changes: { version: 7 } }), { resync: true });
  });

  test('an update that changes no part of the view (the state moved on before it was sent) keeps the view', () => {
    const held = view(9);
    assert.deepEqual(nextView(held, { version: 8, events: [], base: 9, changes: {} }), { view: held });
  });
});
