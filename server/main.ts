// `npm start`: opens the store (PGlite under ./data unless DATABASE_URL is set), starts quest play, accounts, the
// ledger, the coach and insights, serves the API, the socket and the web client, and shuts all of it down in order on SIGINT
// or SIGTERM.
import { createHmac } from 'node:crypto';
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
import { ConfigError, readConfig } from './config.ts';
import type { InsightsDatabase } from './insights/insights-database.ts';
import { privacyConfig } from './insights/privacy/privacy-config.ts';
import { storeParticipants } from './insights/store-participants.ts';
import type { LedgerDatabase } from './ledger/ledger-database.ts';
import { createQuestService } from './quests/create-quest-service.ts';
import { openStore } from './store/open-store.ts';

let config: ReturnType<typeof readConfig>;
let accountsConfig: AccountsConfig;
let coachConfig: CoachConfig;
try {
  config = readConfig();
  const { databaseUrl, nodeEnv, port, dataDir } = config;
  accountsConfig = readAccountsConfig(process.env, { databaseUrl, nodeEnv, port });
  coachConfig = readCoachConfig(process.env, { dataDir, embedded: !databaseUrl });
} catch (e) {
  if (!(e instanceof ConfigError || e instanceof AccountsConfigError || e instanceof CoachConfigError)) throw e;
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
const catalog = loadCatalog();
const service = await createQuestService({
  store: opened.store,
  catalog,
  graceSeconds: config.graceSeconds,
  logger,
  ...(config.botThinkMs ? { botThinkMs: config.botThinkMs } : {}),
  // Called only for a player's accepted command, which needs the app below listening, so accounts exist by then.
  recordParticipation: (a) => accounts.recordActivity({ ...a, kind: 'quest' }),
});
// Every module's tables are in the store's one migration sequence, so they all share its database.
const db = opened.store.db;
const accounts = createAccounts({ db: db as unknown as AccountsDatabase, config: accountsConfig, logger });
const coach = createCoach({
  db: db as unknown as CoachDatabase,
  config: coachConfig,
  deliveries: [new InAppDelivery()],
  takingPart: (personId) => accounts.isTakingPart(personId),
  logger,
});
// Withdrawing or deleting an account erases the person's coaching too.
accounts.registerPersonalData(coach.personalDataSource);
const insightsDb = db as unknown as InsightsDatabase;
const insights = {
  db: insightsDb,
  // The noise is seeded from the cookie secret, so it stays the same across restarts whenever COOKIE_SECRET is set.
  privacy: privacyConfig({
    noiseSecret: createHmac('sha256', accountsConfig.cookieSecret).update('insights noise').digest('hex'),
  }),
  participants: storeParticipants(insightsDb, (personId) => accounts.isTakingPart(personId)),
  scenarios: (id: string) => catalog.get(id)?.def.challenges ?? null,
};
const app = await buildApp({ service, logger, accounts, ledgerDb: db as unknown as LedgerDatabase, coach, insights });

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
    try {
      await app.close();
      await service.close();
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
  await opened.close();
  process.exit(1);
}
const address = app.http.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
logger.info(`Polarity is ready on http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`);
