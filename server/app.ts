// Builds the web server: the HTTP API and the built web client on Fastify, and Socket.IO on the same HTTP server.
// Everything it needs is passed in (the QuestService, limits, a logger), so tests and benchmarks build the same
// app the product runs, in-process, against any store.
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { apiRoutes, DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/api-routes.ts';
import { answerError } from './http/errors.ts';
import { webClient } from './http/web-client.ts';
import type { QuestService } from './quests/quest-service.ts';
import { attachQuestSockets, type QuestSockets, type RealtimeLimits } from './realtime/quest-sockets.ts';

export const BODY_LIMIT_BYTES = 16 * 1024;
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface AppOptions {
  service: QuestService;
  /** A pino logger; omitted means silent (tests). */
  logger?: FastifyBaseLogger;
  webDist?: string;
  httpLimits?: Partial<HttpLimits>;
  realtimeLimits?: Partial<RealtimeLimits>;
}

export interface App {
  http: FastifyInstance;
  sockets: QuestSockets;
  /** Closes sockets, then the HTTP server. The QuestService belongs to the caller and stays open. */
  close(): Promise<void>;
}

export async function buildApp(opts: AppOptions): Promise<App> {
  const http = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Nothing runs behind a proxy by default, so the client address is the socket's.
    trustProxy: false,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  http.setErrorHandler(answerError);

  const sockets = attachQuestSockets(http.server, opts.service, {
    logger: http.log,
    ...(opts.realtimeLimits ? { limits: opts.realtimeLimits } : {}),
  });
  http.addHook('preClose', async () => {
    await sockets.close();
  });

  await http.register(apiRoutes(opts.service, { ...DEFAULT_HTTP_LIMITS, ...opts.httpLimits }), { prefix: '/api' });
  await webClient(http, opts.webDist ?? DEFAULT_WEB_DIST);
  await http.ready();

  return {
    http,
    sockets,
    close: () => http.close(),
  };
}
