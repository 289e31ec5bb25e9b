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
import { ledgerPersonalData } from './ledger/ledger-personal-data.ts';
import { ledgerPlugin } from './ledger/ledger-plugin.ts';
import { practiceQuestHost } from './ledger/practice-quest-host.ts';
import { accessOf, enforcePolicy } from './policy/enforce-policy.ts';
import { answerRefusal, Refusal } from './policy/refusal.ts';
import { PRODUCT_ROUTE_POLICY } from './policy/route-policy.ts';
import type { PolicyDirectory } from './policy/rules.ts';
import type { QuestService } from './quests/quest-service.ts';
import { attachQuestSockets, type QuestSockets, type RealtimeLimits } from './realtime/quest-sockets.ts';
import type { RealtimeAdapter } from './realtime/redis-adapter.ts';
import type { Slack } from './slack/slack.ts';
import { slackAdminRoutes } from './slack/slack-admin-routes.ts';
import { type TranscriptionRouteOptions, transcriptionRoutes } from './transcription/transcription-routes.ts';

export const BODY_LIMIT_BYTES = 16 * 1024;
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface AppOptions {
  service: QuestService;
  /** A pino logger; omitted means silent (tests). */
  logger?: FastifyBaseLogger;
  webDist?: string;
  httpLimits?: Partial<HttpLimits>;
  realtimeLimits?: Partial<RealtimeLimits>;
  /** Socket.IO's adapter when several processes serve the same quests (server/realtime/redis-adapter.ts). */
  realtimeAdapter?: RealtimeAdapter['adapter'];
  /** Routes outside /api for operators (server/ops: /healthz, /readyz, /metrics), given the app before it is ready. */
  operations?: (http: FastifyInstance, sockets: QuestSockets) => void;
  /** Sign-in, organisations, consent and billing (createAccounts). Without it only quest play is served. */
  accounts?: Accounts;
  /** The ledger's database (the store's); served only with accounts. */
  ledgerDb?: LedgerDatabase;
  /** The coach (createCoach); served only with accounts. */
  coach?: Coach;
  /** Insights (server/insights) without accounts and the quest feed, which come from here; served only with accounts. */
  insights?: Omit<InsightsPluginOptions, 'accounts' | 'quests'>;
  /** The Slack app (server/slack, createSlack): /slack/* and its admin routes; served only with accounts. */
  slack?: Slack;
  /** Server-side transcription for push-to-talk (server/transcription); null or omitted: not available. */
  transcription?: Omit<TranscriptionRouteOptions, 'service'>;
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
    // A signed-in person may come back to their quest with the session cookie instead of the player token.
    ...(opts.accounts ? { signedIn: opts.accounts.authenticateCookieHeader } : {}),
    ...(opts.realtimeLimits ? { limits: opts.realtimeLimits } : {}),
    ...(opts.realtimeAdapter ? { adapter: opts.realtimeAdapter } : {}),
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
      // A person's quests are in their export, and withdrawing takes them out of those quests.
      accounts.registerPersonalData(opts.service.personalData());
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
    await api.register(transcriptionRoutes({ config: null, ...opts.transcription, service: opts.service }), { prefix: '/api' });
    if (opts.ledgerDb && accounts) {
      // A practice quest generated from the backlog starts in the team like any team quest (quest-people.ts).
      const people = questPeople(accounts);
      const practiceQuests = practiceQuestHost(opts.service, (personId, teamId) => people.teamPlace(personId, teamId));
      await api.register(ledgerPlugin, { db: opts.ledgerDb, prefix: '/api', practiceQuests });
    }
    // What a person wrote, signed or owns in the ledger is in their export; deleting the account replaces their name.
    if (accounts && opts.ledgerDb) accounts.registerPersonalData(ledgerPersonalData(opts.ledgerDb));
    if (opts.coach) await api.register(coachPlugin, { coach: opts.coach, currentPerson: (request) => accessOf(request).person });
    if (accounts && opts.insights) insightsRoutes(api, { ...opts.insights, accounts, quests: opts.service });
    if (accounts && opts.slack) slackAdminRoutes(api, opts.slack);
  });
  if (accounts && opts.slack) await opts.slack.mount(http);
  opts.operations?.(http, sockets);
  await webClient(http, opts.webDist ?? DEFAULT_WEB_DIST);
  await http.ready();

  return {
    http,
    sockets,
    close: () => http.close(),
  };
}
