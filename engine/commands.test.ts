// Each command: what it does when accepted, and each reason it is refused (a refusal changes nothing: QuestTable
// checks the version did not move and that decide() left its input alone).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from './decide.ts';
import type { Proposal } from './quest-state.ts';
import { compileScenario } from './scenario.ts';
import { QuestTable, shipByFriday } from './test-fixtures/quest-table.ts';

const sc = shipByFriday();

/** A quest in the discussion of its first scene (the release decision), at 4 s, discussion ending at 364 s. */
function inDiscussion(seed = 1): QuestTable {
  const t = new QuestTable(sc, seed);
  t.start(0);
  t.allReady();
  assert.equal(t.state.scene?.phase, 'discussion');
  return t;
}
const proposal = (t: QuestTable, id: string) => t.state.proposals.find((p) => p.id === id) as Proposal;

describe('any command', () => {
  test('a command without a type, of an unknown type or with bad fields is invalid, with a reason', () => {
    const t = inDiscussion();
    const bad = (cmd: unknown, reason: string | RegExp) => {
      const r = decide(t.state, cmd, { scenario: sc, actor: { role: 'pm' } });
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.code, 'invalid');
      if (typeof reason === 'string') assert.equal(r.reason, reason);
      else assert.match(r.reason, reason);
    };
    bad(null, 'a command needs a type');
    bad('say', 'a command needs a type');
    bad({ at: 5000 }, 'a command needs a type');
    bad({ type: 7, at: 5000 }, 'a command needs a type');
    bad({ type: 'dance', at: 5000 }, "unknown command 'dance'");
    bad({ type: 'say', at: 5000, text: '   ' }, 'text: must not be empty');
    bad({ type: 'say', at: 5000, text: 'x'.repeat(2001) }, 'text: at most 2000 characters');
    bad({ type: 'say', text: 'hi' }, /^at: /);
    bad({ type: 'say', at: -1, text: 'hi' }, /^at: /);
    bad({ type: 'say', at: 5000, text: 'hi', loud: true }, /loud/);
    bad({ type: 'vote', at: 5000, proposal: 'x1', vote: 'yes' }, 'proposal: not a proposal id (like p3)');
    bad({ type: 'share', at: 5000, card: 'Load Test', with: 'team' }, /card: not a role id/);
    bad({ type: 'extend', at: 5000, seconds: 5 }, /seconds: /);
  });

  test('a quest made from another version of the scenario refuses every command', () => {
    const t = inDiscussion();
    const def = structuredClone(sc.def);
    def.minutes = 31;
    const other = compileScenario('ship-by-friday', def);
    assert.ok(other.ok);
    const r = decide(t.state, { type: 'say', at: 5000, text: 'hi' }, { scenario: other.scenario, actor: { role: 'pm' } });
    assert.deepEqual(r, {
      ok: false,
      code: 'conflict',
      reason: 'this quest was created from a different version of the scenario',
    });
  });

  test('time never goes backwards', () => {
    const t = inDiscussion();
    assert.deepEqual(t.reject('pm', { type: 'say', text: 'late', at: 3999 }), {
      ok: false,
      code: 'invalid',
      reason: 'time went backwards: the quest is at 4000, the command says 3999',
    });
    assert.equal(t.reject('facilitator', { type: 'pause', at: 100 }).code, 'invalid');
    t.do('pm', { type: 'say', text: 'same moment', at: 4000 });
  });

  test('player commands need a seat; control commands need the facilitator', () => {
    const t = inDiscussion();
    assert.deepEqual(t.reject('facilitator', { type: 'say', text: 'hi' }), {
      ok: false,
      code: 'not_allowed',
      reason: 'only a seated player can do that',
    });
    assert.equal(t.reject('system', { type: 'ready' }).code, 'not_allowed');
    assert.deepEqual(t.reject('cto', { type: 'say', text: 'hi' }), {
      ok: false,
      code: 'not_allowed',
      reason: "'cto' has no seat in this quest",
    });
    for (const type of ['start', 'pause', 'resume', 'end'] as const) {
      const r = t.reject('pm', { type });
      assert.equal(r.code, 'not_allowed');
      assert.equal(r.reason, `only the facilitator can ${type}`);
    }
    assert.equal(
      t.reject('eng', { type: 'cover_seat', role: 'cs', persona: 'quiet' }).reason,
      'only the facilitator can cover seat',
    );
    assert.equal(t.reject('eng', { type: 'extend', seconds: 60 }).reason, 'only the facilitator can extend');
    assert.deepEqual(t.reject('facilitator', { type: 'deadline', at: 400_000 }), {
      ok: false,
      code: 'not_allowed',
      reason: 'deadlines come from the server clock',
    });
    // The system (the server) may send control commands too, e.g. ending a quest nobody is in.
    t.do('system', { type: 'pause' });
  });

  test('before the start only start is possible', () => {
    const t = new QuestTable(sc, 1);
    assert.deepEqual(t.reject('pm', { type: 'say', text: 'hello?' }), {
      ok: false,
      code: 'wrong_phase',
      reason: 'the quest has not started yet',
    });
    assert.equal(t.reject('facilitator', { type: 'pause' }).reason, 'the quest has not started');
    assert.equal(t.reject('facilitator', { type: 'resume' }).reason, 'the quest is not paused');
    assert.equal(t.reject('facilitator', { type: 'extend', seconds: 60 }).reason, 'the quest has not started');
    assert.equal(t.reject('facilitator', { type: 'end' }).reason, 'the quest has not started; there is nothing to end');
    assert.equal(t.reject('system', { type: 'deadline', at: 99_999 }).reason, 'no clock is running');
    const events = t.start(500);
    assert.deepEqual(events, [
      { type: 'quest_started', at: 500 },
      { type: 'scene_started', at: 500, scene: 'thursday', index: 0, endsAt: 60_500 },
    ]);
    assert.equal(t.state.status, 'running');
    assert.equal(t.state.scene?.phase, 'briefing');
    assert.equal(t.reject('facilitator', { type: 'start' }).reason, 'the quest has already started');
  });

  test('a finished quest refuses everything', () => {
    const t = inDiscussion();
    t.do('facilitator', { type: 'end', reason: 'out of time' });
    assert.equal(t.state.status, 'finished');
    for (const [who, cmd] of [
      ['pm', { type: 'say', text: 'one more thing' }],
      ['pm', { type: 'ready' }],
      ['facilitator', { type: 'end' }],
      ['facilitator', { type: 'resume' }],
      ['system', { type: 'deadline', at: 10_000_000 }],
    ] as const) {
      assert.deepEqual(t.reject(who, cmd), { ok: false, code: 'finished', reason: 'the quest has ended' });
    }
  });
});

