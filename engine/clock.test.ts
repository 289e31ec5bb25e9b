// The phase clock: deadlines, pause, resume, extend and check-ins. Time only arrives in commands, so every number
// here is exact.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextDeadline } from './decide.ts';
import { QuestTable, shipByFriday } from './test-fixtures/quest-table.ts';
import { viewFor } from './views.ts';

const sc = shipByFriday();

/** ship-by-friday in the release discussion: started at 0, discussion from 4 s to 364 s. */
function inDiscussion(): QuestTable {
  const t = new QuestTable(sc, 1);
  t.start(0);
  t.allReady();
  assert.equal(nextDeadline(t.state), 364_000);
  return t;
}

describe('deadlines', () => {
  test('each phase ends at its deadline: briefing, discussion (default decision), consequences (next scene)', () => {
    const t = new QuestTable(sc, 1);
    t.start(1000);
    assert.equal(nextDeadline(t.state), 61_000);
    assert.deepEqual(t.deadline(), [{ type: 'phase_changed', at: 61_000, phase: 'discussion', endsAt: 421_000 }]);
    const timeout = t.deadline();
    assert.equal(timeout[0]?.type, 'decision_made');
    assert.equal(nextDeadline(t.state), 421_000 + 45_000);
    const next = t.deadline();
    assert.deepEqual(next[0], { type: 'scene_started', at: 466_000, scene: 'monday', index: 1, endsAt: 526_000 });
  });

  test('a deadline before it is due is too early, and says when it is due', () => {
    const t = inDiscussion();
    assert.deepEqual(t.reject('system', { type: 'deadline', at: 363_999 }), {
      ok: false,
      code: 'too_early',
      reason: 'the deadline is at 364000, not yet at 363999',
    });
  });

  test('a late deadline acts at its own time', () => {
    const t = inDiscussion();
    const events = t.do('system', { type: 'deadline', at: 400_000 });
    assert.deepEqual(events.at(-1), { type: 'phase_changed', at: 400_000, phase: 'consequences', endsAt: 445_000 });
    assert.equal(t.state.clock, 400_000);
  });
});

describe('pause and resume', () => {
  test('a pause stops the clock; resume restarts it with the time that was left', () => {
    const t = inDiscussion();
    assert.deepEqual(t.do('facilitator', { type: 'pause', at: 100_000 }), [
      { type: 'quest_paused', at: 100_000, remainingMs: 264_000 },
    ]);
    assert.equal(t.state.status, 'paused');
    assert.equal(nextDeadline(t.state), null);
    const view = viewFor(t.state, { role: 'pm' }, sc);
    assert.equal(view.scene?.endsAt, null);
    assert.equal(view.scene?.pausedRemainingMs, 264_000);
    assert.deepEqual(t.reject('facilitator', { type: 'pause' }), {
      ok: false,
      code: 'conflict',
      reason: 'the quest is already paused',
    });
    assert.deepEqual(t.reject('system', { type: 'deadline', at: 999_999 }), {
      ok: false,
      code: 'conflict',
      reason: 'no clock is running',
    });
    assert.deepEqual(t.do('facilitator', { type: 'resume', at: 500_000 }), [
      { type: 'quest_resumed', at: 500_000, phaseEndsAt: 764_000 },
    ]);
    assert.equal(t.state.status, 'running');
    assert.equal(t.state.pausedRemainingMs, null);
    assert.equal(nextDeadline(t.state), 764_000);
    assert.equal(viewFor(t.state, { role: 'pm' }, sc).scene?.endsAt, 764_000);
    assert.deepEqual(t.reject('facilitator', { type: 'resume' }), {
      ok: false,
      code: 'conflict',
      reason: 'the quest is not paused',
    });
  });

  test('a paused quest still takes talk, and nothing else from players', () => {
    const t = inDiscussion();
    t.do('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    t.do('facilitator', { type: 'pause' });
    t.do('eng', { type: 'say', text: 'while we wait' });
    t.do('eng', { type: 'ask', text: 'how big is the burst?', to: 'cs' });
    t.do('cs', { type: 'share', card: 'monday_rush', with: 'team' });
    t.do('cs', { type: 'name_need', need: 'responsiveness' });
    for (const cmd of [
      { type: 'vote', proposal: 'p1', vote: 'yes' },
      { type: 'propose', decision: 'release', option: 'slip_two_weeks' },
      { type: 'support', proposal: 'p1' },
      { type: 'check_in' },
      { type: 'ready' },
    ]) {
      assert.deepEqual(t.reject('eng', cmd), {
        ok: false,
        code: 'wrong_phase',
        reason: 'the facilitator has paused the quest; you can still talk',
      });
    }
  });

  test('extend while paused adds to the time left; while running it moves the deadline', () => {
    const t = inDiscussion();
    t.do('facilitator', { type: 'pause', at: 100_000 });
    t.do('facilitator', { type: 'extend', seconds: 60, at: 110_000 });
    assert.equal(t.state.pausedRemainingMs, 324_000);
    t.do('facilitator', { type: 'resume', at: 200_000 });
    assert.equal(nextDeadline(t.state), 524_000);
    assert.deepEqual(t.do('facilitator', { type: 'extend', seconds: 30, at: 210_000 }), [
      { type: 'timer_extended', at: 210_000, seconds: 30, phaseEndsAt: 554_000 },
    ]);
    assert.equal(nextDeadline(t.state), 554_000);
    assert.equal(t.reject('system', { type: 'deadline', at: 553_999 }).code, 'too_early');
    assert.equal(t.deadline()[0]?.type, 'decision_made');
    assert.equal(t.state.clock, 554_000);
  });

  test('pausing during a check-in ends the check-in and keeps the time it added', () => {
    const t = inDiscussion();
    t.do('cs', { type: 'check_in', at: 10_000 });
    assert.equal(nextDeadline(t.state), 70_000);
    assert.deepEqual(t.do('facilitator', { type: 'pause', at: 20_000 }), [
      { type: 'check_in_ended', at: 20_000 },
      { type: 'quest_paused', at: 20_000, remainingMs: 404_000 },
    ]);
    t.do('facilitator', { type: 'resume', at: 30_000 });
    assert.equal(t.state.scene?.checkIn, null);
    assert.equal(t.state.scene?.checkInUsed, true);
    assert.equal(nextDeadline(t.state), 434_000);
  });

  test('extending during a check-in moves the phase deadline but not the end of the check-in', () => {
    const t = inDiscussion();
    t.do('cs', { type: 'check_in', at: 10_000 });
    t.do('facilitator', { type: 'extend', seconds: 120, at: 11_000 });
    assert.equal(nextDeadline(t.state), 70_000);
    assert.equal(t.state.scene?.phaseEndsAt, 544_000);
    t.deadline();
    assert.equal(nextDeadline(t.state), 544_000);
  });

  test('the facilitator can end a paused quest', () => {
    const t = inDiscussion();
    t.do('facilitator', { type: 'pause' });
    const events = t.do('facilitator', { type: 'end', reason: 'fire drill' });
    assert.equal(events.at(-1)?.type, 'quest_ended');
    assert.equal(t.state.status, 'finished');
    assert.equal(nextDeadline(t.state), null);
  });
});
