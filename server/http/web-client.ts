// Serves the built web client (web/dist). Client-side routes such as an invite link fall back to index.html;
// an unknown /api path stays a JSON 404. Without a build, every page says how to make one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerError, HttpError } from './errors.ts';

const NO_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Polarity: web client not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; line-height: 1.5">
<h1>Polarity is running</h1>
<p>The web client has not been built yet. Run <code>npm run build:web</code> (or simply <code>npm start</code>,
which builds it when missing), then reload this page.</p>
<p>The API is up: <a href="/api/health">/api/health</a>.</p>
</body></html>
`;

// The invite code travels in the URL, so pages never leak it to other sites through the Referer header.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-cache');
}

function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] as string;
  return (request.method === 'GET' || request.method === 'HEAD') && path !== '/api' && !path.startsWith('/api/');
}

export function hasWebBuild(dist: string): boolean {
  return existsSync(join(dist, 'index.html'));
}

export async function webClient(app: FastifyInstance, dist: string): Promise<void> {
  const built = hasWebBuild(dist);
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      index: false,
      setHeaders: (reply, path) => {
        reply.header('x-content-type-options', 'nosniff');
        // Vite names assets by content hash, so they never change under the same URL.
        if (path.startsWith(join(dist, 'assets'))) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (!wantsPage(request)) {
      return answerError(new HttpError(404, 'not_found', `no ${request.method} ${request.url.split('?')[0]}`), request, reply);
    }
    if (!built) return pageHeaders(reply).code(200).type('text/html; charset=utf-8').send(NO_BUILD_PAGE);
    // A missing asset is a real 404; any other path is a client-side route.
    if (/\.[a-z0-9]{1,8}$/i.test(request.url.split('?')[0] as string)) {
      return answerError(new HttpError(404, 'not_found', 'no such file'), request, reply);
    }
    return indexPage(reply);
  });
  // @fastify/static does not serve directories (index: false), so the root page is answered here.
  if (built) app.get('/', (_request, reply) => indexPage(reply));
}

function indexPage(reply: FastifyReply): FastifyReply {
  return pageHeaders(reply).sendFile('index.html', { maxAge: 0, immutable: false, cacheControl: false });
}
