// Test support for Slack: the whole server (buildApp, with accounts, quests, the coach, the ledger and Slack) on a
// real database, its Slack clients pointed at the local Web API stub, requests signed as Slack signs them, an
// in-memory job queue the test runs by hand, and helpers that install the app and link people.
import { createHmac } from 'node:crypto';
import pino from 'pino';
import type { z } from 'zod';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { type Accounts, createAccounts } from '../accounts/accounts.ts';
import type { AccountsDatabase } from '../accounts/accounts-database.ts';
import { CONSENT_NOTICE } from '../accounts/consent.ts';
import { TEST_CONFIG } from '../accounts/test-accounts.ts';
import { type App, buildApp } from '../app.ts';
import { type Coach, createCoach } from '../coach/coach.ts';
import type { CoachDatabase } from '../coach/coach-store.ts';
import { Keyring, newKeyText, parseKey } from '../coach/keyring.ts';
import type { EnqueueOptions, JobQueue } from '../jobs/job-queue.ts';
import type { LedgerDatabase } from '../ledger/ledger-database.ts';
import { createQuestService, type QuestPlay } from '../quests/create-quest-service.ts';
import { createTestDatabase, type Driver, type TestDatabase } from '../store/test-database.ts';
import type { Scheduler } from './channel-queue.ts';
import { createSlack, type Slack } from './slack.ts';
import type { SlackConfig } from './slack-config.ts';
import type { SlackDatabase } from './slack-database.ts';
import { type SlackApiStub, startSlackApiStub } from './test-slack-api.ts';
import { SIGNING_SECRET, testSlackConfig } from './test-slack-config.ts';

export { SIGNING_SECRET };

export const TEAM = 'T0TEAM';

/** Jobs held in memory; `runDue` runs those whose time has come, as the durable queue would. */
export class TestJobQueue implements JobQueue {
  readonly handlers = new Map<string, { schema: z.ZodType<unknown>; handler: (p: unknown) => Promise<void> }>();
  readonly queued: { name: string; payload: unknown; opts: EnqueueOptions }[] = [];

  register<T>(name: string, schema: z.ZodType<T>, handler: (payload: T) => Promise<void>): void {
    this.handlers.set(name, { schema, handler: handler as (p: unknown) => Promise<void> });
  }

  async enqueue<T>(name: string, payload: T, opts: EnqueueOptions = {}): Promise<void> {
    if (opts.singletonKey && this.queued.some((j) => j.opts.singletonKey === opts.singletonKey)) return;
    this.queued.push({ name, payload, opts });
  }

  async every(): Promise<void> {}

  async runDue(now: number): Promise<number> {
    const due = this.queued.filter((j) => (j.opts.startAfter?.getTime() ?? 0) <= now);
    for (const job of due) {
      this.queued.splice(this.queued.indexOf(job), 1);
      const h = this.handlers.get(job.name);
      if (!h) throw new Error(`no handler for ${job.name}`);
      await h.handler(h.schema.parse(job.payload));
    }
    return due.length;
  }
}

