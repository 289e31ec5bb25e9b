// Prometheus metrics at /metrics (docs/DEPLOY.md): HTTP request durations, connected sockets, quest changes (and how
// the relay brought those made elsewhere), deadlines, background jobs, and Node's own (event-loop lag, heap, GC). Only
// counts and timings: no quest id, person or team ever becomes a label. Who may read it: a request bearing
// METRICS_TOKEN, or, when no token is configured, a request from this machine that did not come through a proxy
// (nginx adds X-Forwarded-For and does not route /metrics), so the endpoint is never public by accident.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsSources {
  /** Sockets open on this process. */
  sockets(): number;
  /** Queued background jobs per queue. */
  jobs?(): Promise<{ queue: string; count: number }[]>;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private sources: MetricsSources | null = null;
  readonly httpDuration = new Histogram({
    name: 'polarity_http_request_duration_seconds',
    help: 'HTTP request durations by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly questChanges = new Counter({
    name: 'polarity_quest_changes_total',
    help: 'Committed quest changes: origin=here those this process committed, origin=all those it passed on to its sockets',
    labelNames: ['origin'],
    registers: [this.registry],
  });
  readonly questEvents = new Counter({
    name: 'polarity_quest_events_total',
    help: 'Quest events committed by this process',
    registers: [this.registry],
  });
  readonly deadlines = new Counter({
    name: 'polarity_quest_deadlines_total',
    help: 'Deadlines this process sent (across processes, each deadline is sent once)',
    registers: [this.registry],
  });
  readonly relayDeliveries = new Counter({
    name: 'polarity_relay_deliveries_total',
    help:
      'Changes made by another process that reached a quest held here, by how: via=redis from the announcement alone, ' +
      'via=store announced but read back from PostgreSQL, via=check found by the periodic version check',
    labelNames: ['via'],
    registers: [this.registry],
  });
  readonly jobsFinished = new Counter({
    name: 'polarity_jobs_finished_total',
    help: 'Background jobs run by this process, by job and outcome',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });

  readonly questEndReactions = new Counter({
    name: 'polarity_quest_end_reactions_total',
    help: 'Ended quests whose reactions (insights, debriefs) this process ran; across processes, once per quest',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'polarity_' });
    const self = this;
    new Gauge({
      name: 'polarity_connected_sockets',
      help: 'Socket.IO connections open on this process',
      registers: [this.registry],
      collect() {
        this.set(self.sources?.sockets() ?? 0);
      },
    });
    new Gauge({
      name: 'polarity_jobs_queued',
      help: 'Background jobs waiting, per queue (shared by all processes)',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        if (!self.sources?.jobs) return;
        this.reset();
        for (const j of await self.sources.jobs()) if (!j.queue.startsWith('__')) this.set({ queue: j.queue }, j.count);
      },
    });
  }

  /** The live sources, once the sockets and the queue exist. */
  observe(sources: MetricsSources): void {
    this.sources = sources;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** May this request read the metrics? See the file comment. */
export function mayReadMetrics(request: FastifyRequest, token: string | undefined): boolean {
  if (token) return bearerMatches(request, token);
  return LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
}

export function metricsRoutes(app: FastifyInstance, metrics: ServerMetrics, opts: { token: string | undefined }): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids in paths must not become labels.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (request, reply) => {
    if (!mayReadMetrics(request, opts.token)) {
      return reply.code(403).send({
        error: {
          code: 'not_allowed',
          message: opts.token ? 'send the metrics token as a Bearer token' : 'metrics are readable from this machine only',
        },
      });
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
