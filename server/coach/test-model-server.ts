// A local stand-in for an OpenAI-compatible endpoint, for offline tests. The first path segment picks its behaviour:
// http://127.0.0.1:<port>/<mode>/v1/chat/completions. Every request is recorded.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ModelMode = 'ok' | 'error' | 'hang' | 'garbage' | 'no-choices' | 'empty' | 'shaming' | 'thinking';

export const GOOD_ANSWER =
  'Start with what your PM needs: a date the customer can trust. Ask what the customer must have on that day, then bring ' +
  'two options with their risks priced, and let the people who carry the cleanup help choose.';

export interface ModelServer {
  baseUrl(mode: ModelMode): string;
  requests: {
    mode: string;
    headers: IncomingMessage['headers'];
    body: { model: string; messages: { role: string; content: string }[] };
  }[];
  close(): Promise<void>;
}

function reply(mode: string): { status: number; body: string } | null {
  const chat = (content: unknown) =>
    JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content } }] });
  switch (mode) {
    case 'ok':
      return { status: 200, body: chat(GOOD_ANSWER) };
    case 'error':
      return { status: 500, body: '{"error":{"message":"model crashed"}}' };
    case 'hang':
      return null;
    case 'garbage':
      return { status: 200, body: '<html>502 Bad Gateway</html>' };
    case 'no-choices':
      return { status: 200, body: '{"object":"chat.completion","choices":[]}' };
    case 'empty':
      return { status: 200, body: chat('   ') };
    case 'shaming':
      return {
        status: 200,
        body: chat('Honestly, you failed here: you should have pushed back much earlier, which was a poor call on your part.'),
      };
    case 'thinking':
      return { status: 200, body: chat(`<think>The person asks about deadlines.</think>\n${GOOD_ANSWER}`) };
    default:
      return { status: 404, body: '{}' };
  }
}

export async function startModelServer(): Promise<ModelServer> {
  const requests: ModelServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      const mode = (req.url ?? '').split('/')[1] ?? '';
      let body: ModelServer['requests'][number]['body'] = { model: '', messages: [] };
      try {
        body = JSON.parse(raw);
      } catch {
        // Recorded as empty: the test looks at what the coach sent.
      }
      requests.push({ mode, headers: req.headers, body });
      if (!(req.url ?? '').endsWith('/v1/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const r = reply(mode);
      if (!r) return;
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: (mode) => `http://127.0.0.1:${port}/${mode}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
