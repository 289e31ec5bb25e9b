// Test support for accounts, billing and the policy: a database on either driver with the accounts tables, the
// plugin on a bare Fastify app with a hand-moved clock and captured email and logs, and a browser with a cookie jar
// that sends its CSRF token like the web client does.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import type Stripe from 'stripe';
import { apiRoutes, DEFAULT_HTTP_LIMITS } from '../http/api-routes.ts';
import { questPeople } from '../http/quest-people.ts';
import type { InsightsDatabase } from '../insights/insights-database.ts';
import { insightsRoutes } from '../insights/insights-plugin.ts';
import { INSIGHTS_ROUTE_POLICY } from '../insights/insights-route-policy.ts';
import { privacyConfig } from '../insights/privacy/privacy-config.ts';
import { storeParticipants } from '../insights/store-participants.ts';
import { combinePolicies, QUEST_ROUTE_POLICY, ROUTE_POLICY } from '../policy/route-policy.ts';
import type { QuestService } from '../quests/quest-service.ts';
import { createSlack } from '../slack/slack.ts';
import { slackAdminRoutes } from '../slack/slack-admin-routes.ts';
import type { SlackDatabase } from '../slack/slack-database.ts';
import { SLACK_ROUTE_POLICY } from '../slack/slack-route-policy.ts';
import { testSlackConfig } from '../slack/test-slack-config.ts';
import type { OpenedStore } from '../store/open-store.ts';
import { createTestDatabase, type Driver } from '../store/test-database.ts';
import { TEST_TRANSCRIPTION } from '../transcription/test-transcription.ts';
import { transcriptionRoutes } from '../transcription/transcription-routes.ts';
import { type Accounts, createAccounts } from './accounts.ts';
import type { AccountsConfig } from './accounts-config.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import { accountsPlugin, accountsRoutes, guardRoutes } from './accounts-plugin.ts';
import type { AccountsLimits } from './attempt-limiter.ts';
import type { Mailer, MailMessage } from './mailer.ts';
import type { Person } from './people.ts';

export { DRIVERS } from '../store/test-database.ts';

export interface AccountsTestDatabase {
  driver: Driver;
  opened: OpenedStore;
  db: AccountsDatabase;
  destroy(): Promise<void>;
}

/** node-postgres answers { rows }, PGlite's drizzle driver the same; kept in one place in case either changes. */
export function rowsOf<T>(result: unknown): T[] {
  return (result && typeof result === 'object' && 'rows' in result ? (result as { rows: T[] }).rows : result) as T[];
}

/** A database with every table of the store's migrations (accounts and billing among them). */
export async function openAccountsDatabase(driver: Driver): Promise<AccountsTestDatabase> {
  const test = await createTestDatabase(driver);
  const opened = await test.open();
  return { driver, opened, db: opened.store.db as unknown as AccountsDatabase, destroy: () => test.destroy() };
}

export const TEST_CONFIG: AccountsConfig = {
  mode: 'embedded',
  publicUrl: 'http://polarity.test',
  secureCookies: false,
  cookieSecret: 'a-test-cookie-secret-of-at-least-32-characters',
  sessionDays: 30,
  slack: null,
  smtp: null,
  stripe: null,
  billingEnforced: true,
};

/** Budgets no test reaches unless it means to. */
export const GENEROUS_LIMITS: AccountsLimits = {
  signInPerClient: { max: 100_000, windowMs: 60_000 },
  signInLinksPerAddress: { max: 100_000, windowMs: 60_000 },
  invitationsPerOrg: { max: 100_000, windowMs: 60_000 },
  invitationsPerPerson: { max: 100_000, windowMs: 60_000 },
  invitationLookupsPerClient: { max: 100_000, windowMs: 60_000 },
  orgsPerPerson: { max: 100_000, windowMs: 60_000 },
};

export interface AccountsHarness {
  app: FastifyInstance;
  accounts: Accounts;
  db: AccountsDatabase;
  /** Now, in ms: move it to move the accounts' clock. */
  time: { now: number };
  mail: MailMessage[];
  logs: string[];
  /** Every route the plugin registered, as 'METHOD /path' (HEAD routes left out). */
  routes: string[];
  close(): Promise<void>;
  /** A person with this address and a browser signed in as them, made directly (no email round trip). */
  person(email: string, name?: string): Promise<{ person: Person; browser: Browser }>;
  /** A browser with no cookies at all. */
  browser(ip?: string): Browser;
  /** A browser holding a CSRF secret and token but no session, as after GET /api/auth/session. */
  anonymous(ip?: string): Promise<Browser>;
}

