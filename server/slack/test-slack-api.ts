// A local stand-in for Slack's Web API (clients reach it through slackApiUrl): it records every call with its token
// and arguments, answers like Slack does for the methods Polarity uses, and can be told to fail the next call of a
// method (a 429 with Retry-After, or a Slack error). Tests read `calls` to see what Polarity sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
  /** The stub's own clock when the call arrived (the test's virtual time, when it passes one). */
  at: number;
}

type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

export interface SlackApiStub {
  url: string;
  calls: RecordedCall[];
  of(method: string): RecordedCall[];
  /** The next call of `method` gets this answer instead of the usual one. */
  failNext(method: string, answer: Answer): void;
  /** What apps.connections.open hands out (Socket Mode). */
  socketUrl: string | null;
  /** What oauth.v2.access answers for an install code. */
  installAnswer: Record<string, unknown>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client sends objects (blocks, view) as JSON in form fields.
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export const WORKSPACE_INSTALL = {
  ok: true,
  app_id: 'A0POLARITY',
  authed_user: { id: 'UADMIN', scope: '', access_token: undefined },
  scope: 'commands,chat:write,im:write,users:read,channels:read,groups:read',
  token_type: 'bot',
  access_token: 'xoxb-installed-1',
  bot_user_id: 'UBOT',
  team: { id: 'T0TEAM', name: 'Acme' },
  enterprise: null,
  is_enterprise_install: false,
};

export async function startSlackApiStub(clock: () => number = Date.now): Promise<SlackApiStub> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, Answer[]>();
  let rotations = 0;
  let ts = 1000;
  const stub: SlackApiStub = {
    url: '',
    calls,
    of: (method) => calls.filter((c) => c.method === method),
    failNext(method, answer) {
      failures.set(method, [...(failures.get(method) ?? []), answer]);
    },
    socketUrl: null,
    installAnswer: WORKSPACE_INSTALL,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function usual(method: string, args: Record<string, unknown>): Answer {
    switch (method) {
      case 'oauth.v2.access':
        if (args.grant_type === 'refresh_token') {
          rotations += 1;
          return {
            body: {
              ok: true,
              access_token: `xoxb-rotated-${rotations}`,
              refresh_token: `xoxe-refresh-${rotations + 1}`,
              expires_in: 43_200,
              token_type: 'bot',
            },
          };
        }
        return args.code === 'good-code' ? { body: stub.installAnswer } : { body: { ok: false, error: 'invalid_code' } };
      case 'chat.postMessage':
        ts += 1;
        return { body: { ok: true, channel: args.channel, ts: `${ts}.000100` } };
      case 'apps.connections.open':
        return { body: stub.socketUrl ? { ok: true, url: stub.socketUrl } : { ok: false, error: 'no_socket' } };
      case 'auth.test':
        return { body: { ok: true, team_id: 'T0TEAM', user_id: 'UBOT', bot_id: 'B0BOT' } };
      case 'conversations.info':
        return { body: { ok: true, channel: { id: args.channel, name: 'announcements' } } };
      default:
        return { body: { ok: true } };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = (req.url ?? '').replace(/^\/+/, '').split('?')[0] ?? '';
      const args = parseArgs(await readBody(req), req.headers['content-type']);
      const auth = req.headers.authorization;
      calls.push({ method, token: auth?.startsWith('Bearer ') ? auth.slice(7) : null, args, at: clock() });
      const queued = failures.get(method);
      const answer = queued?.shift() ?? usual(method, args);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return stub;
}
