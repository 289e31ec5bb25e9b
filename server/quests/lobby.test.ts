import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { QuestStore } from '../store/quest-store.ts';
import { createTestDatabase, DRIVERS, type TestDatabase } from '../store/test-database.ts';
import type { QuestPlay } from './create-quest-service.ts';
import type { Outcome, QuestChange } from './quest-service.ts';
import { TestClock } from './test-clock.ts';
import { openService, questWith, ROLES, SCENARIO } from './test-service.ts';

function refused(r: Outcome<object>, code: string, message?: RegExp): void {
  assert.equal(r.ok, false, `expected ${code}, got ${JSON.stringify(r)}`);
  if (r.ok) return;
  assert.equal(r.error.code, code, r.error.message);
  if (message) assert.match(r.error.message, message);
}

for (const driver of DRIVERS) {
  describe(`lobby and commands on ${driver}`, () => {
    let db: TestDatabase;
    let store: QuestStore;
    let clock: TestClock;
    let service: QuestPlay;
    before(async () => {
      db = await createTestDatabase(driver);
      store = (await db.open()).store;
      clock = new TestClock();
      service = await openService(store, clock);
    });
    after(async () => {
      await service.close();
      await db.destroy();
    });

    test('creating and joining: invite, tokens, bad input', async () => {
      refused(await service.createQuest({ scenarioId: 'no-such-scenario', hostName: 'X' }), 'not_found');
      refused(await service.createQuest({ scenarioId: SCENARIO.id, hostName: '   ' }), 'invalid', /empty/);
      refused(await service.createQuest({ scenarioId: SCENARIO.id, hostName: 'x'.repeat(41) }), 'invalid', /40/);
      refused(await service.createQuest({ scenarioId: SCENARIO.id, hostName: 'X', seed: 1.5 }), 'invalid', /seed/);
      const q = await questWith(service, ['Gil']);
      assert.match(q.invite, /^[A-Za-z0-9_-]{20}$/);
      const info = await service.inviteInfo(q.invite);
      assert.ok(info.ok);
      assert.equal(info.questId, q.questId);
      assert.equal(info.status, 'lobby');
      assert.deepEqual(
        info.scenario.roles.map((r) => r.id),
        ROLES,
      );
      refused(await service.inviteInfo('not-a-real-invite-code'), 'not_found');
      refused(await service.inviteInfo('../../etc'), 'not_found');
      refused(await service.join(q.invite, ''), 'invalid');
      assert.equal(await service.authenticate(q.questId, 'A'.repeat(43)), null);
      assert.equal(await service.authenticate('not-a-uuid', q.tokens.get(q.host.id) as string), null);
      assert.equal(await service.lobby('not-a-uuid'), null);
      const lobby = await service.lobby(q.questId);
      assert.equal(lobby?.hostId, q.host.id);
      assert.deepEqual(
        lobby?.players.map((p) => [p.name, p.host, p.seat]),
        [
          ['Hana Host', true, null],
          ['Gil', false, null],
        ],
      );
      // The token is never stored, only its SHA-256.
      const stored = await store.players(q.questId);
      for (const p of stored) assert.notEqual(p.tokenHash, q.tokens.get(p.id));
    });

    test('seats: a role holds one person, the host alone fills bots, clears and starts, start needs every role', async () => {
      const q = await questWith(service, ['Gil', 'Fay', 'Sol']);
      const [gil, fay, sol] = q.guests as [typeof q.host, typeof q.host, typeof q.host];
      const changes: QuestChange[] = [];
      const stop = service.onChange((c) => c.questId === q.questId && changes.push(c));

      assert.ok((await service.takeSeat(gil, 'pm')).ok);
      refused(await service.takeSeat(fay, 'pm'), 'conflict', /Gil already holds/);
      refused(await service.takeSeat(fay, 'ceo'), 'not_found', /not a role/);
      assert.ok((await service.takeSeat(fay, 'facilitator')).ok);
      refused(await service.takeSeat(sol, 'facilitator'), 'conflict', /facilitator chair/);
      assert.ok((await service.takeSeat(sol, 'spectator')).ok);

      refused(await service.fillBots(gil, 'collaborative'), 'not_allowed', /host/);
      refused(await service.clearSeat(gil, 'eng'), 'not_allowed', /host/);
      refused(await service.start(gil), 'not_allowed', /host/);
      refused(await service.start(q.host), 'conflict', /empty: eng, cs, design/);
      refused(await service.fillBots(q.host, 'grumpy' as 'quiet'), 'invalid', /persona/);

      assert.ok((await service.fillBots(q.host, 'positional')).ok);
      let lobby = await service.lobby(q.questId);
      assert.deepEqual(
        lobby?.seats.map((s) => s.occupant && ('bot' in s.occupant ? `bot:${s.occupant.bot}` : s.occupant.name)),
        ['Gil', 'bot:positional', 'bot:positional', 'bot:positional'],
      );
      // A person may take a seat a bot was keeping warm; a person's seat cannot be cleared by the host.
      assert.ok((await service.takeSeat(q.host, 'eng')).ok);
      refused(await service.clearSeat(q.host, 'pm'), 'conflict', /Gil holds/);
      assert.ok((await service.clearSeat(q.host, 'cs')).ok);
      refused(await service.clearSeat(q.host, 'cs'), 'conflict', /already empty/);
      refused(await service.start(q.host), 'conflict', /empty: cs/);
      assert.ok((await service.fillBots(q.host, 'quiet')).ok);
      lobby = await service.lobby(q.questId);
      assert.deepEqual(
        lobby?.seats.map((s) => s.occupant && ('bot' in s.occupant ? `bot:${s.occupant.bot}` : s.occupant.name)),
        ['Gil', 'Hana Host', 'bot:quiet', 'bot:positional'],
      );

      const started = await service.start(q.host);
      assert.ok(started.ok, JSON.stringify(started));
      assert.ok(started.version > 0);
      refused(await service.start(q.host), 'wrong_phase');
      refused(await service.takeSeat(sol, 'cs'), 'wrong_phase');
      const view = await service.snapshot(gil);
      assert.equal(view.view?.status, 'running');
      assert.equal(view.view?.scene?.phase, 'briefing');
      assert.deepEqual(
        view.view?.roles.map((r) => [r.id, r.kind, r.persona ?? null]),
        [
          ['pm', 'human', null],
          ['eng', 'human', null],
          ['cs', 'bot', 'quiet'],
          ['design', 'bot', 'positional'],
        ],
      );
      const startChange = changes.find((c) => c.events.length > 0);
      assert.equal(startChange?.events[0]?.seq, 1);
      assert.equal(startChange?.events[0]?.event.type, 'quest_started');
      assert.equal(startChange?.version, started.version);

      // Joining after the start makes a spectator.
      const late = await service.join(q.invite, 'Late Lou');
      assert.ok(late.ok);
      const lou = await service.authenticate(q.questId, late.player.token);
      assert.equal(lou?.seat, 'spectator');
      stop();
    });

    test('who may act: spectators and the facilitator cannot play, players cannot run the clock, bad commands change nothing', async () => {
      const q = await questWith(service, ['Gil', 'Fay', 'Sol']);
      const [gil, fay, sol] = q.guests as [typeof q.host, typeof q.host, typeof q.host];
      assert.ok((await service.takeSeat(gil, 'pm')).ok);
      assert.ok((await service.takeSeat(q.host, 'eng')).ok);
      assert.ok((await service.takeSeat(fay, 'facilitator')).ok);
      assert.ok((await service.takeSeat(sol, 'spectator')).ok);
      refused(await service.command(gil, { type: 'say', text: 'too early' }), 'wrong_phase', /not started/);
      assert.ok((await service.fillBots(q.host, 'collaborative')).ok);
      assert.ok((await service.start(q.host)).ok);

      const before = (await service.snapshot(gil)).version;
      const eventsBefore = (await store.events(q.questId)).length;
      const bad: [typeof gil, unknown, string][] = [
        [sol, { type: 'say', text: 'hello from the gallery' }, 'not_allowed'],
        [sol, { type: 'pause' }, 'not_allowed'],
        [fay, { type: 'say', text: 'I only facilitate' }, 'not_allowed'],
        [q.host, { type: 'pause' }, 'not_allowed'],
        [gil, { type: 'pause' }, 'not_allowed'],
        [gil, { type: 'deadline' }, 'not_allowed'],
        [fay, { type: 'deadline' }, 'not_allowed'],
        [gil, null, 'invalid'],
        [gil, [], 'invalid'],
        [gil, 'say hi', 'invalid'],
        [gil, { text: 'no type' }, 'invalid'],
        [gil, { type: 'dance' }, 'invalid'],
        [gil, { type: 'say' }, 'invalid'],
        [gil, { type: 'say', text: 'x'.repeat(2001) }, 'invalid'],
        [gil, { type: 'say', text: 'hi', at: 0 }, 'invalid'],
        [gil, { type: 'say', text: 'hi', extra: true }, 'invalid'],
        [gil, { type: 'vote', proposal: 'p1', vote: 'yes' }, 'wrong_phase'],
        [gil, { type: 'share', card: 'load_test', with: 'team' }, 'not_found'],
        [gil, { type: 'start' }, 'conflict'],
        [fay, { type: 'cover_seat', role: 'pm', persona: 'collaborative' }, 'too_early'],
        [fay, { type: 'cover_seat', role: 'pm', persona: 'grumpy' }, 'invalid'],
        [fay, { type: 'extend', seconds: 5 }, 'invalid'],
        [fay, { type: 'resume' }, 'conflict'],
      ];
      for (const [who, command, code] of bad) {
        const r = await service.command(who, command);
        refused(r, code);
      }
      assert.equal((await service.snapshot(gil)).version, before, 'no refused command moved the version');
      assert.equal((await store.events(q.questId)).length, eventsBefore, 'no refused command reached the log');

      assert.deepEqual((await service.snapshot(gil)).view?.seat, { role: 'pm' });
      assert.deepEqual((await service.snapshot(fay)).view?.seat, { facilitator: true });
      assert.deepEqual((await service.snapshot(sol)).view?.seat, { spectator: true });
      assert.equal((await service.snapshot(sol)).view?.me, null);

      // A card shown privately reaches the spectator only as "someone showed someone a card".
      const shown = await service.command(gil, { type: 'share', card: 'halcyon_contract', with: 'eng' });
      assert.ok(shown.ok, JSON.stringify(shown));
      const [bySpectator] = await service.events(sol, shown.version - 1, 10);
      const [byEng] = await service.events(q.host, shown.version - 1, 10);
      assert.equal(bySpectator?.event.type, 'card_shared_privately');
      assert.equal(byEng?.event.type, 'card_shared');
      const fromChange = service.seatEvents(
        sol,
        (await store.events(q.questId, shown.version - 1)).map((e) => ({ seq: e.seq, event: e.event })),
      );
      assert.deepEqual(fromChange, [bySpectator]);

      const said = await service.command(gil, { type: 'say', text: 'We need to ship this by the end of the sprint.' });
      assert.ok(said.ok);
      assert.equal(said.version, before + 2);
      const paused = await service.command(fay, { type: 'pause' });
      assert.ok(paused.ok);
      assert.equal((await service.lobby(q.questId))?.status, 'paused');
      assert.ok((await service.command(fay, { type: 'resume' })).ok);
      const [last] = await service.events(gil, said.version - 1, 1);
      assert.equal(last?.seq, said.version);
      assert.equal(last?.event.type, 'message_sent');
      const stored = (await store.events(q.questId, said.version - 1, 1))[0];
      assert.equal(stored?.actor, gil.id);
      assert.equal(stored?.seat, 'pm');
      assert.equal(stored?.event.at, clock.now);
    });

    test('lobbies sent earlier stay as they were; a new one shows every change and shares what did not change', async () => {
      const q = await questWith(service, ['Gil', 'Fay']);
      const [gil, fay] = q.guests as [typeof q.host, typeof q.host];
      const first = await service.lobby(q.questId);
      assert.ok(first);
      const sent = structuredClone(first);
      // Nothing changed: the same lobby (Socket.IO keeps each one it sends for connection state recovery).
      assert.equal(await service.lobby(q.questId), first);

      assert.ok((await service.takeSeat(gil, 'pm')).ok);
      await service.setConnected(fay, true);
      const second = await service.lobby(q.questId);
      assert.ok(second);
      assert.deepEqual(first, sent, 'a lobby already handed out is never changed');
      const byName = (lobby: typeof second) => new Map(lobby.players.map((p) => [p.name, p]));
      assert.deepEqual([...byName(second)].map(([name, p]) => [name, p.seat, p.connected]).sort(), [
        ['Fay', null, true],
        ['Gil', 'pm', false],
        ['Hana Host', null, false],
      ]);
      assert.deepEqual(
        second.seats.map((s) => s.occupant && 'name' in s.occupant && s.occupant.name),
        ['Gil', null, null, null],
      );
      assert.equal(byName(second).get('Hana Host'), byName(first).get('Hana Host'), 'the host did not change');
      assert.equal(second.seats[1], first.seats[1], 'the eng seat did not change');

      await service.setConnected(fay, false);
      const third = await service.lobby(q.questId);
      assert.ok(third);
      assert.equal(byName(third).get('Fay')?.connected, false);
      assert.deepEqual(byName(second).get('Fay'), { id: fay.id, name: 'Fay', seat: null, connected: true, host: false });
    });

    test('the host facilitates when nobody else does', async () => {
      const q = await questWith(service, ['Gil']);
      const [gil] = q.guests as [typeof q.host];
      assert.ok((await service.takeSeat(gil, 'pm')).ok);
      assert.ok((await service.fillBots(q.host, 'quiet')).ok);
      assert.ok((await service.start(q.host)).ok);
      refused(await service.command(q.host, { type: 'say', text: 'I have no role' }), 'not_allowed');
      assert.ok((await service.command(q.host, { type: 'extend', seconds: 60 })).ok);
      const end = await service.command(q.host, { type: 'end', reason: 'out of time' });
      assert.ok(end.ok);
      refused(await service.command(gil, { type: 'say', text: 'after the end' }), 'finished');
      const debrief = await service.debrief(gil);
      assert.ok(debrief.ok);
      assert.equal(debrief.debrief.view.status, 'finished');
      assert.match(debrief.debrief.timeline.at(-1)?.text ?? '', /ended the quest early/);
    });

    test('the debrief waits for the end', async () => {
      const q = await questWith(service, []);
      refused(await service.debrief(q.host), 'wrong_phase');
    });
  });
}
