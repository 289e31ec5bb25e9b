// A person's own page: their measures against their own past.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyFacts, type PersonFacts } from '../metrics/family-result.ts';
import { type OwnQuest, personalReport } from './personal-report.ts';

const quest = (i: number, f: Partial<PersonFacts>, questTurns = 40, people = 4): OwnQuest => ({
  questId: `q${i}`,
  endedAt: i * 1000,
  facts: { ...emptyFacts(), turns: 10, ...f },
  questTurns,
  people,
});

describe('personal insights', () => {
  test('measures over time against the person’s own past, with the rule that tells change from noise', () => {
    const quests = [
      ...[1, 2, 3, 4, 5].map((i) => quest(i, { questions: 1 })),
      ...[6, 7, 8].map((i) => quest(i, { questions: 5 })),
    ];
    const r = personalReport(quests.reverse());
    const q = r.measures.find((m) => m.id === 'questions');
    assert.equal(q?.verdict, 'strengthening');
    assert.deepEqual([q?.recentMean, q?.earlierMean], [5, 1]);
    assert.deepEqual(
      q?.points.map((p) => p.questId),
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'],
    );
    assert.match(q?.sentence ?? '', /up, 5 in your last 3 quests against 1 before/);
    // ten turns of forty among four people is exactly an even share
    assert.equal(r.measures.find((m) => m.id === 'turn_share')?.points[0]?.value, 1);
    assert.equal(r.quests, 8);
  });

  test('a measure that needs an event the person never had stays empty rather than zero', () => {
    const r = personalReport([1, 2, 3].map((i) => quest(i, {})));
    assert.deepEqual(
      r.measures.find((m) => m.id === 'quiet_after_overruled')?.points.map((p) => p.value),
      [null, null, null],
    );
    assert.equal(r.measures.find((m) => m.id === 'questions')?.verdict, 'not_enough_history');
  });

  test('XP and badges come with it', () => {
    const r = personalReport([1, 2, 3].map((i) => quest(i, { bridges: 1 })));
    assert.equal(r.xp.total, 60);
    assert.deepEqual(
      r.xp.badges.map((b) => b.id),
      ['bridge_builder'],
    );
    assert.equal(r.strengths[0]?.behaviour, 'bridging');
    // The rules come along, so the page can say how XP is earned and what a badge still needs.
    assert.deepEqual(
      r.xpRules.behaviours.find((b) => b.id === 'bridging'),
      { id: 'bridging', label: "bridging: amending another person's proposal toward agreement", points: 20, capPerQuest: 3 },
    );
    assert.equal(r.xpRules.badges.find((b) => b.id === 'curious_mind')?.needed, 30);
    const turnShare = r.measures.find((m) => m.id === 'turn_share');
    assert.deepEqual([turnShare?.unit, turnShare?.better], ['ratio', 'neither']);
  });
});
