import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { api, type Client, client, connected, startTestServer, type TestServer } from '../http/test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

interface Update {
  version: number;
  events: { seq: number; event: { type: string } & Record<string, unknown> }[];
  /** The whole view: sent whole, or put together by the test client from `base` and `changes` (test-server.ts). */
  view: {
    seat: unknown;
    status: string;
    version: number;
    me: { role: string; cards: { id: string; text: string }[] } | null;
  } & Record<string, unknown>;
  base?: number;
  changes?: Record<string, unknown>;
}

/** A phrase from each intel card's text that no template variable interrupts, to spot the card in any payload. */
function cardFingerprints(): Map<string, { owner: string; phrase: string }> {
  const sc = loadCatalog().get('ship-by-friday');
  assert.ok(sc);
  const out = new Map<string, { owner: string; phrase: string }>();
  for (const role of sc.def.roles) {
    for (const card of role.intel) {
      const pieces = card.text.replace(/\s+/g, ' ').split(/\{[^}]*\}/);
      const phrase = pieces.map((p) => p.trim()).sort((a, b) => b.length - a.length)[0] ?? '';
      assert.ok(phrase.length >= 30, `card ${card.id} has a distinctive phrase`);
      out.set(card.id, { owner: role.id, phrase: phrase.slice(0, 60) });
    }
  }
  return out;
}

async function settled(): Promise<void> {
  await server.service.settled();
  await server.app.sockets.settled();
  // Let the last packets cross the loopback.
  await new Promise((r) => setTimeout(r, 100));
}

function lastUpdate(c: Client): Update | undefined {
  return c.received.filter((r) => r.event === 'quest:update').at(-1)?.payload as Update | undefined;
}

describe('the handshake', () => {
  test('a socket without valid auth is refused with a clear connect_error', async () => {
    const q = await api.create(server.url);
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{}, /invalid auth: questId: auth\.questId is required/, 'invalid'],
      [{ questId: q.questId }, /not allowed: send auth\.token, or sign in/, 'unauthorized'],
      [{ token: q.player.token }, /invalid auth: questId/, 'invalid'],
      [{ token: q.player.token, questId: q.questId, extra: 1 }, /invalid auth: unknown field 'extra'/, 'invalid'],
      [{ token: 'A'.repeat(43), questId: q.questId }, /not allowed: this token does not belong/, 'unauthorized'],
      [{ token: q.player.token, questId: q.questId, version: -1 }, /invalid auth: version: auth\.version cannot be/, 'invalid'],
      [{ token: q.player.token, questId: q.questId, version: '3' }, /invalid auth: version: auth\.version must be/, 'invalid'],
    ];
    for (const [auth, message, code] of cases) {
      const c = client(server.url, auth);
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) => c.socket.once('connect_error', resolve));
      assert.match(error.message, message);
      assert.equal(error.data?.code, code);
      c.close();
    }
  });
});