/** A scheduler whose sleeps move a virtual clock instead of waiting. */
export class VirtualTime implements Scheduler {
  time = 1_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

export interface SlackHarness {
  database: TestDatabase;
  db: SlackDatabase;
  stub: SlackApiStub;
  accounts: Accounts;
  service: QuestPlay;
  coach: Coach;
  slack: Slack;
  app: App;
  jobs: TestJobQueue;
  time: VirtualTime;
  logs: string[];
  close(): Promise<void>;
}

export async function startSlackHarness(
  opts: { driver?: Driver; config?: Partial<SlackConfig>; scheduler?: Scheduler } = {},
): Promise<SlackHarness> {
  const database = await createTestDatabase(opts.driver ?? 'postgres');
  const opened = await database.open();
  const db = opened.store.db;
  const stub = await startSlackApiStub();
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const accounts = createAccounts({ db: db as unknown as AccountsDatabase, config: TEST_CONFIG, logger, mailer: null });
  const service = await createQuestService({ store: opened.store, catalog: loadCatalog() });
  const jobs = new TestJobQueue();
  const time = new VirtualTime();
  let coach: Coach | null = null;
  const slack = createSlack({
    config: testSlackConfig(stub.url, opts.config),
    db: db as unknown as SlackDatabase,
    accounts,
    service,
    coach: {
      ask: (p, q) => (coach as Coach).ask(p, q),
      listDebriefs: (p) => (coach as Coach).listDebriefs(p),
    },
    jobs,
    publicUrl: TEST_CONFIG.publicUrl,
    logger,
    // Sends in these tests move a virtual clock, so the one-second gap never costs real time.
    scheduler: opts.scheduler ?? time,
  });
  coach = createCoach({
    db: db as unknown as CoachDatabase,
    config: { keyring: new Keyring(parseKey(newKeyText(), 'coach key')), llm: null },
    deliveries: [slack.debriefDelivery],
    takingPart: (personId) => accounts.isTakingPart(personId),
  });
  const app = await buildApp({
    service,
    accounts,
    coach,
    ledgerDb: db as unknown as LedgerDatabase,
    slack,
    webDist: '/nonexistent-web-dist',
  });
  return {
    database,
    db: db as unknown as SlackDatabase,
    stub,
    accounts,
    service,
    coach,
    slack,
    app,
    jobs,
    time,
    logs,
    async close() {
      await slack.stop();
      await app.close();
      await service.close();
      await stub.close();
      await database.destroy();
    },
  };
}

export function sign(body: string, timestampSeconds: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

export interface SignedRequest {
  body: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  timestampSeconds?: number;
  secret?: string;
  retryNum?: number;
}

export async function postToSlackEndpoint(h: SlackHarness, r: SignedRequest) {
  const ts = r.timestampSeconds ?? Math.floor(Date.now() / 1000);
  return h.app.http.inject({
    method: 'POST',
    url: '/slack/events',
    payload: r.body,
    headers: {
      'content-type': r.contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(r.body, ts, r.secret),
      ...(r.retryNum !== undefined ? { 'x-slack-retry-num': String(r.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
  });
}

export function slashCommand(text: string, user = 'U0PERSON', extra: Record<string, string> = {}): SignedRequest {
  const form = new URLSearchParams({
    token: 'legacy',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: user,
    user_name: 'someone',
    command: '/polarity',
    text,
    api_app_id: 'A0POLARITY',
    response_url: 'https://hooks.slack.test/commands/1',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    ...extra,
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

export function interaction(payload: Record<string, unknown>): SignedRequest {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

export function eventCallback(event: Record<string, unknown>, eventId: string): SignedRequest {
  return {
    body: JSON.stringify({
      token: 'legacy',
      team_id: TEAM,
      api_app_id: 'A0POLARITY',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    }),
    contentType: 'application/json',
  };
}

/** Installs the app in the test workspace for a new organisation, as the OAuth callback would. */
export async function installForOrg(
  h: SlackHarness,
  opts: { expiresAt?: number; refreshToken?: string } = {},
): Promise<{ orgId: string; adminId: string; teamId: string }> {
  const s = h.accounts.services;
  const admin = await s.people.withEmail(`admin.${Math.random().toString(36).slice(2)}@acme.test`);
  const org = await s.orgs.create('Acme', admin.id);
  const team = await s.orgs.createTeam(org.id, 'Checkout');
  await h.slack.installations.install(
    {
      team: { id: TEAM, name: 'Acme' },
      enterprise: undefined,
      isEnterpriseInstall: false,
      appId: 'A0POLARITY',
      tokenType: 'bot',
      authVersion: 'v2',
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot: {
        token: 'xoxb-installed-1',
        scopes: ['commands', 'chat:write'],
        id: 'UBOT',
        userId: 'UBOT',
        ...(opts.refreshToken ? { refreshToken: opts.refreshToken } : {}),
        ...(opts.expiresAt !== undefined ? { expiresAt: opts.expiresAt } : {}),
      },
    },
    { orgId: org.id, personId: admin.id },
  );
  return { orgId: org.id, adminId: admin.id, teamId: team.id };
}

/** A person who signed in with Slack as `user`, member of the organisation and its team, taking part. */
export async function linkedPerson(
  h: SlackHarness,
  place: { orgId: string; teamId: string },
  user = 'U0PERSON',
  role: 'member' | 'admin' = 'member',
): Promise<string> {
  const s = h.accounts.services;
  const person = await s.people.withIdentity({
    provider: 'slack',
    subject: `${TEAM}/${user}`,
    name: `Person ${user}`,
    email: `${user.toLowerCase()}.${Math.random().toString(36).slice(2)}@acme.test`,
    emailVerified: true,
  });
  await s.orgs.join(place.orgId, person.id, role);
  await s.orgs.addToTeam(place.teamId, place.orgId, person.id);
  await s.consents.set(person.id, { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version });
  return person.id;
}

/** Waits until `check` holds: Slack work goes on after the request is acknowledged. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