describe('talk: say, ask, name_need', () => {
  test('say and ask become messages; ask may name who it is for', () => {
    const t = inDiscussion();
    assert.deepEqual(t.do('pm', { type: 'say', text: 'We need to ship by Friday.' }), [
      { type: 'message_sent', at: 5000, by: 'pm', kind: 'statement', text: 'We need to ship by Friday.', via: 'text' },
    ]);
    assert.deepEqual(t.do('pm', { type: 'ask', text: '  What breaks?  ', to: 'eng', via: 'voice' }), [
      { type: 'message_sent', at: 6000, by: 'pm', kind: 'question', text: 'What breaks?', via: 'voice', to: 'eng' },
    ]);
    assert.deepEqual(t.do('cs', { type: 'ask', text: 'Anyone?' }), [
      { type: 'message_sent', at: 7000, by: 'cs', kind: 'question', text: 'Anyone?', via: 'text' },
    ]);
    // start: 2 events, four readies and the phase change: 5, three messages: 3.
    assert.equal(t.state.version, 10);
  });
  test('ask refuses an unknown role and yourself', () => {
    const t = inDiscussion();
    assert.deepEqual(t.reject('pm', { type: 'ask', text: 'x', to: 'cto' }), {
      ok: false,
      code: 'not_found',
      reason: "no role 'cto' in this quest",
    });
    assert.deepEqual(t.reject('pm', { type: 'ask', text: 'x', to: 'pm' }), {
      ok: false,
      code: 'invalid',
      reason: 'ask someone else',
    });
  });
  test('name_need names a need of yourself or of another role, once', () => {
    const t = inDiscussion();
    assert.deepEqual(t.do('pm', { type: 'name_need', need: 'predictability' }), [
      { type: 'need_named', at: 5000, by: 'pm', need: 'predictability', of: 'pm' },
    ]);
    t.do('pm', { type: 'name_need', need: 'sustainability', of: 'eng' });
    t.do('eng', { type: 'name_need', need: 'predictability', of: 'pm' });
    assert.deepEqual(t.state.needsNamed, [
      { by: 'pm', need: 'predictability', of: 'pm' },
      { by: 'pm', need: 'sustainability', of: 'eng' },
      { by: 'eng', need: 'predictability', of: 'pm' },
    ]);
    assert.deepEqual(t.reject('pm', { type: 'name_need', need: 'predictability', of: 'pm' }), {
      ok: false,
      code: 'conflict',
      reason: 'you have already named that need',
    });
    assert.equal(t.reject('pm', { type: 'name_need', need: 'craft', of: 'cto' }).reason, "no role 'cto' in this quest");
    assert.equal(t.reject('pm', { type: 'name_need', need: 'speed' }).code, 'invalid');
  });
  test('talk is allowed in the briefing and the consequences too', () => {
    const t = new QuestTable(sc, 1);
    t.start(0);
    t.do('pm', { type: 'say', text: 'reading my brief' });
    t.do('eng', { type: 'name_need', need: 'sustainability' });
  });
});