describe('a quest played over sockets', () => {
  test('lobby, bots, start and play; every seat sees only what it may', async () => {
    const host = await api.create(server.url, 'Host', 'ship-by-friday', 11);
    const pmJ = await api.join(server.url, host.invite, 'Pat');
    const engJ = await api.join(server.url, host.invite, 'Eli');
    const specJ = await api.join(server.url, host.invite, 'Sol');
    const auth = (j: { player: { token: string } }) => ({ token: j.player.token, questId: host.questId });
    const [h, pm, eng, spec] = await Promise.all([host, pmJ, engJ, specJ].map((j) => connected(client(server.url, auth(j)))));
    assert.ok(h && pm && eng && spec);
    try {
      await settled();
      const welcome = pm.received.find((r) => r.event === 'lobby')?.payload as { questId: string; status: string } | undefined;
      assert.equal(welcome?.questId, host.questId);
      assert.equal(welcome?.status, 'lobby');

      assert.deepEqual(await pm.send('lobby:seat', { seat: 'pm' }), { ok: true, version: 0 });
      const taken = await eng.send('lobby:seat', { seat: 'pm' });
      assert.equal(taken.ok, false);
      assert.equal(taken.error?.code, 'conflict');
      assert.match(taken.error?.message ?? '', /Pat already holds the pm role/);
      assert.equal((await eng.send('lobby:seat', { seat: 'eng' })).ok, true);
      assert.equal((await spec.send('lobby:seat', { seat: 'spectator' })).ok, true);
      assert.equal((await h.send('lobby:seat', { seat: 'facilitator' })).ok, true);
      const bad = await h.send('lobby:seat', { seat: 'ceo' });
      assert.equal(bad.error?.code, 'not_found');

      assert.equal((await eng.send('lobby:bots', { persona: 'quiet' })).error?.code, 'not_allowed');
      const early = await h.send('lobby:start', {});
      assert.equal(early.error?.code, 'conflict');
      assert.match(early.error?.message ?? '', /empty: cs, design/);
      assert.equal((await h.send('lobby:bots', { persona: 'collaborative' })).ok, true);
      assert.equal((await h.send('lobby:clear', { role: 'design' })).ok, true);
      assert.equal((await h.send('lobby:clear', { role: 'design' })).error?.code, 'conflict');
      assert.equal((await h.send('lobby:clear', { role: 'pm' })).error?.code, 'conflict');
      assert.equal((await h.send('lobby:bots', { persona: 'quiet' })).ok, true);
      await settled();
      const lobby = pm.received.filter((r) => r.event === 'lobby').at(-1)?.payload as {
        seats: { role: string; occupant: unknown }[];
      };
      assert.deepEqual(
        lobby.seats.map((s) => [s.role, s.occupant && ('bot' in (s.occupant as object) ? 'bot' : 'person')]),
        [
          ['pm', 'person'],
          ['eng', 'person'],
          ['cs', 'bot'],
          ['design', 'bot'],
        ],
      );

      assert.equal((await pm.send('lobby:start', {})).error?.code, 'not_allowed');
      const started = await Promise.all([
        pm.next<Update>('quest:update'),
        eng.next<Update>('quest:update'),
        spec.next<Update>('quest:update'),
        h.next<Update>('quest:update'),
        h.send('lobby:start'),
      ]);
      assert.equal(started[4].ok, true);
      assert.deepEqual(started[0].view.seat, { role: 'pm' });
      assert.deepEqual(started[1].view.seat, { role: 'eng' });
      assert.deepEqual(started[2].view.seat, { spectator: true });
      assert.deepEqual(started[3].view.seat, { facilitator: true });
      assert.equal(started[0].events[0]?.event.type, 'quest_started');
      assert.equal((await h.send('lobby:seat', { seat: 'cs' })).error?.code, 'wrong_phase');

      const talk = [pm, eng, spec, h].map((c) =>
        c.next<Update>('quest:update', (u) => u.events.some((e) => e.event.type === 'message_sent')),
      );
      const said = await pm.send('quest:command', { command: { type: 'say', text: 'Friday is promised to Halcyon.' } });
      assert.equal(said.ok, true);
      assert.equal(typeof said.version, 'number');
      // After the first update a socket gets only what changed in its view: for talk, the version and the clock.
      for (const u of await Promise.all(talk)) {
        assert.equal(u.base, (said.version as number) - 1);
        assert.deepEqual(Object.keys(u.changes ?? { view: 'whole' }).sort(), ['clock', 'version']);
        assert.equal(u.view.version, said.version);
      }
      assert.equal(
        (await pm.send('quest:command', { command: { type: 'share', card: 'halcyon_contract', with: 'eng' } })).ok,
        true,
      );
      assert.equal((await eng.send('quest:command', { command: { type: 'share', card: 'load_test', with: 'team' } })).ok, true);
      assert.equal(
        (await eng.send('quest:command', { command: { type: 'name_need', need: 'predictability', of: 'pm' } })).ok,
        true,
      );

      const stamped = await pm.send('quest:command', { command: { type: 'say', text: 'hi', at: 1 } });
      assert.deepEqual(stamped.error, { code: 'invalid', message: 'command.at: do not send at: the server stamps the time' });
      assert.equal(
        (await pm.send('quest:command', { command: { type: 'share', card: 'monday_rush', with: 'team' } })).error?.code,
        'not_found',
      );
      assert.equal((await spec.send('quest:command', { command: { type: 'say', text: 'hello' } })).error?.code, 'not_allowed');
      assert.equal((await h.send('quest:command', { command: { type: 'say', text: 'hello' } })).error?.code, 'not_allowed');
      assert.equal((await pm.send('quest:command', { command: { type: 'pause' } })).error?.code, 'not_allowed');
      assert.equal((await h.send('quest:command', { command: { type: 'pause' } })).ok, true);
      const resumed = await h.send('quest:command', { command: { type: 'resume' } });
      assert.equal(resumed.ok, true);
      await settled();

      // Every socket holds the latest version, and its events arrived without a gap.
      const version = (await server.service.snapshot((await server.service.authenticate(host.questId, host.player.token))!))
        .version;
      assert.equal(resumed.version, version);
      for (const c of [h, pm, eng, spec]) {
        const updates = c.received.filter((r) => r.event === 'quest:update').map((r) => r.payload as Update);
        assert.equal(updates.at(-1)?.version, version);
        const seqs = updates.flatMap((u) => u.events.map((e) => e.seq));
        assert.deepEqual(
          [...new Set(seqs)].sort((a, b) => a - b),
          Array.from({ length: version }, (_, i) => i + 1),
        );
      }

      // Secrecy: the private share reached pm and eng in full, everyone else as "a card was shown".
      const fingerprints = cardFingerprints();
      const mayRead: Record<string, string[]> = {
        pm: ['halcyon_contract', 'q3_roadmap', 'load_test'],
        eng: ['load_test', 'queue_cost', 'halcyon_contract'],
        spectator: ['load_test'],
        facilitator: ['load_test'],
      };
      const seats: [Client, string][] = [
        [pm, 'pm'],
        [eng, 'eng'],
        [spec, 'spectator'],
        [h, 'facilitator'],
      ];
      for (const [c, seat] of seats) {
        const everything = JSON.stringify(c.received);
        for (const [card, { phrase }] of fingerprints) {
          const allowed = mayRead[seat]?.includes(card) ?? false;
          assert.equal(everything.includes(phrase), allowed, `${seat} ${allowed ? 'reads' : 'must not read'} ${card}`);
        }
      }
      // The event itself: which card was shown reaches only the two roles involved.
      const eventsOf = (c: Client) =>
        c.received.filter((r) => r.event === 'quest:update').flatMap((r) => (r.payload as Update).events);
      for (const [c, seat] of seats) {
        const events = eventsOf(c);
        const full = events.some((e) => e.event.type === 'card_shared' && e.event.card === 'halcyon_contract');
        const masked = events.some(
          (e) => e.event.type === 'card_shared_privately' && e.event.by === 'pm' && e.event.with === 'eng',
        );
        const involved = seat === 'pm' || seat === 'eng';
        assert.deepEqual({ full, masked }, { full: involved, masked: !involved }, `${seat} sees the private share as it may`);
      }
      const specEvents = eventsOf(spec);
      assert.ok(specEvents.some((e) => e.event.type === 'need_named'));
      assert.ok(!JSON.stringify(spec.received).includes('"rng"'), 'the random state never leaves the server');

      const sync = await spec.send('quest:sync', {});
      assert.equal(sync.ok, true);
      assert.equal(sync.version, version);
      assert.deepEqual((sync.view as Update['view']).seat, { spectator: true });
      assert.equal((sync.lobby as { questId: string }).questId, host.questId);
    } finally {
      for (const c of [h, pm, eng, spec]) c.close();
    }
  });

  test('presence follows sockets in the lobby, and a second tab does not mark a player gone', async () => {
    const host = await api.create(server.url, 'Host');
    const guest = await api.join(server.url, host.invite, 'Guest');
    const h = await connected(client(server.url, { token: host.player.token, questId: host.questId }));
    const tab1 = await connected(client(server.url, { token: guest.player.token, questId: host.questId }));
    const tab2 = await connected(client(server.url, { token: guest.player.token, questId: host.questId }));
    try {
      await settled();
      const connectedOf = () => {
        const p = h.received.filter((r) => r.event === 'lobby').at(-1)?.payload as {
          players: { id: string; connected: boolean }[];
        };
        return p?.players.find((x) => x.id === guest.player.id)?.connected;
      };
      assert.equal(connectedOf(), true);
      tab1.close();
      await settled();
      assert.equal(connectedOf(), true, 'one tab is still open');
      tab2.close();
      await settled();
      assert.equal(connectedOf(), false);
      const lobby = await server.service.lobby(host.questId);
      assert.equal(lobby?.players.find((p) => p.id === guest.player.id)?.connected, false);
    } finally {
      h.close();
      tab1.close();
      tab2.close();
    }
  });
});

