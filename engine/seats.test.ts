import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QuestTable, shipByFriday } from './test-fixtures/quest-table.ts';
import { viewFor } from './views.ts';

const sc = shipByFriday();
const seats = [
  { role: 'pm', kind: 'human' as const },
  { role: 'eng', kind: 'human' as const },
  { role: 'cs', kind: 'bot' as const, persona: 'quiet' },
  { role: 'design', kind: 'human' as const },
];

test('cover_seat puts a bot in a person’s seat; release_seat gives it back', () => {
  const t = new QuestTable(sc, 1, seats);
  t.start(0);
  assert.deepEqual(t.do('facilitator', { type: 'cover_seat', role: 'eng', persona: 'positional' }), [
    { type: 'seat_covered', at: 1000, role: 'eng', persona: 'positional' },
  ]);
  assert.deepEqual(t.state.seats[1], { role: 'eng', kind: 'bot', persona: 'positional', covered: true });
  const view = viewFor(t.state, { spectator: true }, sc);
  assert.deepEqual(view.roles[1] && [view.roles[1].kind, view.roles[1].persona], ['bot', 'positional']);
  // The bot acts as the role: the rules do not care who is behind a seat.
  t.do('eng', { type: 'ready' });
  assert.deepEqual(t.do('facilitator', { type: 'release_seat', role: 'eng' }), [
    { type: 'seat_released', at: 3000, role: 'eng' },
  ]);
  assert.deepEqual(t.state.seats[1], { role: 'eng', kind: 'human' });
  assert.deepEqual(t.state.scene?.ready, ['eng']);
});

test('cover and release refuse seats that do not exist or are not in the right state', () => {
  const t = new QuestTable(sc, 1, seats);
  t.start(0);
  assert.deepEqual(t.reject('facilitator', { type: 'cover_seat', role: 'cto', persona: 'quiet' }), {
    ok: false,
    code: 'not_found',
    reason: "no seat for role 'cto'",
  });
  assert.deepEqual(t.reject('facilitator', { type: 'cover_seat', role: 'cs', persona: 'quiet' }), {
    ok: false,
    code: 'conflict',
    reason: "role 'cs' is already played by a bot",
  });
  t.do('facilitator', { type: 'cover_seat', role: 'pm', persona: 'collaborative' });
  assert.equal(
    t.reject('facilitator', { type: 'cover_seat', role: 'pm', persona: 'quiet' }).reason,
    "role 'pm' is already played by a bot",
  );
  assert.deepEqual(t.reject('facilitator', { type: 'release_seat', role: 'cs' }), {
    ok: false,
    code: 'conflict',
    reason: "role 'cs' is not covered by a bot",
  });
  assert.deepEqual(t.reject('facilitator', { type: 'release_seat', role: 'eng' }), {
    ok: false,
    code: 'conflict',
    reason: "role 'eng' is not covered by a bot",
  });
  assert.equal(t.reject('facilitator', { type: 'release_seat', role: 'cto' }).reason, "no seat for role 'cto'");
  assert.equal(t.reject('facilitator', { type: 'cover_seat', role: 'eng', persona: 'Quiet Bot' }).code, 'invalid');
  assert.equal(t.reject('eng', { type: 'release_seat', role: 'pm' }).code, 'not_allowed');
});