describe('share', () => {
  test('sharing with the team pools a card for everyone', () => {
    const t = inDiscussion();
    assert.deepEqual(t.do('eng', { type: 'share', card: 'load_test', with: 'team' }), [
      { type: 'card_shared', at: 5000, by: 'eng', card: 'load_test', owner: 'eng', with: 'team' },
    ]);
    assert.equal(t.state.shared.load_test, 'team');
    assert.deepEqual(t.reject('eng', { type: 'share', card: 'load_test', with: 'team' }), {
      ok: false,
      code: 'conflict',
      reason: 'the whole team has already seen this card',
    });
    assert.equal(
      t.reject('pm', { type: 'share', card: 'load_test', with: 'cs' }).reason,
      'the whole team has already seen this card',
    );
  });
  test('sharing privately shows a card to one role, who may pass it on', () => {
    const t = inDiscussion();
    t.do('eng', { type: 'share', card: 'load_test', with: 'pm' });
    assert.deepEqual(t.state.shared.load_test, ['pm']);
    assert.deepEqual(t.reject('eng', { type: 'share', card: 'load_test', with: 'pm' }), {
      ok: false,
      code: 'conflict',
      reason: "'pm' has already seen this card",
    });
    assert.equal(t.reject('pm', { type: 'share', card: 'load_test', with: 'eng' }).reason, "'eng' has already seen this card");
    t.do('pm', { type: 'share', card: 'load_test', with: 'design' });
    assert.deepEqual(t.state.shared.load_test, ['pm', 'design']);
    t.do('design', { type: 'share', card: 'load_test', with: 'team' });
    assert.equal(t.state.shared.load_test, 'team');
  });
  test('you can only share a card you can see, with a role that exists and is not you', () => {
    const t = inDiscussion();
    assert.deepEqual(t.reject('pm', { type: 'share', card: 'load_test', with: 'team' }), {
      ok: false,
      code: 'not_found',
      reason: "you hold no intel card 'load_test'",
    });
    assert.equal(
      t.reject('pm', { type: 'share', card: 'no_such_card', with: 'team' }).reason,
      "you hold no intel card 'no_such_card'",
    );
    assert.deepEqual(t.reject('eng', { type: 'share', card: 'load_test', with: 'cto' }), {
      ok: false,
      code: 'not_found',
      reason: "no role 'cto' in this quest",
    });
    assert.deepEqual(t.reject('eng', { type: 'share', card: 'load_test', with: 'eng' }), {
      ok: false,
      code: 'invalid',
      reason: 'you already hold this card',
    });
  });
});

