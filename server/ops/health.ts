// Liveness and readiness for a load balancer or an orchestrator (docs/DEPLOY.md). /healthz answers while the process
// can answer at all; /readyz answers 200 only when the database (and Redis, when configured) respond within a
// couple of seconds and the process is not shutting down, so a balancer stops sending players to a process that
// cannot serve them. Neither says anything about quests or people, so both are open.
import type { FastifyInstance } from 'fastify';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export function healthRoutes(app: FastifyInstance, opts: { checks: ReadinessCheck[]; stopping: () => boolean }): void {
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    if (opts.stopping()) return reply.code(503).send({ status: 'stopping', checks: {} });
    const results = await Promise.all(
      opts.checks.map(async (c) => {
        try {
          await within(CHECK_TIMEOUT_MS, c.check());
          return [c.name, 'ok'] as const;
        } catch (e) {
          return [c.name, `failing: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200)] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
}
