// Socket Mode for servers Slack cannot reach: apps.connections.open on the Web API stub hands out a local WebSocket
// server, which plays Slack: it says hello, sends envelopes, and expects each to be acknowledged by envelope id.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type WebSocket, WebSocketServer } from 'ws';
import { messagePayload } from './block-kit.ts';
import { eventually, installForOrg, linkedPerson, type SlackHarness, startSlackHarness, TEAM } from './test-slack.ts';

describe('Socket Mode', () => {
  let h: SlackHarness;
  let wss: WebSocketServer;
  let socket: WebSocket | null = null;
  const acks: { envelope_id: string; payload?: Record<string, unknown> }[] = [];

  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => acks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0POLARITY' } }));
    });
    h = await startSlackHarness({ config: { mode: 'socket', appToken: 'xapp-1-test', signingSecret: null } });
    h.stub.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    const place = await installForOrg(h);
    await linkedPerson(h, place);
    await h.slack.start();
    await eventually(() => socket !== null, 'the connection');
  });
  after(async () => {
    await h?.close();
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  });

  test('the connection URL comes from apps.connections.open with the app token', () => {
    const open = h.stub.of('apps.connections.open');
    assert.equal(open.length, 1);
    assert.equal(open[0]?.token, 'xapp-1-test');
  });

  test('a slash command envelope is acknowledged with the reply as its payload', async () => {
    socket?.send(
      JSON.stringify({
        envelope_id: 'env-command-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          team_id: TEAM,
          channel_id: 'C0GENERAL',
          user_id: 'U0PERSON',
          command: '/polarity',
          text: 'help',
          api_app_id: 'A0POLARITY',
          response_url: 'https://hooks.slack.test/commands/2',
          trigger_id: 'trig-socket',
        },
      }),
    );
    await eventually(() => acks.some((a) => a.envelope_id === 'env-command-1'), 'the ack');
    const ack = acks.find((a) => a.envelope_id === 'env-command-1');
    assert.equal(ack?.payload?.response_type, 'ephemeral');
    assert.ok(messagePayload.safeParse({ text: ack?.payload?.text, blocks: ack?.payload?.blocks }).success);
  });

  test('an event envelope is acknowledged and handled, and a retried envelope is not handled again', async () => {
    const envelope = (id: string, retry: number) =>
      JSON.stringify({
        envelope_id: id,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: retry,
        retry_reason: retry ? 'timeout' : '',
        payload: {
          team_id: TEAM,
          api_app_id: 'A0POLARITY',
          type: 'event_callback',
          event_id: 'Ev-socket-home',
          event_time: 1,
          event: { type: 'app_home_opened', user: 'U0PERSON', channel: 'D0DM', tab: 'home' },
          authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        },
      });
    socket?.send(envelope('env-event-1', 0));
    await eventually(() => acks.some((a) => a.envelope_id === 'env-event-1'), 'the ack');
    await eventually(() => h.stub.of('views.publish').length === 1, 'the home view');
    socket?.send(envelope('env-event-2', 1));
    await eventually(() => acks.some((a) => a.envelope_id === 'env-event-2'), 'the retry’s ack');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(h.stub.of('views.publish').length, 1);
  });
});
