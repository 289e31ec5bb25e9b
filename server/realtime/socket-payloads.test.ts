import assert from 'node:assert/strict';
import { test } from 'node:test';
import { botsPayload, commandPayload, handshakeAuth, seatPayload } from './socket-payloads.ts';

function problem(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string {
  assert.equal(r.success, false);
  const i = r.error?.issues[0];
  return `${i?.path.map(String).join('.')}: ${i?.message}`;
}

test('player and facilitator commands pass without at', () => {
  for (const command of [
    { type: 'say', text: 'Can we ship on Friday?' },
    { type: 'vote', proposal: 'p1', vote: 'yes' },
    { type: 'share', card: 'load_test', with: 'team' },
    { type: 'ready' },
    { type: 'pause' },
    { type: 'extend', seconds: 60 },
  ]) {
    assert.equal(commandPayload.safeParse({ command }).success, true, JSON.stringify(command));
  }
});

test('a command carrying at is refused: the server stamps time', () => {
  assert.equal(
    problem(commandPayload.safeParse({ command: { type: 'say', text: 'hi', at: 5 } })),
    'command.at: do not send at: the server stamps the time',
  );
});

test('bad commands name the field at fault', () => {
  assert.match(problem(commandPayload.safeParse({ command: { type: 'say', text: '' } })), /^command\.text: must not be empty/);
  assert.match(problem(commandPayload.safeParse({ command: { type: 'extend', seconds: 5 } })), /^command\.seconds:/);
  assert.match(problem(commandPayload.safeParse({ command: { type: 'say', text: 'x', extra: 1 } })), /extra/);
  assert.match(problem(commandPayload.safeParse({ command: { type: 'launch' } })), /^command\.type:/);
  assert.match(problem(commandPayload.safeParse({ command: [] })), /^command: command must be an object/);
  assert.match(problem(commandPayload.safeParse({ command: 'say hi' })), /^command:/);
  assert.match(problem(commandPayload.safeParse({})), /^command:/);
  assert.match(problem(commandPayload.safeParse({ command: { type: 'ready' }, more: 1 })), /more/);
});

test('lobby payloads accept only their documented values', () => {
  assert.equal(seatPayload.safeParse({ seat: 'pm' }).success, true);
  assert.equal(seatPayload.safeParse({ seat: 'spectator' }).success, true);
  assert.equal(seatPayload.safeParse({ seat: 'facilitator' }).success, true);
  assert.match(problem(seatPayload.safeParse({ seat: 'PM!' })), /^seat:/);
  assert.match(problem(seatPayload.safeParse({ seat: 'pm', x: 1 })), /x/);
  assert.equal(botsPayload.safeParse({ persona: 'quiet' }).success, true);
  assert.match(problem(botsPayload.safeParse({ persona: 'angry' })), /^persona:/);
});

test('the handshake needs a token and a quest id', () => {
  assert.equal(handshakeAuth.safeParse({ token: 'a'.repeat(43), questId: '0b6f3a56-3f0e-4c55-9c5c-0d3f1b1a2b3c' }).success, true);
  // Without a token the session cookie may identify the player; the handshake decides that, not the shape.
  assert.equal(handshakeAuth.safeParse({ questId: 'q' }).success, true);
  assert.match(problem(handshakeAuth.safeParse({ token: 42, questId: 'q' })), /^token: auth\.token must be text/);
  assert.match(problem(handshakeAuth.safeParse({ token: 'short', questId: 'q' })), /^token:/);
  assert.match(problem(handshakeAuth.safeParse({ token: 'a'.repeat(43), questId: 'x'.repeat(65) })), /^questId:/);
});