describe('propose, amend, support, object', () => {
  test('a proposal gets the next id and records choice, risks, bearers and rationale', () => {
    const t = inDiscussion();
    const risk = { text: 'the queue stalls on Monday', probability: 0.3, cost: 38000 };
    assert.deepEqual(
      t.do('pm', {
        type: 'propose',
        decision: 'release',
        option: 'ship_friday',
        risks: [risk],
        bearers: ['pm', 'eng', 'pm'],
        rationale: 'Halcyon needs it Monday',
      }),
      [
        {
          type: 'proposal_made',
          at: 5000,
          id: 'p1',
          by: 'pm',
          decision: 'release',
          choice: { option: 'ship_friday' },
          risks: [risk],
          bearers: ['pm', 'eng'],
          rationale: 'Halcyon needs it Monday',
        },
      ],
    );
    const [second] = t.do('eng', { type: 'propose', decision: 'release', option: 'slip_two_weeks' });
    assert.equal(second?.type === 'proposal_made' && second.id, 'p2');
    assert.equal(t.state.nextProposal, 3);
    assert.deepEqual(proposal(t, 'p2'), {
      id: 'p2',
      decision: 'release',
      author: 'eng',
      revision: 1,
      amendedBy: [],
      choice: { option: 'slip_two_weeks' },
      risks: [],
      bearers: [],
      rationale: '',
      supports: [],
      objections: [],
      votes: {},
      status: 'open',
      at: 6000,
    });
  });

  test('proposals are refused outside the discussion, for another decision or an option not on the table', () => {
    const t = new QuestTable(sc, 1);
    t.start(0);
    assert.deepEqual(t.reject('pm', { type: 'propose', decision: 'release', option: 'ship_friday' }), {
      ok: false,
      code: 'wrong_phase',
      reason: 'proposals and votes belong to the discussion; this is the briefing',
    });
    t.allReady();
    assert.deepEqual(t.reject('pm', { type: 'propose', decision: 'aftermath', option: 'cleanup_now' }), {
      ok: false,
      code: 'not_found',
      reason: "the decision on the table is 'release', not 'aftermath'",
    });
    assert.deepEqual(t.reject('pm', { type: 'propose', decision: 'release', option: 'ship_monday' }), {
      ok: false,
      code: 'not_found',
      reason: "'release' has no option 'ship_monday' on the table",
    });
    // pilot_flag needs the pilot_fit challenge solved first.
    assert.equal(
      t.reject('pm', { type: 'propose', decision: 'release', option: 'pilot_flag' }).reason,
      "'release' has no option 'pilot_flag' on the table",
    );
    assert.deepEqual(t.reject('pm', { type: 'propose', decision: 'release', items: ['ship_friday'] }), {
      ok: false,
      code: 'invalid',
      reason: "'release' is a choice: give one option",
    });
    assert.equal(t.reject('pm', { type: 'propose', decision: 'release' }).reason, "'release' is a choice: give one option");
    assert.deepEqual(t.reject('pm', { type: 'propose', decision: 'release', option: 'ship_friday', bearers: ['cto'] }), {
      ok: false,
      code: 'not_found',
      reason: "no role 'cto' in this quest",
    });
    assert.equal(
      t.reject('pm', {
        type: 'propose',
        decision: 'release',
        option: 'ship_friday',
        risks: [{ text: 'x', probability: 2, cost: 1 }],
      }).code,
      'invalid',
    );
  });

  test('a scene takes at most 12 proposals', () => {
    const t = inDiscussion();
    for (let i = 0; i < 12; i++) t.do(i % 2 ? 'pm' : 'eng', { type: 'propose', decision: 'release', option: 'ship_friday' });
    assert.deepEqual(t.reject('cs', { type: 'propose', decision: 'release', option: 'slip_two_weeks' }), {
      ok: false,
      code: 'conflict',
      reason: 'this scene already has 12 proposals: amend one instead',
    });
  });

  test('support and objection: not on your own proposal, not twice; an objection withdraws your support', () => {
    const t = inDiscussion();
    t.do('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    assert.deepEqual(t.reject('pm', { type: 'support', proposal: 'p1' }), {
      ok: false,
      code: 'invalid',
      reason: 'it is your own proposal',
    });
    assert.deepEqual(t.reject('pm', { type: 'object', proposal: 'p1', reason: 'hmm' }), {
      ok: false,
      code: 'invalid',
      reason: 'it is your own proposal',
    });
    t.do('cs', { type: 'support', proposal: 'p1' });
    t.do('design', { type: 'support', proposal: 'p1' });
    assert.deepEqual(t.reject('cs', { type: 'support', proposal: 'p1' }), {
      ok: false,
      code: 'conflict',
      reason: 'you already support this proposal',
    });
    const risk = { text: 'queue stalls', probability: 0.75, cost: 38000 };
    assert.deepEqual(t.do('cs', { type: 'object', proposal: 'p1', reason: 'the burst is too big', risk }), [
      { type: 'proposal_objected', at: 8000, id: 'p1', by: 'cs', reason: 'the burst is too big', risk },
    ]);
    assert.deepEqual(proposal(t, 'p1').supports, ['design']);
    assert.deepEqual(proposal(t, 'p1').objections, [{ role: 'cs', reason: 'the burst is too big', revision: 1 }]);
    assert.deepEqual(t.reject('cs', { type: 'object', proposal: 'p1', reason: 'the burst is too big' }), {
      ok: false,
      code: 'conflict',
      reason: 'you have already raised that objection',
    });
    t.do('cs', { type: 'object', proposal: 'p1', reason: 'and nobody told Halcyon' });
    assert.deepEqual(t.reject('cs', { type: 'support', proposal: 'p9' }), {
      ok: false,
      code: 'not_found',
      reason: 'no open proposal p9 in this scene',
    });
  });

  test('an amendment makes a new revision and resets votes and supports; objections stay with their revision', () => {
    const t = inDiscussion();
    t.do('pm', { type: 'propose', decision: 'release', option: 'ship_friday', bearers: ['pm'] });
    t.do('cs', { type: 'support', proposal: 'p1' });
    t.do('eng', { type: 'object', proposal: 'p1', reason: 'it breaks past 900 jobs a minute' });
    t.do('pm', { type: 'vote', proposal: 'p1', vote: 'yes' });
    assert.deepEqual(proposal(t, 'p1').votes, { pm: 'yes' });
    assert.deepEqual(t.do('eng', { type: 'amend', proposal: 'p1', option: 'slip_two_weeks', bearers: ['pm', 'eng'] }), [
      {
        type: 'proposal_amended',
        at: 9000,
        id: 'p1',
        by: 'eng',
        revision: 2,
        choice: { option: 'slip_two_weeks' },
        risks: [],
        bearers: ['pm', 'eng'],
        rationale: '',
      },
    ]);
    const p = proposal(t, 'p1');
    assert.equal(p.revision, 2);
    assert.deepEqual(p.amendedBy, ['eng']);
    assert.deepEqual(p.votes, {});
    assert.deepEqual(p.supports, []);
    assert.deepEqual(p.objections, [{ role: 'eng', reason: 'it breaks past 900 jobs a minute', revision: 1 }]);
    // Once someone else has amended it, the author may support the proposal they started.
    t.do('pm', { type: 'support', proposal: 'p1' });
    // The same objection may be raised again against the new revision.
    t.do('cs', { type: 'object', proposal: 'p1', reason: 'it breaks past 900 jobs a minute' });
    t.do('design', { type: 'amend', proposal: 'p1', rationale: 'keeps the date honest' });
    assert.deepEqual(proposal(t, 'p1').choice, { option: 'slip_two_weeks' });
    assert.equal(proposal(t, 'p1').rationale, 'keeps the date honest');
  });

  test('amendments that change nothing, target nothing or propose something off the table are refused', () => {
    const t = inDiscussion();
    t.do('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    assert.deepEqual(t.reject('eng', { type: 'amend', proposal: 'p1' }), {
      ok: false,
      code: 'invalid',
      reason: 'an amendment must change the choice, the risks, the bearers or the rationale',
    });
    assert.equal(
      t.reject('eng', { type: 'amend', proposal: 'p2', option: 'slip_two_weeks' }).reason,
      'no open proposal p2 in this scene',
    );
    assert.equal(
      t.reject('eng', { type: 'amend', proposal: 'p1', option: 'batched_release' }).reason,
      "'release' has no option 'batched_release' on the table",
    );
    assert.equal(
      t.reject('eng', { type: 'amend', proposal: 'p1', bearers: ['nobody'] }).reason,
      "no role 'nobody' in this quest",
    );
  });

  test('an author who amends only their own proposal still cannot support it', () => {
    const t = inDiscussion();
    t.do('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    t.do('pm', { type: 'amend', proposal: 'p1', rationale: 'now with a reason' });
    assert.deepEqual(t.reject('pm', { type: 'support', proposal: 'p1' }), {
      ok: false,
      code: 'invalid',
      reason: 'it is your own proposal',
    });
  });
});

