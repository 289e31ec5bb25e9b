// What a hostile or broken client can do over the socket: random and malformed messages, raw garbage packets,
// floods and oversized payloads. None may crash the server or change the quest; each gets a specific answer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { api, client, connected, startTestServer, type TestServer } from '../http/test-server.ts';
import type { Player } from '../quests/quest-service.ts';
import { botsPayload, clearPayload, commandPayload, emptyPayload, seatPayload } from './socket-payloads.ts';

let server: TestServer;
/** The same store and service behind a second app whose socket limit is out of the way, to fuzz validation itself. */
let unlimited: TestServer;
let questId: string;
let host: Player;
let pmToken: string;

before(async () => {
  server = await startTestServer();
  unlimited = await startTestServer({ opened: server.opened, app: { realtimeLimits: { ratePerSecond: 1e6, burst: 1e6 } } });
  const q = await api.create(server.url, 'Host', 'ship-by-friday', 9);
  questId = q.questId;
  host = (await server.service.authenticate(questId, q.player.token))!;
  const pm = await api.join(server.url, q.invite, 'Pat');
  pmToken = pm.player.token;
  const pmPlayer = (await server.service.authenticate(questId, pmToken))!;
  assert.equal((await server.service.takeSeat(pmPlayer, 'pm')).ok, true);
  assert.equal((await server.service.fillBots(host, 'quiet')).ok, true);
  assert.equal((await server.service.start(host)).ok, true);
  // The unlimited app's service must know the quest too: it reads it from the shared store.
  assert.ok(await unlimited.service.authenticate(questId, pmToken));
});
after(async () => {
  await unlimited.close();
  await server.close();
});

async function fingerprint(t: TestServer = server): Promise<string> {
  const snap = await t.service.snapshot(host);
  // Presence is left out: sockets coming and going is exactly what these tests do.
  const seats = snap.lobby.seats.map((s) => [s.role, s.occupant && ('bot' in s.occupant ? s.occupant.bot : s.occupant.playerId)]);
  return JSON.stringify({
    version: snap.version,
    status: snap.lobby.status,
    seats,
    players: snap.lobby.players.map((p) => [p.id, p.seat]),
  });
}

const SCHEMAS = new Map<string, { safeParse(v: unknown): { success: boolean } }>([
  ['lobby:seat', seatPayload],
  ['lobby:bots', botsPayload],
  ['lobby:clear', clearPayload],
  ['lobby:start', emptyPayload],
  ['quest:command', commandPayload],
  ['quest:sync', emptyPayload],
]);
const CODES = new Set([
  'invalid',
  'not_found',
  'not_allowed',
  'conflict',
  'finished',
  'wrong_phase',
  'too_early',
  'rate_limited',
]);

const commandLike = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('say', 'share', 'propose', 'vote', 'ready', 'pause', 'deadline', 'start', 'end', 'cover_seat'),
      fc.string(),
    ),
    text: fc.oneof(fc.string(), fc.jsonValue()),
    card: fc.oneof(fc.constantFrom('load_test', 'halcyon_contract'), fc.jsonValue()),
    with: fc.jsonValue(),
    at: fc.jsonValue(),
    proposal: fc.string(),
    vote: fc.string(),
    seconds: fc.jsonValue(),
  },
  { requiredKeys: ['type'] },
);

const payload = fc.oneof(
  fc.constant(undefined),
  fc.anything({ maxDepth: 3 }),
  fc.jsonValue(),
  fc.record({ seat: fc.jsonValue() }, { requiredKeys: [] }),
  fc.record({ persona: fc.jsonValue(), role: fc.jsonValue() }, { requiredKeys: [] }),
  fc.record({ command: fc.oneof(commandLike, fc.jsonValue(), fc.anything({ maxDepth: 2 })) }),
  fc.record({ command: commandLike, extra: fc.jsonValue() }),
);

const eventName = fc.oneof(fc.constantFrom(...SCHEMAS.keys()), fc.string({ minLength: 1, maxLength: 30 }));

/** True when the message is well formed and could legitimately change the quest, which is not what is fuzzed here. */
function couldWrite(event: string, p: unknown): boolean {
  const schema = SCHEMAS.get(event);
  if (!schema || event === 'quest:sync') return false;
  return schema.safeParse(p === undefined ? {} : p).success;
}