describe('reconnecting', () => {
  async function runningQuest() {
    const host = await api.create(server.url, 'Facilitator');
    const p = await api.join(server.url, host.invite, 'Player');
    const hp = (await server.service.authenticate(host.questId, host.player.token))!;
    const pp = (await server.service.authenticate(host.questId, p.player.token))!;
    assert.equal((await server.service.takeSeat(hp, 'facilitator')).ok, true);
    assert.equal((await server.service.takeSeat(pp, 'pm')).ok, true);
    assert.equal((await server.service.fillBots(hp, 'quiet')).ok, true);
    assert.equal((await server.service.start(hp)).ok, true);
    return { host, p, hp };
  }

  test('a client that comes back without recovery gets the current view and quest:sync agrees', async () => {
    const { host, p, hp } = await runningQuest();
    const first = await connected(client(server.url, { token: p.player.token, questId: host.questId }));
    await settled();
    const before = lastUpdate(first);
    assert.ok(before);
    first.close();
    await settled();
    assert.equal((await server.service.command(hp, { type: 'pause' })).ok, true);
    const again = client(server.url, { token: p.player.token, questId: host.questId });
    const welcome = again.next<Update>('quest:update');
    await connected(again);
    try {
      const current = (await server.service.snapshot(hp)).version;
      const view = await welcome;
      assert.equal(view.version, current);
      assert.ok(view.version > before.version);
      assert.equal(view.view.status, 'paused');
      const sync = await again.send('quest:sync');
      assert.equal(sync.ok, true);
      assert.equal(sync.version, current);
      assert.equal((sync.view as Update['view']).status, 'paused');
      assert.deepEqual((sync.view as Update['view']).seat, { role: 'pm' });
    } finally {
      again.close();
    }
  });

  test('a dropped connection recovers its session and the updates it missed', async () => {
    const { host, p, hp } = await runningQuest();
    const c = await connected(
      client(server.url, { token: p.player.token, questId: host.questId }, { reconnection: true, reconnectionDelay: 300 }),
    );
    try {
      await settled();
      const id = c.socket.id;
      // Drop the transport as a network failure would: the client reconnects by itself.
      (c.socket.io as unknown as { engine: { close(): void } }).engine.close();
      await new Promise((r) => setTimeout(r, 50));
      const paused = await server.service.command(hp, { type: 'pause' });
      assert.equal(paused.ok, true);
      await new Promise<void>((resolve) => c.socket.once('connect', () => resolve()));
      assert.equal(c.socket.recovered, true);
      assert.equal(c.socket.id, id);
      await settled();
      const last = lastUpdate(c);
      assert.equal(last?.version, paused.ok ? paused.version : -1);
      assert.ok(last?.events.some((e) => e.event.type === 'quest_paused') || last?.view.status === 'paused');
      assert.ok(
        c.received.some(
          (r) => r.event === 'quest:update' && (r.payload as Update).events.some((e) => e.event.type === 'quest_paused'),
        ),
        'the missed update was replayed',
      );
    } finally {
      c.close();
    }
  });

  /** Host commands that each commit at least one event: pause, resume, extend, pause, resume. */
  async function playWhileAway(hp: Awaited<ReturnType<typeof runningQuest>>['hp']): Promise<number> {
    const commands = [
      { type: 'pause' },
      { type: 'resume' },
      { type: 'extend', seconds: 60 },
      { type: 'pause' },
      { type: 'resume' },
    ];
    let version = -1;
    for (const command of commands) {
      const r = await server.service.command(hp, command);
      assert.ok(r.ok, `${command.type} was refused`);
      version = r.version;
    }
    return version;
  }

  /** Every event the seat may read after `after`, by seq, as the store has it. */
  async function seatSeqs(questId: string, token: string, after: number): Promise<number[]> {
    const player = await server.service.authenticate(questId, token);
    assert.ok(player);
    return (await server.service.events(player, after, 1000)).map((e) => e.seq);
  }

  function receivedSeqs(c: Client, after: number): number[] {
    const seqs = c.received
      .filter((r) => r.event === 'quest:update')
      .flatMap((r) => (r.payload as Update).events.map((e) => e.seq))
      .filter((seq) => seq > after);
    return [...new Set(seqs)].sort((a, b) => a - b);
  }

  test('a socket that dropped and recovered gets every update it missed, from the store', async () => {
    const { host, p, hp } = await runningQuest();
    const c = await connected(
      client(server.url, { token: p.player.token, questId: host.questId }, { reconnection: true, reconnectionDelay: 300 }),
    );
    try {
      await settled();
      const had = lastUpdate(c)?.version ?? -1;
      assert.ok(had > 0);
      (c.socket.io as unknown as { engine: { close(): void } }).engine.close();
      await new Promise((r) => setTimeout(r, 50));
      const current = await playWhileAway(hp);
      await new Promise<void>((resolve) => c.socket.once('connect', () => resolve()));
      assert.equal(c.socket.recovered, true);
      await settled();
      assert.equal(lastUpdate(c)?.version, current);
      const missed = await seatSeqs(host.questId, p.player.token, had);
      assert.ok(missed.length >= 5, 'every command committed an event the seat may read');
      assert.deepEqual(receivedSeqs(c, had), missed);
      // The updates came from the store, not from Socket.IO's recovery buffer, which holds no quest update.
      const buffer = (server.app.sockets.io.of('/').adapter as unknown as { packets?: { data: unknown[] }[] }).packets;
      assert.ok(buffer, 'the default adapter keeps a recovery buffer');
      assert.equal(buffer.filter((packet) => packet.data[0] === 'quest:update').length, 0);
    } finally {
      c.close();
    }
  });

  test('a client that comes back without recovery gets every update after the version it says it has', async () => {
    const { host, p, hp } = await runningQuest();
    const auth = { token: p.player.token, questId: host.questId };
    const first = await connected(client(server.url, auth));
    await settled();
    const had = lastUpdate(first)?.version ?? -1;
    assert.ok(had > 0);
    first.close();
    await settled();
    const current = await playWhileAway(hp);
    const again = client(server.url, { ...auth, version: had });
    const told = client(server.url, auth);
    try {
      const [caughtUp, plain] = await Promise.all([again.next<Update>('quest:update'), told.next<Update>('quest:update')]);
      assert.equal(again.socket.recovered, false);
      assert.equal(caughtUp.version, current);
      assert.equal(caughtUp.view.status, 'running');
      const missed = await seatSeqs(host.questId, p.player.token, had);
      assert.ok(missed.length >= 5);
      assert.deepEqual(
        caughtUp.events.map((e) => e.seq),
        missed,
      );
      // Without a version the client gets the current view and pages the feed itself.
      assert.equal(plain.version, current);
      assert.deepEqual(plain.events, []);
    } finally {
      again.close();
      told.close();
    }
  });
});
