// Slack's HTTP requests (events, slash commands, interactivity) on the product's own Fastify server, as a Bolt
// Receiver: no second HTTP server. Every request must carry Slack's signature over its raw body, made within five
// minutes of now (replays are refused); url_verification is answered here. The request is answered as soon as the
// listener acknowledges it (Slack wants an answer within three seconds) while the work goes on.
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack's payloads (a modal's state) can exceed the API's 16 KiB body limit. */
const SLACK_BODY_LIMIT = 1024 * 1024;

export interface FastifyReceiverOptions {
  signingSecret: string;
  clock?: () => number;
  logger: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

type Parsed = { body: Record<string, unknown> } | { error: string };

function parseBody(raw: string, contentType: string | undefined): Parsed {
  try {
    if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      // Interactivity sends its JSON in a `payload` field; slash commands are the form itself.
      return { body: typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form };
    }
    const body = JSON.parse(raw) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: 'the body must be a JSON object' };
    return { body: body as Record<string, unknown> };
  } catch {
    return { error: 'the body is not valid JSON or form data' };
  }
}

export class FastifyReceiver implements Receiver {
  private app: App | null = null;

  constructor(private readonly opts: FastifyReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** Fastify owns the server: starting and stopping it is the product's business. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Registers the endpoint on the product's server, in its own context (raw bodies, a larger limit). */
  async mount(http: FastifyInstance): Promise<void> {
    await http.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        ['application/json', 'application/x-www-form-urlencoded'],
        { parseAs: 'string', bodyLimit: SLACK_BODY_LIMIT },
        (_request, body, done) => done(null, body),
      );
      scope.post(SLACK_EVENTS_PATH, { bodyLimit: SLACK_BODY_LIMIT }, (request, reply) => this.handle(request, reply));
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const raw = typeof request.body === 'string' ? request.body : '';
    const signature = request.headers['x-slack-signature'];
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    try {
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': typeof signature === 'string' ? signature : '', 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: (this.opts.clock ?? Date.now)(),
      });
    } catch (e) {
      this.opts.logger.warn({ reason: (e as Error).message }, 'a request to /slack/events was refused: bad or stale signature');
      return reply
        .code(401)
        .send({ error: { code: 'unauthorized', message: 'the request is not signed by Slack, or the signature is stale' } });
    }
    const parsed = parseBody(raw, request.headers['content-type']);
    if ('error' in parsed) return reply.code(400).send({ error: { code: 'invalid', message: parsed.error } });
    const { body } = parsed;
    if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
    if (body.ssl_check) return reply.send('');
    if (!this.app) return reply.code(503).send({ error: { code: 'busy', message: 'the Slack app is starting' } });

    const retryNum = Number(request.headers['x-slack-retry-num']);
    const retryReason = request.headers['x-slack-retry-reason'];
    let answered = false;
    let answer!: (status: number, payload: unknown) => void;
    const replied = new Promise<void>((resolve) => {
      answer = (status, payload) => {
        if (answered) return;
        answered = true;
        if (payload === undefined || payload === '') reply.code(status).send('');
        else if (typeof payload === 'string') reply.code(status).type('text/plain').send(payload);
        else reply.code(status).send(payload);
        resolve();
      };
    });
    const event: ReceiverEvent = {
      body,
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(typeof retryReason === 'string' ? { retryReason } : {}),
      ack: async (response?: unknown) => {
        if (answered) throw new Error('this Slack request was already acknowledged');
        answer(200, response);
      },
    };
    void this.app
      .processEvent(event)
      .then(() => answer(200, ''))
      .catch((e: unknown) => {
        this.opts.logger.error({ err: e }, 'a Slack request failed');
        answer(500, { error: { code: 'internal', message: 'the request could not be handled' } });
      });
    await replied;
    return reply;
  }
}
