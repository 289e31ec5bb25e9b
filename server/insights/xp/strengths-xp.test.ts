// XP, badges and strengths from a person's own counts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyFacts, type PersonFacts } from '../metrics/family-result.ts';
import { levelOf, strengthsOf, xpForQuest, xpSummary } from './strengths-xp.ts';

const facts = (f: Partial<PersonFacts>): PersonFacts => ({ ...emptyFacts(), ...f });

describe('strengths-based XP', () => {
  test('points for the behaviours the framework teaches, capped per quest', () => {
    const xp = xpForQuest(facts({ cardsShared: 2, risksNamed: 1, risksPriced: 1, questions: 40, bridges: 1, heatedCheckIns: 1 }));
    // 2×10 + 1×5 + 1×10 + min(40,10)×3 + 1×20 + 1×25
    assert.equal(xp.total, 20 + 5 + 10 + 30 + 20 + 25);
    assert.equal(xp.byBehaviour.asking_questions, 30);
  });

  test('talking a lot earns nothing by itself', () => {
    assert.equal(xpForQuest(facts({ turns: 200, messages: 200, exchanges: 150 })).total, 0);
  });

  test('levels and the XP to the next one', () => {
    assert.deepEqual(levelOf(0), { level: 1, nextLevelAt: 100 });
    assert.deepEqual(levelOf(100), { level: 2, nextLevelAt: 250 });
    assert.deepEqual(levelOf(9000), { level: 8, nextLevelAt: null });
  });

  test('badges are earned in the quest where the habit crossed the line, once', () => {
    const quests = [1, 2, 3, 4].map((i) => ({ questId: `q${i}`, endedAt: i * 1000, facts: facts({ bridges: i === 2 ? 0 : 1 }) }));
    const s = xpSummary(quests);
    assert.deepEqual(
      s.badges.map((b) => [b.id, b.questId]),
      [['bridge_builder', 'q4']],
    );
    assert.equal(s.habits.bridging.quests, 3);
    assert.deepEqual(
      s.history.map((h) => h.xp),
      [20, 0, 20, 20],
    );
  });

  test('strengths: habits seen in at least two recent quests, strongest first', () => {
    const quests = [1, 2, 3, 4, 5].map((i) => ({
      questId: `q${i}`,
      endedAt: i,
      facts: facts({ risksPriced: i > 1 ? 1 : 0, needsNamed: i % 2, questions: i === 5 ? 1 : 0 }),
    }));
    assert.deepEqual(
      strengthsOf(quests).map((s) => [s.behaviour, s.quests, s.of]),
      [
        ['pricing_risks', 4, 5],
        ['stating_needs', 3, 5],
      ],
    );
  });
});
