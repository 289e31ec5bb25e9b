// `npm start`: opens the store (PGlite under ./data unless DATABASE_URL is set), starts quest play, accounts, the
// ledger, the coach and insights, serves the API, the socket and the web client, and shuts all of it down in order on SIGINT
// or SIGTERM.
import pino from 'pino';
import { loadCatalog } from '../scenarios/catalog.ts';
import { createAccounts } from './accounts/accounts.ts';
import { type AccountsConfig, AccountsConfigError, readAccountsConfig } from './accounts/accounts-config.ts';
import type { AccountsDatabase } from './accounts/accounts-database.ts';
import { buildApp } from './app.ts';
import { createCoach } from './coach/coach.ts';
import { type CoachConfig, CoachConfigError, readCoachConfig } from './coach/coach-config.ts';
import type { CoachDatabase } from './coach/coach-store.ts';
import { InAppDelivery } from './coach/debrief-delivery.ts';
import { questEndedDebriefs } from './coach/quest-ended-debriefs.ts';
import { ConfigError, readConfig } from './config.ts';
import type { InsightsDatabase } from './insights/insights-database.ts';
import { type NoiseSecret, NoiseSecretError, readNoiseSecret } from './insights/noise-secret.ts';
import { privacyConfig } from './insights/privacy/privacy-config.ts';
import { storeParticipants } from './insights/store-participants.ts';
import { InAppAlertDelivery, registerCommitmentAlerts } from './ledger/alert-delivery.ts';
import type { LedgerDatabase } from './ledger/ledger-database.ts';
import { createQuestService } from './quests/create-quest-service.ts';
import { ScenarioSource } from './quests/scenario-source.ts';
import { openDeployment } from './scale-out/deployment.ts';
import { createSlack, type Slack } from './slack/slack.ts';
import { readSlackConfig, type SlackConfig, SlackConfigError } from './slack/slack-config.ts';
import type { SlackDatabase } from './slack/slack-database.ts';
import { openStore } from './store/open-store.ts';
import {
  type TranscriptionConfig,
  TranscriptionConfigError,
  transcriptionConfigFrom,
} from './transcription/transcription-config.ts';

let config: ReturnType<typeof readConfig>;
let accountsConfig: AccountsConfig;
let coachConfig: CoachConfig;
let slackConfig: SlackConfig | null;
let noiseSecret: NoiseSecret;
let transcriptionConfig: TranscriptionConfig | null;
try {
  config = readConfig();
  const { databaseUrl, nodeEnv, port, dataDir } = config;
  accountsConfig = readAccountsConfig(process.env, { databaseUrl, nodeEnv, port });
  coachConfig = readCoachConfig(process.env, { dataDir, embedded: !databaseUrl });
  slackConfig = readSlackConfig(process.env, coachConfig.keyring);
  noiseSecret = readNoiseSecret(process.env, { dataDir, embedded: !databaseUrl });
  transcriptionConfig = transcriptionConfigFrom(process.env);
} catch (e) {
  if (
    !(
      e instanceof ConfigError ||
      e instanceof AccountsConfigError ||
      e instanceof CoachConfigError ||
      e instanceof SlackConfigError ||
      e instanceof NoiseSecretError ||
      e instanceof TranscriptionConfigError
    )
  ) {
    throw e;
  }
  console.error(`polarity: ${e.message}`);
  process.exit(1);
}

const logger = pino({ level: config.logLevel, base: { service: 'polarity' } });
process.on('uncaughtException', (e) => {
  logger.fatal({ err: e }, 'uncaught exception; stopping');
  process.exit(1);
});

