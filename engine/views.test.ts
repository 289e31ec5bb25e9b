// What each seat may see: private cards, hidden facts, the random state; and everything after the quest ends.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileScenario } from './scenario.ts';
import { fixture, QuestTable, shipByFriday } from './test-fixtures/quest-table.ts';
import { canSee, eventFor, viewFor } from './views.ts';

const sc = shipByFriday();
const sprint = fixture('sprint-plan');

function inDiscussion(): QuestTable {
  const t = new QuestTable(sc, 1); // burst 700, pilot all_clinics
  t.start(0);
  t.allReady();
  return t;
}
const cardIds = (cards: { id: string }[]) => cards.map((c) => c.id).sort();

describe('viewFor', () => {
  test('a role sees its own cards, rendered with the setup facts, and nobody else’s', () => {
    const t = inDiscussion();
    const pm = viewFor(t.state, { role: 'pm' }, sc);
    assert.equal(pm.me?.role, 'pm');
    assert.equal(pm.me?.need, 'predictability');
    assert.deepEqual(cardIds(pm.me?.cards ?? []), ['halcyon_contract', 'q3_roadmap']);
    assert.deepEqual(pm.cards, []);
    const contract = pm.me?.cards.find((c) => c.id === 'halcyon_contract');
    assert.match(contract?.text ?? '', /the Monday go-live covers all 40 clinics at once\./);
    assert.deepEqual(contract?.sharedWith, []);
    assert.equal(contract?.hints, undefined);
    const json = JSON.stringify(pm);
    assert.ok(!json.includes('900 jobs a minute'), 'the load test stays with eng');
  });

  test('spectators and the facilitator see no private card unless the scenario lets the facilitator', () => {
    const t = inDiscussion();
    for (const seat of [{ spectator: true as const }, { facilitator: true as const }]) {
      const v = viewFor(t.state, seat, sc);
      assert.equal(v.me, null);
      assert.deepEqual(v.cards, []);
    }
    const def = structuredClone(sc.def);
    def.facilitator_sees_private = true;
    const open = compileScenario('ship-by-friday', def);
    assert.ok(open.ok);
    assert.equal(viewFor(t.state, { facilitator: true }, open.scenario).cards.length, 8);
    assert.deepEqual(viewFor(t.state, { spectator: true }, open.scenario).cards, []);
  });

  test('a private share reaches its receiver; a team share reaches every seat', () => {
    const t = inDiscussion();
    t.do('eng', { type: 'share', card: 'load_test', with: 'pm' });
    assert.deepEqual(cardIds(viewFor(t.state, { role: 'pm' }, sc).cards), ['load_test']);
    assert.deepEqual(viewFor(t.state, { role: 'pm' }, sc).cards[0]?.sharedWith, ['pm']);
    assert.deepEqual(viewFor(t.state, { role: 'cs' }, sc).cards, []);
    assert.deepEqual(viewFor(t.state, { spectator: true }, sc).cards, []);
    assert.equal(canSee(t.state, sc, { role: 'pm' }, 'load_test'), true);
    assert.equal(canSee(t.state, sc, { role: 'cs' }, 'load_test'), false);
    assert.equal(canSee(t.state, sc, { role: 'pm' }, 'no_such_card'), false);
    t.do('cs', { type: 'share', card: 'monday_rush', with: 'team' });
    for (const seat of [{ role: 'pm' }, { role: 'design' }, { spectator: true as const }, { facilitator: true as const }]) {
      assert.ok(cardIds(viewFor(t.state, seat, sc).cards).includes('monday_rush'), JSON.stringify(seat));
    }
    const rush = viewFor(t.state, { spectator: true }, sc).cards.find((c) => c.id === 'monday_rush');
    assert.match(rush?.text ?? '', /their peak was 700 jobs in one minute/);
  });

  test('hints come only when asked for, filtered by their conditions', () => {
    const t = new QuestTable(sprint, 1); // load 2000
    t.start(0);
    const eng = viewFor(t.state, { role: 'eng' }, sprint, { hints: true });
    assert.deepEqual(eng.me?.cards[0]?.hints, [{ decision: 'plan', target: 'refactor', weight: 2 }]);
    const low = new QuestTable(sprint, 3); // load 100
    assert.deepEqual(viewFor(low.state, { role: 'eng' }, sprint, { hints: true }).me?.cards[0]?.hints, []);
  });

  test('the decision on the table hides options behind unsolved challenges, and plans show points and kinds', () => {
    const t = new QuestTable(sprint, 1);
    t.start(0);
    const d = viewFor(t.state, { role: 'pm' }, sprint).decision;
    assert.equal(d?.plan, true);
    assert.equal(d?.capacity, 8);
    assert.equal(d?.rule, 'majority');
    assert.equal(d?.lockedCount, 1);
    assert.deepEqual(
      d?.choices.map((c) => [c.id, c.kind, c.points]),
      [
        ['big_feature', 'feature', 5],
        ['small_feature', 'feature', 2],
        ['refactor', 'debt', 3],
        ['quick_hack', 'feature', 1],
      ],
    );
  });

  test('hidden variables and setup facts never appear among the visible variables', () => {
    const t = new QuestTable(sprint, 1);
    t.start(0);
    const v = viewFor(t.state, { role: 'pm' }, sprint);
    assert.deepEqual(v.vars, [{ id: 'debt', label: 'Tech debt (weeks owed)', value: 4 }]);
  });

  test('once the quest ends every card, every option and the debrief are revealed', () => {
    const t = inDiscussion();
    assert.equal(viewFor(t.state, { spectator: true }, sc).debrief, null);
    t.do('facilitator', { type: 'end' });
    // pm_eng_trust is still 48 (< 55), so not fast_and_well; trust and revenue hold, so the mixed ending.
    const v = viewFor(t.state, { spectator: true }, sc);
    assert.equal(v.cards.length, 8);
    assert.equal(v.decision?.lockedCount, 0);
    assert.equal(v.decision?.choices.length, 4);
    assert.equal(v.debrief?.challenges.length, 2);
    assert.deepEqual(v.ending && [v.ending.id, v.ending.outcome, v.ending.early], ['shipped_with_scars', 'mixed', true]);
  });

  test('decisions carry their labels and fired risks their text', () => {
    const t = inDiscussion();
    t.settle('pm', { option: 'slip_two_weeks' }, ['pm', 'eng']);
    const v = viewFor(t.state, { role: 'cs' }, sc);
    assert.equal(v.decisions[0]?.label, 'Hold the release two weeks and isolate the queue');
    const fired = t.state.risksFired.includes('halcyon_walks');
    assert.deepEqual(
      v.risksFired,
      fired ? [{ id: 'halcyon_walks', text: "Halcyon's COO escalates the slip and signs with the competitor" }] : [],
    );
  });
});