describe('vote', () => {
  test('a vote is recorded, may change, but not be repeated', () => {
    const t = inDiscussion();
    t.do('pm', { type: 'propose', decision: 'release', option: 'slip_two_weeks' });
    assert.deepEqual(t.do('cs', { type: 'vote', proposal: 'p1', vote: 'no' }), [
      { type: 'vote_cast', at: 6000, id: 'p1', by: 'cs', vote: 'no' },
    ]);
    assert.deepEqual(t.reject('cs', { type: 'vote', proposal: 'p1', vote: 'no' }), {
      ok: false,
      code: 'conflict',
      reason: 'you have already voted no',
    });
    t.do('cs', { type: 'vote', proposal: 'p1', vote: 'yes' });
    assert.deepEqual(proposal(t, 'p1').votes, { cs: 'yes' });
    assert.equal(t.reject('cs', { type: 'vote', proposal: 'p7', vote: 'yes' }).code, 'not_found');
  });
  test('after a decision, its proposals are closed to votes', () => {
    const t = inDiscussion();
    t.settle('pm', { option: 'slip_two_weeks' }, ['pm', 'eng']);
    assert.equal(t.state.scene?.phase, 'consequences');
    assert.deepEqual(t.reject('cs', { type: 'vote', proposal: 'p1', vote: 'yes' }), {
      ok: false,
      code: 'wrong_phase',
      reason: 'proposals and votes belong to the discussion; this is the consequences',
    });
  });
});

