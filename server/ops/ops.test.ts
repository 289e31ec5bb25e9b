// Operator routes on a bare Fastify: readiness names the failing dependency and answers 503 while stopping; metrics
// are refused through a proxy and without the token, and served with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { healthRoutes } from './health.ts';
import { metricsRoutes, ServerMetrics } from './metrics.ts';

test('readiness reports each dependency and drains while stopping', async () => {
  const app = Fastify();
  let redisUp = true;
  let stopping = false;
  healthRoutes(app, {
    checks: [
      { name: 'database', check: async () => undefined },
      {
        name: 'redis',
        check: async () => {
          if (!redisUp) throw new Error('connection refused');
        },
      },
    ],
    stopping: () => stopping,
  });
  assert.equal((await app.inject('/healthz')).statusCode, 200);
  let r = await app.inject('/readyz');
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json().checks, { database: 'ok', redis: 'ok' });
  redisUp = false;
  r = await app.inject('/readyz');
  assert.equal(r.statusCode, 503);
  assert.equal(r.json().checks.redis, 'failing: connection refused');
  stopping = true;
  assert.equal((await app.inject('/readyz')).json().status, 'stopping');
  await app.close();
});

test('metrics: loopback only without a token, the bearer token with one; route patterns, never ids', async () => {
  const open = Fastify();
  const metrics = new ServerMetrics();
  metrics.observe({ sockets: () => 3 });
  metrics.relayDeliveries.inc({ via: 'redis' }, 2);
  metrics.relayDeliveries.inc({ via: 'check' });
  metricsRoutes(open, metrics, { token: undefined });
  open.get('/api/quests/:id', async () => ({}));
  await open.inject('/api/quests/0d6c1f52-4b2e-4a59-9d0e-5b8f3f3f1a11');
  const ok = await open.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, /polarity_connected_sockets 3/);
  assert.match(ok.body, /polarity_relay_deliveries_total\{via="redis"\} 2/);
  assert.match(ok.body, /polarity_relay_deliveries_total\{via="check"\} 1/);
  assert.match(ok.body, /route="\/api\/quests\/:id"/);
  assert.doesNotMatch(ok.body, /0d6c1f52/);
  assert.match(ok.body, /polarity_nodejs_eventloop_lag_seconds/);
  const proxied = await open.inject({
    url: '/metrics',
    remoteAddress: '127.0.0.1',
    headers: { 'x-forwarded-for': '203.0.113.9' },
  });
  assert.equal(proxied.statusCode, 403);
  assert.equal((await open.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode, 403);
  await open.close();

  const guarded = Fastify();
  metricsRoutes(guarded, new ServerMetrics(), { token: 'a-token-of-sixteen+' });
  assert.equal((await guarded.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 403);
  const wrong = await guarded.inject({ url: '/metrics', headers: { authorization: 'Bearer a-token-of-sixteen-' } });
  assert.equal(wrong.statusCode, 403);
  const right = await guarded.inject({ url: '/metrics', headers: { authorization: 'Bearer a-token-of-sixteen+' } });
  assert.equal(right.statusCode, 200);
  await guarded.close();
});
