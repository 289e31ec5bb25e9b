// Everything Polarity sends to Slack goes through here. Slack allows about one message per second per channel, so
// each channel has its own queue and a message waits until a second has passed since the last one there; other
// channels are not held up. A 429 answer is retried after its Retry-After. Time comes from a Scheduler, so tests move
// a virtual clock instead of waiting.
import type { WebClient } from '@slack/web-api';
import { checked, type MessagePayload, messagePayload } from './block-kit.ts';

/** How many channels are remembered before idle ones are swept. */
const IDLE_SWEEP_AT = 500;

export interface Scheduler {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_TIME: Scheduler = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SenderLogger {
  warn(obj: object, msg: string): void;
}

export interface ChannelQueueOptions {
  scheduler?: Scheduler;
  /** The gap between two messages to one channel. */
  gapMs?: number;
  /** How many 429 answers one call sits out before giving up. */
  maxRateLimitRetries?: number;
  logger?: SenderLogger;
}

interface RateLimited {
  code: 'slack_webapi_rate_limited_error';
  retryAfter: number;
}

function rateLimited(e: unknown): RateLimited | null {
  const err = e as Partial<RateLimited> | null;
  return err && err.code === 'slack_webapi_rate_limited_error' && typeof err.retryAfter === 'number'
    ? (err as RateLimited)
    : null;
}

export class ChannelQueue {
  private readonly scheduler: Scheduler;
  private readonly gapMs: number;
  private readonly maxRetries: number;
  /** Per channel: the tail of its queue and when its last message went out. */
  private readonly channels = new Map<string, { tail: Promise<unknown>; lastSentAt: number; pending: number }>();

  constructor(private readonly opts: ChannelQueueOptions = {}) {
    this.scheduler = opts.scheduler ?? REAL_TIME;
    this.gapMs = opts.gapMs ?? 1000;
    this.maxRetries = opts.maxRateLimitRetries ?? 5;
  }

  /**
   * Posts a message (checked against Block Kit first) to a channel or, with a user id as the channel, to the app's DM
   * with that person. `workspace` keeps channels of different workspaces apart.
   */
  post(client: WebClient, workspace: string, channel: string, message: MessagePayload): Promise<{ ts: string | undefined }> {
    checked(messagePayload, message, `the message to ${channel}`);
    return this.inChannel(`${workspace}/${channel}`, async () => {
      const r = await client.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      } as never);
      return { ts: r.ts };
    });
  }

  /** An ephemeral message, seen only by `user` in `channel`. */
  postEphemeral(client: WebClient, workspace: string, channel: string, user: string, message: MessagePayload): Promise<void> {
    checked(messagePayload, message, `the ephemeral message to ${user}`);
    return this.inChannel(`${workspace}/${channel}`, async () => {
      await client.chat.postEphemeral({
        channel,
        user,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      } as never);
    });
  }

  /** Any other Web API call (views.publish, views.open): not channel-limited, but 429s are still sat out. */
  call<T>(fn: () => Promise<T>): Promise<T> {
    return this.withRetries(fn);
  }

  private inChannel<T>(key: string, send: () => Promise<T>): Promise<T> {
    this.forgetIdle();
    const slot = this.channels.get(key) ?? { tail: Promise.resolve(), lastSentAt: Number.NEGATIVE_INFINITY, pending: 0 };
    this.channels.set(key, slot);
    slot.pending += 1;
    const run = slot.tail.then(async () => {
      const wait = slot.lastSentAt + this.gapMs - this.scheduler.now();
      if (wait > 0) await this.scheduler.sleep(wait);
      try {
        return await this.withRetries(send);
      } finally {
        slot.lastSentAt = this.scheduler.now();
        slot.pending -= 1;
      }
    });
    // The next message waits for this one however it ends; a failure is the caller's, not the queue's.
    slot.tail = run.catch(() => undefined);
    return run;
  }

  /** Channels with nothing queued whose gap has passed are forgotten, so the map does not grow with every DM. */
  private forgetIdle(): void {
    if (this.channels.size < IDLE_SWEEP_AT) return;
    const now = this.scheduler.now();
    for (const [key, slot] of this.channels) {
      if (slot.pending === 0 && slot.lastSentAt + this.gapMs <= now) this.channels.delete(key);
    }
  }

  private async withRetries<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const limited = rateLimited(e);
        if (!limited || attempt >= this.maxRetries) throw e;
        this.opts.logger?.warn({ retryAfter: limited.retryAfter }, 'Slack rate-limited a call; waiting as it asked');
        await this.scheduler.sleep(Math.max(1, limited.retryAfter) * 1000);
      }
    }
  }
}
