// Spoken messages in insights: a transcript is free text like a typed message, marked as spoken in the log, and
// counted only for people who take part. Nothing a person who does not take part said by voice reaches a metric.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QuestEvent } from '../../engine/index.ts';
import { type LoggedEvent, readQuestLog } from '../insights/metrics/quest-log.ts';

function log(events: QuestEvent[]): LoggedEvent[] {
  return events.map((event, i) => ({ seq: i + 1, event, actor: `player-${i}` }));
}

const events = log([
  { type: 'quest_started', at: 0 },
  { type: 'scene_started', at: 0, scene: 'thursday', index: 0, endsAt: 60_000 },
  { type: 'phase_changed', at: 60_000, phase: 'discussion', endsAt: 360_000 },
  { type: 'message_sent', at: 70_000, by: 'pm', kind: 'statement', text: 'We promised Halcyon Monday', via: 'voice' },
  { type: 'message_sent', at: 80_000, by: 'eng', kind: 'question', text: 'What did they actually sign?', via: 'voice' },
  { type: 'message_sent', at: 90_000, by: 'pm', kind: 'statement', text: 'Typed, not spoken', via: 'text' },
]);

test('a consenting person’s transcript is a turn of free text, like a typed message', () => {
  const q = readQuestLog(events, { people: ['pm'], challenges: [] });
  assert.deepEqual(
    q.turns.map((t) => [t.by, t.kind, t.text]),
    [
      ['pm', 'statement', 'We promised Halcyon Monday'],
      ['pm', 'statement', 'Typed, not spoken'],
    ],
  );
});

test('a transcript of someone who does not take part is left out entirely', () => {
  const q = readQuestLog(events, { people: ['pm'], challenges: [] });
  assert.ok(!q.turns.some((t) => t.by === 'eng'));
  assert.ok(!JSON.stringify(q).includes('What did they actually sign?'));
  const nobody = readQuestLog(events, { people: [], challenges: [] });
  assert.equal(nobody.turns.length, 0);
});