describe('eventFor', () => {
  test('a private share is redacted for everyone but the giver, the receiver and the owner', () => {
    const t = inDiscussion();
    t.do('eng', { type: 'share', card: 'load_test', with: 'pm' });
    const [shown] = t.do('pm', { type: 'share', card: 'load_test', with: 'design' });
    assert.ok(shown);
    for (const role of ['pm', 'design', 'eng']) assert.deepEqual(eventFor(shown, { role }, sc), shown);
    const redacted = { type: 'card_shared_privately', at: 6000, by: 'pm', with: 'design' };
    assert.deepEqual(eventFor(shown, { role: 'cs' }, sc), redacted);
    assert.deepEqual(eventFor(shown, { spectator: true }, sc), redacted);
    assert.deepEqual(eventFor(shown, { facilitator: true }, sc), redacted);
    const [pooled] = t.do('design', { type: 'share', card: 'load_test', with: 'team' });
    assert.ok(pooled);
    assert.deepEqual(eventFor(pooled, { spectator: true }, sc), pooled);
  });

  test('risk rolls lose the random state; world changes lose hidden variables', () => {
    const t = new QuestTable(sprint, 1);
    t.start(0);
    t.allReady();
    const events = t.settle('pm', { items: ['quick_hack', 'big_feature'] }, ['pm', 'eng']);
    const hack = events.find((e) => e.type === 'world_changed' && e.cause.label === 'Hot-patch the checkout bug');
    assert.ok(hack && hack.type === 'world_changed');
    assert.deepEqual(hack.vars, { shortcuts: 1 });
    assert.deepEqual(eventFor(hack, { role: 'pm' }, sprint), { ...hack, vars: {} });

    const s = new QuestTable(sc, 1);
    s.start(0);
    s.allReady();
    const roll = s.eventsOf('risk_rolled', s.settle('pm', { option: 'ship_friday' }, ['pm', 'eng']))[0];
    assert.ok(roll);
    const seen = eventFor(roll, { facilitator: true }, sc);
    assert.ok(seen);
    assert.equal('rng' in seen, false);
    // A player learns of a risk only when it fires: an unfired roll's chance would betray hidden setup facts.
    assert.deepEqual(eventFor({ ...roll, fired: false }, { role: 'pm' }, sc), null);
    assert.deepEqual(eventFor({ ...roll, fired: false }, { spectator: true }, sc), null);
    assert.deepEqual(eventFor({ ...roll, fired: true }, { role: 'pm' }, sc), {
      type: 'risk_rolled',
      at: roll.at,
      risk: 'meltdown',
      text: roll.text,
      fired: true,
    });
    assert.deepEqual(seen, {
      type: 'risk_rolled',
      at: roll.at,
      risk: 'meltdown',
      text: roll.text,
      chance: 0.12,
      fired: roll.fired,
    });
  });
});