const opened = await openStore({
  ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
  onError: (e) => logger.warn({ err: e }, 'database connection error'),
});
logger.info(`data: ${opened.location}`);
// Leases, the change relay and Redis when several processes share the database; jobs, health and metrics always.
const deployment = await openDeployment({ config, opened, logger });
const catalog = config.scenariosDir ? loadCatalog(config.scenariosDir) : loadCatalog();
// Built-in scenarios from the catalog; generated ones (ledger practice quests) from the store, for the coach and insights.
const scenarioSource = new ScenarioSource(catalog, opened.store.db);
const service = await createQuestService({
  ...deployment.questOptions,
  store: opened.store,
  catalog,
  graceSeconds: config.graceSeconds,
  logger,
  ...(config.botThinkMs ? { botThinkMs: config.botThinkMs } : {}),
  // Called only for a player's accepted command, which needs the app below listening, so accounts exist by then.
  recordParticipation: (a) => accounts.recordIfTakingPart({ ...a, kind: 'quest' }),
});
// Every module's tables are in the store's one migration sequence, so they all share its database.
const db = opened.store.db;
const accounts = createAccounts({ db: db as unknown as AccountsDatabase, config: accountsConfig, logger });
// Slack is built before the coach, whose deliveries include its DM; it reaches the coach only when a request comes.
const slack: Slack = createSlack({
  config: slackConfig,
  db: db as unknown as SlackDatabase,
  accounts,
  service,
  coach: { ask: (personId, question) => coach.ask(personId, question), listDebriefs: (personId) => coach.listDebriefs(personId) },
  // Quest reminders run as durable jobs, once across processes.
  jobs: deployment.jobs,
  publicUrl: accountsConfig.publicUrl,
  logger,
});
const coach = createCoach({
  db: db as unknown as CoachDatabase,
  config: coachConfig,
  deliveries: [new InAppDelivery(), slack.debriefDelivery],
  takingPart: (personId) => accounts.isTakingPart(personId),
  logger,
});
// Withdrawing or deleting an account erases the person's coaching too.
accounts.registerPersonalData(coach.personalDataSource);
// Commitment alerts (due, slipping, silently deprioritised): worked out every hour by a durable job, each delivered
// once; the commitments page shows them at any time, and the owner gets a Slack DM when Slack is on and they linked it.
registerCommitmentAlerts(deployment.jobs, {
  db: db as unknown as LedgerDatabase,
  deliveries: [new InAppAlertDelivery(), slack.alertDelivery],
  log: logger,
}).catch((e: unknown) => logger.error({ err: e }, 'could not schedule commitment alerts'));
// Each consenting signed-in player's private debrief, written when their quest ends. The reaction is a plain function of
// the quest id, run by the durable quest-ended job (server/jobs/quest-ended.ts): a crash in between loses nothing.
const debriefEndedQuest = questEndedDebriefs({
  store: opened.store,
  scenarios: (quest) => scenarioSource.forQuest(quest),
  coach,
  isTakingPart: (personId) => accounts.isTakingPart(personId),
  logger,
});
deployment.questEnded.add('coach-debriefs', async (questId) => {
  await debriefEndedQuest(questId);
});
// Older keys are configured only during a rotation: re-seal onto the current key in the background (safe to run in
// several processes at once; `polarity coach rotate-keys` does the same and reports what it could not open).
if (coachConfig.keyring.keyIds.length > 1) {
  coach
    .rotateKeys()
    .then((r) => logger.info(r, 'coaching records re-sealed with the current key'))
    .catch((e: unknown) => logger.warn({ err: e }, 're-sealing coaching records failed; run polarity coach rotate-keys'));
}
const insightsDb = db as unknown as InsightsDatabase;
const insights = {
  db: insightsDb,
  // INSIGHTS_NOISE_SECRET, or one kept in the embedded data directory: the noise stays the same across restarts.
  privacy: privacyConfig({ noiseSecret: noiseSecret.secret }),
  participants: storeParticipants(insightsDb, (personId) => accounts.isTakingPart(personId)),
  scenarios: async (scenarioId: string, scenarioHash: string) =>
    (await scenarioSource.forQuest({ scenarioId, scenarioHash }))?.def.challenges ?? null,
  questEnded: deployment.questEnded,
};
const app = await buildApp({
  service,
  logger,
  accounts,
  ledgerDb: db as unknown as LedgerDatabase,
  coach,
  insights,
  slack,
  transcription: { config: transcriptionConfig },
  ...(deployment.realtimeAdapter ? { realtimeAdapter: deployment.realtimeAdapter } : {}),
  operations: deployment.operations,
});
await deployment.start(service);

let stopping: Promise<void> | null = null;
function stop(signal: string): Promise<void> {
  stopping ??= (async () => {
    logger.info(`${signal}: shutting down`);
    // A stuck close must not keep the process alive forever.
    const force = setTimeout(() => {
      logger.error('shutdown took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    deployment.stopping = true;
    try {
      await slack.stop();
      await app.close();
      await service.close();
      await deployment.close();
      await opened.close();
      logger.info('stopped');
    } catch (e) {
      logger.error({ err: e }, 'shutdown failed');
      process.exitCode = 1;
    }
  })();
  return stopping;
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

try {
  await app.http.listen({ port: config.port, host: config.host });
} catch (e) {
  logger.fatal({ err: e }, `cannot listen on ${config.host}:${config.port}`);
  await service.close();
  await deployment.close();
  await opened.close();
  process.exit(1);
}
if (slack.status.enabled) {
  await slack.start();
  logger.info(`Slack app on (${slack.status.mode === 'socket' ? 'Socket Mode' : 'HTTP: /slack/events'})`);
}
const address = app.http.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
logger.info(`Polarity is ready on http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`);