describe('check_in', () => {
  test('a check-in pauses deciding for check_in_seconds and adds that time to the discussion', () => {
    const t = inDiscussion();
    t.do('pm', { type: 'propose', decision: 'release', option: 'ship_friday' });
    assert.deepEqual(t.do('cs', { type: 'check_in', note: 'we are going in circles' }), [
      { type: 'check_in_called', at: 6000, by: 'cs', note: 'we are going in circles', until: 66_000, phaseEndsAt: 424_000 },
    ]);
    assert.equal(t.state.checkIns, 1);
    assert.deepEqual(t.state.scene?.checkIn, { by: 'cs', until: 66_000 });
    for (const cmd of [
      { type: 'vote', proposal: 'p1', vote: 'yes' },
      { type: 'propose', decision: 'release', option: 'slip_two_weeks' },
      { type: 'amend', proposal: 'p1', rationale: 'x' },
      { type: 'support', proposal: 'p1' },
      { type: 'object', proposal: 'p1', reason: 'x' },
    ]) {
      assert.deepEqual(t.reject('eng', cmd), {
        ok: false,
        code: 'wrong_phase',
        reason: 'the team is in a check-in: talk first, decide after',
      });
    }
    t.do('eng', { type: 'say', text: 'I am worried about Monday' });
    t.do('pm', { type: 'share', card: 'halcyon_contract', with: 'team' });
    assert.equal(t.reject('system', { type: 'deadline', at: 65_999 }).code, 'too_early');
    assert.deepEqual(t.do('system', { type: 'deadline', at: 66_000 }), [{ type: 'check_in_ended', at: 66_000 }]);
    assert.equal(t.state.scene?.checkIn, null);
    assert.equal(t.state.scene?.phaseEndsAt, 424_000);
    t.do('eng', { type: 'vote', proposal: 'p1', vote: 'yes' });
  });
  test('one check-in per scene, only in a discussion', () => {
    const t = new QuestTable(sc, 1);
    t.start(0);
    assert.deepEqual(t.reject('pm', { type: 'check_in' }), {
      ok: false,
      code: 'wrong_phase',
      reason: 'a check-in pauses a discussion; there is none running',
    });
    t.allReady();
    t.do('pm', { type: 'check_in' });
    t.deadline();
    assert.deepEqual(t.reject('eng', { type: 'check_in' }), {
      ok: false,
      code: 'conflict',
      reason: 'this scene has had its check-in already',
    });
    // The next scene gets its own.
    t.settle('pm', { option: 'slip_two_weeks' }, ['pm', 'eng']);
    t.allReady();
    t.allReady();
    assert.equal(t.state.scene?.id, 'monday');
    t.do('eng', { type: 'check_in' });
    assert.equal(t.state.checkIns, 2);
  });
});