export async function startAccounts(
  db: AccountsDatabase,
  opts: {
    config?: Partial<AccountsConfig>;
    limits?: Partial<AccountsLimits>;
    stripe?: Stripe;
    /** capture (the default) keeps sent mail in `mail`; configured uses what the configuration implies; null has none. */
    mailer?: 'capture' | 'configured' | null | Mailer;
    /** Quest play too, behind the same guard, with QUEST_ROUTE_POLICY added to the table as the server does. */
    quests?: QuestService;
    /** Insights' routes too (with quests), behind the same guard, with INSIGHTS_ROUTE_POLICY added to the table. */
    insights?: boolean;
    /** Slack's admin routes too (with quests), with SLACK_ROUTE_POLICY added; Slack's Web API is never called. */
    slack?: boolean;
  } = {},
): Promise<AccountsHarness> {
  const time = { now: Date.UTC(2025, 0, 6, 9, 0, 0) };
  const mail: MailMessage[] = [];
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const captured: Mailer = {
    delivery: 'smtp',
    async send(m) {
      mail.push(m);
    },
  };
  const accounts = createAccounts({
    db,
    config: { ...TEST_CONFIG, ...opts.config },
    logger,
    clock: () => time.now,
    ...(opts.mailer === 'configured'
      ? {}
      : { mailer: opts.mailer === null ? null : typeof opts.mailer === 'object' ? opts.mailer : captured }),
    ...(opts.stripe ? { stripe: opts.stripe } : {}),
    limits: { ...GENEROUS_LIMITS, ...opts.limits },
  });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 16 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  const quests = opts.quests;
  if (quests) {
    await app.register(async (api) => {
      const tables = [
        ROUTE_POLICY,
        QUEST_ROUTE_POLICY,
        ...(opts.insights ? [INSIGHTS_ROUTE_POLICY] : []),
        ...(opts.slack ? [SLACK_ROUTE_POLICY] : []),
      ];
      await guardRoutes(api, accounts, combinePolicies(...tables));
      accountsRoutes(api, accounts, { usageReportEveryMs: 0 });
      accounts.registerPersonalData(quests.personalData());
      await api.register(apiRoutes(quests, DEFAULT_HTTP_LIMITS, questPeople(accounts)), { prefix: '/api' });
      await api.register(transcriptionRoutes({ service: quests, ...TEST_TRANSCRIPTION }), { prefix: '/api' });
      if (opts.insights) {
        const insightsDb = db as unknown as InsightsDatabase;
        insightsRoutes(api, {
          db: insightsDb,
          accounts,
          privacy: privacyConfig({ noiseSecret: 'test-accounts-insights-noise' }),
          participants: storeParticipants(insightsDb, (personId) => accounts.isTakingPart(personId)),
          scenarios: () => null,
          foldEveryMs: 0,
          quests,
        });
      }
      if (opts.slack) {
        const slack = createSlack({
          config: testSlackConfig('http://127.0.0.1:9/'),
          db: db as unknown as SlackDatabase,
          accounts,
          service: quests,
          coach: { ask: async () => Promise.reject(new Error('no coach here')), listDebriefs: async () => [] },
          publicUrl: TEST_CONFIG.publicUrl,
          logger,
        });
        slackAdminRoutes(api, slack);
      }
    });
  } else {
    await app.register(accountsPlugin, { accounts, usageReportEveryMs: 0 });
  }
  await app.ready();
  // One CSRF secret and token, fetched once and handed to every browser the harness makes: it saves a request each.
  let csrf: Promise<{ cookie: [string, string]; token: string }> | null = null;
  const withCsrf = async (b: Browser): Promise<Browser> => {
    csrf ??= (async () => {
      const seed = new Browser(app);
      await seed.refreshCsrf();
      const cookie = [...seed.cookies][0] as [string, string];
      return { cookie, token: seed.csrf as string };
    })();
    const { cookie, token } = await csrf;
    b.cookies.set(...cookie);
    b.csrf = token;
    return b;
  };
  const harness: AccountsHarness = {
    app,
    accounts,
    db,
    time,
    mail,
    logs,
    routes,
    close: () => app.close(),
    browser: (ip) => new Browser(app, ip),
    anonymous: (ip) => withCsrf(new Browser(app, ip)),
    async person(email, name) {
      const person = await accounts.services.people.withEmail(email);
      if (name) {
        await accounts.services.people.rename(person.id, name);
        person.name = name;
      }
      const browser = await withCsrf(new Browser(app));
      const { token } = await accounts.services.sessions.start(person.id, undefined);
      browser.cookies.set(accounts.services.sessions.cookieName, token);
      return { person, browser };
    },
  };
  return harness;
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
  json: any;
  headers: Record<string, unknown>;
  body: string;
}

/** A browser: keeps cookies like one, and sends the CSRF token with changes like the web client. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    private readonly ip = '127.0.0.1',
  ) {}

  async refreshCsrf(): Promise<void> {
    const r = await this.request('GET', '/api/auth/session');
    if (r.status !== 200) throw new Error(`GET /api/auth/session answered ${r.status}: ${r.body}`);
    this.csrf = r.json.csrfToken;
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts: { json?: unknown; body?: string | Buffer; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (opts.csrf !== false && this.csrf && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrf;
    const payload = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
    const res = await this.app.inject({
      method,
      url,
      headers,
      remoteAddress: this.ip,
      ...(payload !== undefined ? { payload } : {}),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      // Cleared cookies expire at the epoch; real expiry dates follow the test clock, so they are not compared with now.
      const gone = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < 86_400_000) || c.value === '';
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let json: { csrfToken?: unknown } | null = null;
    try {
      json = res.json();
    } catch {
      json = null;
    }
    // Signing in answers with a fresh token, as the web client expects.
    if (typeof json?.csrfToken === 'string') this.csrf = json.csrfToken;
    return { status: res.statusCode, json, headers: res.headers, body: res.body };
  }
}