describe('fuzz', () => {
  test('thousands of random messages: a specific refusal each, no crash, no change', async () => {
    const c = await connected(client(unlimited.url, { token: pmToken, questId }));
    try {
      const before = await fingerprint(unlimited);
      let refusals = 0;
      await fc.assert(
        fc.asyncProperty(eventName, payload, fc.boolean(), async (event, p, extraArg) => {
          if (['connect', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'connect_error'].includes(event))
            return;
          if (couldWrite(event, p)) return;
          const args: unknown[] = p === undefined ? [] : [p];
          if (extraArg) args.push('second argument');
          const reply = (await c.socket.timeout(5000).emitWithAck(event, ...args)) as {
            ok: boolean;
            error?: { code: string; message: string };
          };
          if (event === 'quest:sync' && !extraArg && reply.ok) return;
          assert.equal(reply.ok, false, `${event} ${JSON.stringify(p)} was accepted`);
          assert.ok(CODES.has(reply.error?.code ?? ''), `code ${reply.error?.code}`);
          assert.ok((reply.error?.message.length ?? 0) > 0);
          refusals++;
        }),
        { numRuns: 3000 },
      );
      assert.ok(refusals > 2000, `refusals: ${refusals}`);
      assert.ok(c.socket.connected, 'a refused message does not cost the connection');
      assert.equal(await fingerprint(unlimited), before);
    } finally {
      c.close();
    }
  });

  test('raw garbage packets close only the sender, and change nothing', async () => {
    const before = await fingerprint();
    const packets = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom(
        '42',
        '42[',
        '42["quest:command"',
        '42[null]',
        '42[1,2]',
        '42["disconnect"]',
        '4{}',
        '45-["x",{"_placeholder":true,"num":9}]',
        '0',
        '1',
        '9',
      ),
      fc.jsonValue().map((v) => `42${JSON.stringify(v)}`),
      fc.jsonValue().map((v) => `421${JSON.stringify(['quest:command', v])}`),
    );
    const samples = fc.sample(packets, { numRuns: 150, seed: 42 });
    for (const raw of samples) {
      const c = await connected(client(server.url, { token: pmToken, questId }));
      (c.socket.io as unknown as { engine: { send(data: string): void } }).engine.send(raw);
      // A well-formed packet gets its answer; a malformed one closes this connection. Either way the server lives on.
      await new Promise((r) => setTimeout(r, 5));
      c.close();
    }
    await server.service.settled();
    assert.equal(await fingerprint(), before);
    const health = await fetch(`${server.url}/api/health`);
    assert.equal(health.status, 200);
    const again = await connected(client(server.url, { token: pmToken, questId }));
    try {
      assert.equal((await again.socket.timeout(5000).emitWithAck('quest:sync', {})).ok, true);
    } finally {
      again.close();
    }
  });
});

describe('limits', () => {
  test('a flooding socket is rate-limited: refused messages change nothing, accepted ones are all in the log', async () => {
    const c = await connected(client(server.url, { token: pmToken, questId }));
    try {
      const snapBefore = await server.service.snapshot(host);
      const replies = await Promise.all(
        Array.from(
          { length: 120 },
          (_, i) =>
            c.socket.timeout(10_000).emitWithAck('quest:command', { command: { type: 'say', text: `flood ${i}` } }) as Promise<{
              ok: boolean;
              error?: { code: string; message: string };
            }>,
        ),
      );
      const accepted = replies.filter((r) => r.ok).length;
      const limited = replies.filter((r) => r.error?.code === 'rate_limited');
      assert.equal(accepted + limited.length, 120);
      assert.ok(accepted >= 40 && accepted <= 60, `accepted ${accepted}: the burst of 40 plus what refilled`);
      assert.match(limited[0]?.error?.message ?? '', /at most 20 a second/);
      await server.service.settled();
      const events = await server.service.events(host, snapBefore.version, 1000);
      const said = events.filter(
        (e) => e.event.type === 'message_sent' && String((e.event as { text: string }).text).startsWith('flood '),
      );
      assert.equal(said.length, accepted);
      // The bucket refills: after a pause the socket is heard again.
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(((await c.socket.timeout(5000).emitWithAck('quest:sync', {})) as { ok: boolean }).ok, true);
    } finally {
      c.close();
    }
  });

  test('an oversized payload is refused by closing that connection, and changes nothing', async () => {
    const c = await connected(client(server.url, { token: pmToken, questId }));
    try {
      const before = await fingerprint();
      const closed = new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));
      const big = c.socket.timeout(3000).emitWithAck('quest:command', { command: { type: 'say', text: 'x'.repeat(17 * 1024) } });
      await assert.rejects(big);
      assert.equal(await closed, 'transport close');
      await server.service.settled();
      assert.equal(await fingerprint(), before);
      // A text at the engine's own bound is still a normal, specific refusal.
      const again = await connected(client(server.url, { token: pmToken, questId }));
      try {
        const r = (await again.socket
          .timeout(5000)
          .emitWithAck('quest:command', { command: { type: 'say', text: 'y'.repeat(2001) } })) as {
          ok: boolean;
          error?: { code: string; message: string };
        };
        assert.equal(r.ok, false);
        assert.equal(r.error?.code, 'invalid');
        assert.match(r.error?.message ?? '', /command\.text: at most 2000 characters/);
      } finally {
        again.close();
      }
    } finally {
      c.close();
    }
  });

  test('a client that sends without an acknowledgement callback is tolerated', async () => {
    const c = await connected(client(server.url, { token: pmToken, questId }));
    try {
      c.socket.emit('quest:command', { command: { type: 'say', text: 'no ack wanted' } });
      c.socket.emit('quest:command', 'garbage');
      c.socket.emit('no-such-event');
      await new Promise((r) => setTimeout(r, 200));
      await server.service.settled();
      assert.ok(c.socket.connected);
      const events = await server.service.events(host, 0, 1000);
      assert.ok(events.some((e) => e.event.type === 'message_sent' && (e.event as { text: string }).text === 'no ack wanted'));
    } finally {
      c.close();
    }
  });
});