describe('ready', () => {
  test('ready from everyone ends the briefing; the discussion then runs for the scene minutes', () => {
    const t = new QuestTable(sc, 1);
    t.start(0);
    t.do('pm', { type: 'ready' });
    assert.deepEqual(t.reject('pm', { type: 'ready' }), { ok: false, code: 'conflict', reason: 'you are already ready' });
    t.do('eng', { type: 'ready' });
    t.do('cs', { type: 'ready' });
    assert.deepEqual(t.state.scene?.ready, ['pm', 'eng', 'cs']);
    assert.deepEqual(t.do('design', { type: 'ready', at: 9000 }), [
      { type: 'player_ready', at: 9000, by: 'design' },
      { type: 'phase_changed', at: 9000, phase: 'discussion', endsAt: 9000 + 6 * 60_000 },
    ]);
    assert.deepEqual(t.state.scene?.ready, []);
    assert.deepEqual(t.reject('pm', { type: 'ready' }), {
      ok: false,
      code: 'wrong_phase',
      reason: 'ready moves on from the briefing or the consequences; now the team is deciding',
    });
  });
});

describe('after the phase clock runs out', () => {
  test('only talk is accepted until the deadline arrives', () => {
    const t = new QuestTable(sc, 1);
    t.start(0);
    assert.deepEqual(t.reject('pm', { type: 'ready', at: 60_000 }), {
      ok: false,
      code: 'wrong_phase',
      reason: 'time is up for this phase; the scene is moving on',
    });
    t.do('pm', { type: 'say', text: 'wait', at: 60_001 });
    t.do('system', { type: 'deadline', at: 60_002 });
    assert.equal(t.state.scene?.phase, 'discussion');
    assert.equal(t.state.scene?.phaseEndsAt, 60_002 + 360_000);
  });
});
