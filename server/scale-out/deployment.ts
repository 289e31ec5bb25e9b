// Everything a Polarity process needs beyond quest play to run beside others (docs/DEPLOY.md), in one place so
// server/main.ts only plugs it in: quest leases and the change relay when the database is a shared PostgreSQL, the
// Socket.IO Redis adapter when REDIS_URL is set, the durable job queue (pg-boss, also on the embedded PGlite), the
// quest-ended job, and the operator routes (/healthz, /readyz, /metrics).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { PgBossQueue } from '../jobs/pg-boss-queue.ts';
import { QuestEndedReactions } from '../jobs/quest-ended.ts';
import { healthRoutes } from '../ops/health.ts';
import { metricsRoutes, ServerMetrics } from '../ops/metrics.ts';
import type { QuestPlay, QuestServiceOptions } from '../quests/create-quest-service.ts';
import type { QuestLogger } from '../quests/quest-log.ts';
import type { QuestSockets } from '../realtime/quest-sockets.ts';
import { type RealtimeAdapter, redisStreamsAdapter } from '../realtime/redis-adapter.ts';
import type { OpenedStore } from '../store/open-store.ts';
import { AdvisoryQuestLeases } from './advisory-leases.ts';
import { ProcessPresence } from './process-presence.ts';
import { type QuestRelay, relayQuestChanges } from './quest-relay.ts';

export interface DeploymentLogger extends QuestLogger {
  info(obj: object, msg?: string): void;
}

export interface Deployment {
  /** Options for createQuestService: the leases, presence across processes and the deadline counter. */
  questOptions: Pick<QuestServiceOptions, 'leases' | 'presenceElsewhere' | 'onDeadline'>;
  realtimeAdapter: RealtimeAdapter['adapter'] | undefined;
  jobs: PgBossQueue;
  questEnded: QuestEndedReactions;
  metrics: ServerMetrics;
  /** For buildApp's `operations`. */
  operations(http: FastifyInstance, sockets: QuestSockets): void;
  /** After the service and the app exist: relay changes, count them, run the quest-ended jobs. */
  start(service: QuestPlay): Promise<void>;
  /** After the app and the service closed. */
  close(): Promise<void>;
  /** Set while shutting down: /readyz answers 503 so a balancer stops sending players here. */
  stopping: boolean;
}

export async function openDeployment(o: {
  config: Pick<Config, 'databaseUrl' | 'redisUrl' | 'redisKeyPrefix' | 'metricsToken'>;
  opened: OpenedStore;
  logger: DeploymentLogger;
}): Promise<Deployment> {
  const { config, opened, logger } = o;
  const processId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const metrics = new ServerMetrics();
  const leases = config.databaseUrl ? new AdvisoryQuestLeases(config.databaseUrl, logger) : undefined;
  let redisAway = false;
  const redis = config.redisUrl
    ? await redisStreamsAdapter({
        url: config.redisUrl,
        keyPrefix: config.redisKeyPrefix,
        onError: (e) => {
          if (!redisAway) logger.warn({ err: e }, 'Redis is unreachable; play continues, updates between processes slow down');
          redisAway = true;
        },
      })
    : undefined;
  redis?.client.on('ready', () => {
    if (redisAway) logger.info({}, 'Redis is back');
    redisAway = false;
  });
  const onFinished = (job: string, outcome: string) => metrics.jobsFinished.inc({ job, outcome });
  const jobs = config.databaseUrl
    ? PgBossQueue.open({ databaseUrl: config.databaseUrl, log: logger, onFinished })
    : PgBossQueue.open({ pglite: (opened.store.db as unknown as { $client: PGlite }).$client, log: logger, onFinished });
  await jobs.started();
  const questEnded = new QuestEndedReactions(opened.store.db, jobs, () => metrics.questEndReactions.inc());
  let relay: QuestRelay | null = null;
  let unsubscribe: (() => void)[] = [];

  const deployment: Deployment = {
    questOptions: {
      ...(leases ? { leases, presenceElsewhere: new ProcessPresence(opened.store.db, leases) } : {}),
      onDeadline: () => metrics.deadlines.inc(),
    },
    realtimeAdapter: redis?.adapter,
    jobs,
    questEnded,
    metrics,
    stopping: false,
    operations(http, sockets) {
      const checks = [{ name: 'database', check: () => opened.store.ping() }];
      if (redis) checks.push({ name: 'redis', check: () => redis.ping() });
      healthRoutes(http, { checks, stopping: () => deployment.stopping });
      metricsRoutes(http, metrics, { token: config.metricsToken });
      metrics.observe({
        sockets: () => sockets.io.engine.clientsCount,
        jobs: async () => (await jobs.counts()).map((c) => ({ queue: c.queue, count: c.count })),
      });
    },
    async start(service) {
      unsubscribe = [
        service.onChange(() => metrics.questChanges.inc({ origin: 'all' }, 1)),
        service.onCommittedHere((c) => {
          metrics.questChanges.inc({ origin: 'here' }, 1);
          metrics.questEvents.inc(c.events.length);
        }),
      ];
      if (leases) {
        relay = await relayQuestChanges({
          service,
          store: opened.store,
          ...(redis ? { redis: redis.client } : {}),
          keyPrefix: config.redisKeyPrefix,
          processId,
          log: logger,
          onDelivered: (via) => metrics.relayDeliveries.inc({ via }),
        });
      }
      unsubscribe.push(await questEnded.start(service));
    },
    async close() {
      for (const u of unsubscribe) u();
      await relay?.close();
      await jobs.close();
      await redis?.close();
    },
  };
  return deployment;
}
