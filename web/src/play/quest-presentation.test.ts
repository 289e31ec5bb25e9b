// How the client words and times what the engine says, checked against real views and events from the engine's
// test bench (the client itself imports engine types only; this test may drive the engine to get true shapes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventFor, viewFor } from '../../../engine/index.ts';
import { QuestTable, shipByFriday } from '../../../engine/test-fixtures/quest-table.ts';
import { sceneClock } from './clock.ts';
import { describeEvent } from './describe-event.ts';
import { formatClock, formatDelta, formatMoney, ruleText } from './vocabulary.ts';

function discussion(): QuestTable {
  const table = new QuestTable(shipByFriday());
  table.start(1_000);
  table.allReady();
  return table;
}

test('a private card shown to someone else reads as a showing, without the card, to a third seat', () => {
  const table = discussion();
  const [shared] = table.do('pm', { type: 'share', card: 'halcyon_contract', with: 'eng' });
  assert.ok(shared);
  const sc = table.scenario;
  const forCs = eventFor(shared, { role: 'cs' }, sc);
  const forEng = eventFor(shared, { role: 'eng' }, sc);
  assert.ok(forCs && forEng);
  const asCs = viewFor(table.state, { role: 'cs' }, sc);
  const line = describeEvent({ seq: 9, event: forCs }, { view: asCs, choiceLabels: new Map() });
  assert.equal(line?.text, 'Dana showed Sam a private card.');
  const asEng = viewFor(table.state, { role: 'eng' }, sc);
  const seen = describeEvent({ seq: 9, event: forEng }, { view: asEng, choiceLabels: new Map() });
  assert.equal(seen?.text, 'Dana showed “What Halcyon actually signed” to Sam.');
});

test('a question addressed to this seat says "you", and to anyone else names them', () => {
  const table = discussion();
  const [asked] = table.do('pm', { type: 'ask', text: 'How big was the burst?', to: 'cs' });
  assert.ok(asked);
  const toCs = describeEvent(
    { seq: 1, event: asked },
    { view: viewFor(table.state, { role: 'cs' }, table.scenario), choiceLabels: new Map() },
  );
  assert.deepEqual([toCs?.kind, toCs?.question, toCs?.toName, toCs?.byName], ['message', true, 'you', 'Dana Okafor']);
  const toEng = describeEvent(
    { seq: 1, event: asked },
    { view: viewFor(table.state, { role: 'eng' }, table.scenario), choiceLabels: new Map() },
  );
  assert.equal(toEng?.toName, 'Lee');
});

test('a decision that timed out is told as the default, with the option label the client remembered', () => {
  const table = discussion();
  const view = viewFor(table.state, { role: 'pm' }, table.scenario);
  const labels = new Map((view.decision?.choices ?? []).map((c) => [c.id, c.label]));
  const made = table.deadline().find((e) => e.type === 'decision_made');
  assert.ok(made);
  const line = describeEvent({ seq: 2, event: made }, { view, choiceLabels: labels });
  assert.equal(line?.text, 'Time ran out; the default stands: Ship to everyone on Friday.');
  assert.equal(line?.tone, 'bad');
});

test('the scene clock counts down to endsAt, freezes when paused, and shows a check-in separately', () => {
  const table = discussion();
  const running = viewFor(table.state, { role: 'pm' }, table.scenario);
  const endsAt = running.scene?.endsAt as number;
  assert.deepEqual(sceneClock(running, endsAt - 61_000), { phaseLeft: 61_000, checkInLeft: null, paused: false });
  assert.equal(sceneClock(running, endsAt + 5_000).phaseLeft, 0, 'never negative');

  table.do('eng', { type: 'check_in', note: 'going in circles' });
  const checkIn = viewFor(table.state, { role: 'pm' }, table.scenario);
  const until = checkIn.scene?.checkIn?.until as number;
  assert.equal(sceneClock(checkIn, until - 30_000).checkInLeft, 30_000);

  table.do('facilitator', { type: 'pause' });
  const paused = viewFor(table.state, { role: 'pm' }, table.scenario);
  const clock = sceneClock(paused, Number.MAX_SAFE_INTEGER);
  assert.equal(clock.paused, true);
  assert.equal(clock.phaseLeft, paused.scene?.pausedRemainingMs);
});

test('numbers read the way people say them', () => {
  assert.equal(formatClock(61_000), '1:01');
  assert.equal(formatClock(400), '0:01');
  assert.equal(formatMoney(410_000), '$410k');
  assert.equal(formatMoney(1_250_000), '$1.3M');
  assert.equal(formatDelta('mrr', -12_000), '−$12k');
  assert.equal(formatDelta('morale', 4), '+4');
  const view = viewFor(discussion().state, { role: 'pm' }, shipByFriday());
  assert.equal(
    ruleText(view, view.decision as NonNullable<typeof view.decision>),
    'Those who bear the consequences decide: Dana Okafor and Sam Reyes must all vote yes.',
  );
});
