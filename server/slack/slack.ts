// Slack, put together: the installation store, the install flow, the Bolt app on the product's Fastify server (HTTP
// mode) or over Socket Mode, the notifier behind the debrief and commitment-alert deliveries, and what the admin
// routes read. With no Slack settings it is off: the deliveries do nothing and the admin page says so.

import type { App } from '@slack/bolt';
import { SocketModeReceiver } from '@slack/bolt';
import { InstallProvider } from '@slack/oauth';
import type { WebClientOptions } from '@slack/web-api';
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts/accounts.ts';
import type { Coach } from '../coach/coach.ts';
import type { InsightsDatabase } from '../insights/insights-database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { LedgerDatabase } from '../ledger/ledger-database.ts';
import type { QuestService } from '../quests/quest-service.ts';
import { ChannelQueue, type Scheduler } from './channel-queue.ts';
import { FastifyReceiver } from './fastify-receiver.ts';
import { InstallFlow, InstallRefusal } from './install-flow.ts';
import { SlackInstallations } from './installations.ts';
import { boltLogger, createSlackApp } from './slack-app.ts';
import type { SlackConfig } from './slack-config.ts';
import type { SlackDatabase } from './slack-database.ts';
import { installChecklist } from './slack-messages.ts';
import { SlackAlertDelivery, SlackDebriefDelivery, SlackNotifier } from './slack-notifier.ts';
import { SlackPeople } from './slack-people.ts';
import { SlackSettingsStore } from './slack-settings.ts';

export interface SlackLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SlackOptions {
  /** null: Slack is not configured, and the app is off. */
  config: SlackConfig | null;
  db: SlackDatabase;
  accounts: Accounts;
  service: QuestService;
  /** Late-bound: the coach is built after Slack's deliveries, which it takes. */
  coach: Pick<Coach, 'ask' | 'listDebriefs'>;
  /** Background work (reminders); without it reminders are not offered. */
  jobs?: JobQueue | null;
  publicUrl: string;
  logger: SlackLogger;
  clock?: () => number;
  scheduler?: Scheduler;
  /** Web API options for every client (tests point slackApiUrl at a stub). */
  clientOptions?: WebClientOptions;
}

export interface SlackStatus {
  enabled: boolean;
  mode: 'http' | 'socket' | null;
}

export interface Slack {
  status: SlackStatus;
  settings: SlackSettingsStore;
  installations: SlackInstallations;
  /** The install flow; null when Slack is off. */
  installFlow: InstallFlow | null;
  debriefDelivery: SlackDebriefDelivery;
  alertDelivery: SlackAlertDelivery;
  notifier: SlackNotifier | null;
  bolt: App | null;
  /** Mounts /slack/events (HTTP mode) and /slack/oauth_redirect on the product's server. */
  mount(http: FastifyInstance): Promise<void>;
  /** Connects Socket Mode, when configured. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlack(opts: SlackOptions): Slack {
  const clock = opts.clock ?? Date.now;
  const config = opts.config;
  const settings = new SlackSettingsStore(opts.db, clock);
  // When off, installations made earlier are still listed on the admin page; their tokens stay sealed.
  const installations = new SlackInstallations(opts.db, config?.keyring ?? null, clock);
  let notifier: SlackNotifier | null = null;
  const debriefDelivery = new SlackDebriefDelivery(() => notifier, opts.publicUrl);
  const alertDelivery = new SlackAlertDelivery(() => notifier, opts.publicUrl);
  if (!config) {
    return {
      status: { enabled: false, mode: null },
      settings,
      installations,
      installFlow: null,
      debriefDelivery,
      alertDelivery,
      notifier: null,
      bolt: null,
      mount: async () => undefined,
      start: async () => undefined,
      stop: async () => undefined,
    };
  }
  // Rate limits are sat out by the channel queue (Retry-After), not inside the client, so they are visible and testable.
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    ...opts.clientOptions,
  };
  const installer = new InstallProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateSecret: config.stateSecret,
    installationStore: installations,
    clientOptions,
  });
  const people = new SlackPeople(opts.db, opts.accounts);
  const queue = new ChannelQueue({ ...(opts.scheduler ? { scheduler: opts.scheduler } : {}), logger: opts.logger });
  notifier = new SlackNotifier(installer, installations, people, queue, clientOptions);
  const installFlow = new InstallFlow(opts.db, config, installations, opts.accounts, opts.publicUrl, clientOptions, clock);
  const httpReceiver =
    config.mode === 'http'
      ? new FastifyReceiver({ signingSecret: config.signingSecret as string, clock, logger: opts.logger })
      : null;
  const receiver =
    httpReceiver ??
    new SocketModeReceiver({
      appToken: config.appToken as string,
      installerOptions: { clientOptions },
      logger: boltLogger(opts.logger),
    });
  const bolt = createSlackApp({
    db: opts.db,
    accounts: opts.accounts,
    service: opts.service,
    coach: opts.coach,
    ledgerDb: opts.db as unknown as LedgerDatabase,
    insightsDb: opts.db as unknown as InsightsDatabase,
    installations,
    installer,
    people,
    settings,
    notifier,
    queue,
    jobs: opts.jobs ?? null,
    publicUrl: opts.publicUrl,
    clock,
    clientOptions,
    receiver,
    logger: opts.logger,
  });
  const n = notifier;

  return {
    status: { enabled: true, mode: config.mode },
    settings,
    installations,
    installFlow,
    debriefDelivery,
    alertDelivery,
    notifier,
    bolt,
    async mount(http) {
      if (httpReceiver) await httpReceiver.mount(http);
      http.get('/slack/oauth_redirect', { logLevel: 'warn' }, async (request, reply) => {
        const q = request.query as Record<string, unknown>;
        const pick = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).slice(0, 2048) : undefined);
        try {
          const done = await installFlow.finish(
            {
              ...(pick('code') ? { code: pick('code') } : {}),
              ...(pick('state') ? { state: pick('state') } : {}),
              ...(pick('error') ? { error: pick('error') } : {}),
            },
            request.headers.cookie,
          );
          const org = await opts.accounts.services.orgs.get(done.orgId);
          await n
            .dm(
              done.installation.installKey,
              done.installation.installerSlackUser,
              installChecklist({
                orgName: org?.name ?? 'your organisation',
                orgSlackUrl: `${opts.publicUrl}/orgs/${done.orgId}/slack`,
              }),
            )
            .catch((e: unknown) => opts.logger.warn({ err: e }, 'the install checklist DM could not be sent'));
          return reply.redirect(`/orgs/${done.orgId}/slack?installed=1`);
        } catch (e) {
          if (!(e instanceof InstallRefusal)) throw e;
          request.log.warn({ reason: e.message }, 'a Slack install was refused');
          return reply.code(400).type('text/html').send(refusalPage(e.message));
        }
      });
    },
    start: async () => {
      if (!httpReceiver) await bolt.start();
    },
    stop: async () => {
      if (!httpReceiver) await bolt.stop();
    },
  };
}

function refusalPage(message: string): string {
  const safe = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Slack install refused</title></head><body><main><h1>Polarity was not added to Slack</h1><p>${safe}</p><p><a href="/orgs">Back to your organisations</a></p></main></body></html>`;
}
