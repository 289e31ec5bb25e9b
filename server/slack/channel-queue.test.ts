// Slack's rate limits, on a virtual clock: one message per second per channel (other channels are not held up), a
// 429 retried after its Retry-After, and nothing sent that is not valid Block Kit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebClient } from '@slack/web-api';
import { ChannelQueue } from './channel-queue.ts';
import { plainMessage } from './slack-messages.ts';
import { VirtualTime } from './test-slack.ts';
import { type SlackApiStub, startSlackApiStub } from './test-slack-api.ts';

describe('the per-channel send queue', () => {
  let stub: SlackApiStub;
  let time: VirtualTime;
  let client: WebClient;

  before(async () => {
    time = new VirtualTime();
    stub = await startSlackApiStub(() => time.now());
    client = new WebClient('xoxb-test', { slackApiUrl: stub.url, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  });
  after(async () => {
    await stub?.close();
  });

  test('two messages to one channel go out at least a second apart; another channel does not wait for them', async () => {
    const queue = new ChannelQueue({ scheduler: time });
    const start = stub.calls.length;
    await Promise.all([
      queue.post(client, 'T1', 'C1', plainMessage('first')),
      queue.post(client, 'T1', 'C1', plainMessage('second')),
      queue.post(client, 'T1', 'C2', plainMessage('elsewhere')),
    ]);
    const sent = stub.calls.slice(start);
    const c1 = sent.filter((c) => c.args.channel === 'C1');
    assert.deepEqual(
      c1.map((c) => c.args.text),
      ['first', 'second'],
    );
    assert.ok((c1[1]?.at ?? 0) - (c1[0]?.at ?? 0) >= 1000, `sent ${(c1[1]?.at ?? 0) - (c1[0]?.at ?? 0)} ms apart`);
    assert.deepEqual(time.sleeps, [1000], 'only the second message to C1 waited');
    // The same channel id in another workspace is another channel.
    time.sleeps.length = 0;
    await queue.post(client, 'T2', 'C1', plainMessage('other workspace'));
    assert.deepEqual(time.sleeps, []);
  });

  test('a 429 is retried after its Retry-After', async () => {
    const queue = new ChannelQueue({ scheduler: time });
    time.sleeps.length = 0;
    stub.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '3' },
      body: { ok: false, error: 'ratelimited' },
    });
    const start = stub.calls.length;
    const r = await queue.post(client, 'T1', 'C9', plainMessage('patient'));
    assert.ok(r.ts);
    const attempts = stub.calls.slice(start);
    assert.equal(attempts.length, 2);
    assert.deepEqual(time.sleeps, [3000]);
    assert.ok((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0) >= 3000);
  });

  test('a call rate-limited over and over is given up, and the channel keeps working', async () => {
    const queue = new ChannelQueue({ scheduler: time, maxRateLimitRetries: 2 });
    for (let i = 0; i < 3; i++) {
      stub.failNext('chat.postMessage', {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { ok: false, error: 'ratelimited' },
      });
    }
    await assert.rejects(queue.post(client, 'T1', 'C8', plainMessage('never')), /rate-limit has been reached/);
    const r = await queue.post(client, 'T1', 'C8', plainMessage('later'));
    assert.ok(r.ts);
  });

  test('a payload that is not valid Block Kit is refused before anything is sent', async () => {
    const queue = new ChannelQueue({ scheduler: time });
    const start = stub.calls.length;
    const tooLong = {
      text: 'x',
      blocks: [{ type: 'header' as const, text: { type: 'plain_text' as const, text: 'h'.repeat(151) } }],
    };
    assert.throws(() => queue.post(client, 'T1', 'C7', tooLong), /blocks\.0\.text\.text/);
    assert.equal(stub.calls.length, start);
  });
});
