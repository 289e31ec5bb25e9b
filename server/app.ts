// Builds the web server: the HTTP API and the built web client on Fastify, and Socket.IO on the same HTTP server.
// Everything it needs is passed in (the QuestService, accounts, the ledger's database, the coach, insights, limits, a
// logger),
// so tests and benchmarks build the same app the product runs, in-process, against any store. Every API route sits
// in one context behind one policy table (PRODUCT_ROUTE_POLICY): a route without an entry is refused.
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Accounts } from './accounts/accounts.ts';
import { accountsRoutes, guardRoutes } from './accounts/accounts-plugin.ts';
import type { Coach } from './coach/coach.ts';
import { coachPlugin } from './coach/coach-plugin.ts';
import { apiRoutes, DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/api-routes.ts';
import { answerError } from './http/errors.ts';
import { questPeople } from './http/quest-people.ts';
import { webClient } from './http/web-client.ts';
import { type InsightsPluginOptions, insightsRoutes } from './insights/insights-plugin.ts';
import type { LedgerDatabase } from './ledger/ledger-database.ts';
import { ledgerPlugin } from './ledger/ledger-plugin.ts';
import { accessOf, enforcePolicy } from './policy/enforce-policy.ts';
import { answerRefusal, Refusal } from './policy/refusal.ts';
import { PRODUCT_ROUTE_POLICY } from './policy/route-policy.ts';
import type { PolicyDirectory } from './policy/rules.ts';
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
  /** Sign-in, organisations, consent and billing (createAccounts). Without it only quest play is served. */
  accounts?: Accounts;
  /** The ledger's database (the store's); served only with accounts. */
  ledgerDb?: LedgerDatabase;
  /** The coach (createCoach); served only with accounts. */
  coach?: Coach;
  /** Insights (server/insights) without accounts and the quest feed, which come from here; served only with accounts. */
  insights?: Omit<InsightsPluginOptions, 'accounts' | 'quests'>;
}

/** Without accounts nobody is signed in and no change needs a cookie's CSRF token, so only anonymous routes pass. */
const NOBODY: PolicyDirectory = {
  authenticate: async () => null,
  orgRole: async () => null,
  teamOrg: async () => null,
  teamRole: async () => null,
  readOnlyReason: async () => null,
};

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

  const { accounts } = opts;
  if (!accounts && (opts.ledgerDb || opts.coach || opts.insights)) {
    throw new Error('the ledger, the coach and insights need accounts to know who asks');
  }
  await http.register(async (api) => {
    if (accounts) {
      await guardRoutes(api, accounts, PRODUCT_ROUTE_POLICY);
      accountsRoutes(api, accounts);
    } else {
      api.setErrorHandler(answerRefusal);
      enforcePolicy(api, {
        table: PRODUCT_ROUTE_POLICY,
        directory: NOBODY,
        csrfProtection: (_request, _reply, done) =>
          done(new Refusal('csrf', 'this server has no sign-in, so no change needs it')),
      });
    }
    const limits = { ...DEFAULT_HTTP_LIMITS, ...opts.httpLimits };
    await api.register(apiRoutes(opts.service, limits, accounts ? questPeople(accounts) : null), { prefix: '/api' });
    if (opts.ledgerDb) await api.register(ledgerPlugin, { db: opts.ledgerDb, prefix: '/api' });
    if (opts.coach) await api.register(coachPlugin, { coach: opts.coach, currentPerson: (request) => accessOf(request).person });
    if (accounts && opts.insights) insightsRoutes(api, { ...opts.insights, accounts, quests: opts.service });
  });
  await webClient(http, opts.webDist ?? DEFAULT_WEB_DIST);
  await http.ready();

  return {
    http,
    sockets,
    close: () => http.close(),
  };
}
