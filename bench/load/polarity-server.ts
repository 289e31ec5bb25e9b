// The server under test: the product's own QuestService, app and deployment wiring (server/app.ts,
// server/scale-out/deployment.ts), put together as server/main.ts does, in a process of its own. The store is PGlite
// in a fresh directory on disk (the embedded default) or a PostgreSQL database the conductor created (DATABASE_URL);
// with REDIS_URL, Socket.IO's Redis Streams adapter and the change relay join several such processes. HTTP rate
// limits are lifted, since every simulated player shares the loopback address; the per-socket message limit stays
// as the product ships it. Accounts, the coach and Slack are left out: quest play does not go through them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadCatalog } from '../../scenarios/catalog.ts';
import { buildApp } from '../../server/app.ts';
import { createQuestService } from '../../server/quests/create-quest-service.ts';
import { openDeployment } from '../../server/scale-out/deployment.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { PGliteThread } from '../../server/store/pglite-thread.ts';
import { cpuNow, sampleProcess, serveConductor } from './ipc.ts';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const dir = databaseUrl ? null : mkdtempSync(join(tmpdir(), 'polarity-load-'));
const logger = pino({ level: 'warn', base: { service: 'polarity-load' } });
const opened = await openStore(databaseUrl ? { databaseUrl } : { dataDir: dir as string });
const deployment = await openDeployment({
  config: {
    databaseUrl,
    redisUrl,
    // Every process of one run shares the prefix the conductor chose; runs never share Redis keys.
    redisKeyPrefix: process.env.REDIS_KEY_PREFIX ?? `polarity-load-${randomBytes(4).toString('hex')}:`,
    metricsToken: undefined,
  },
  opened,
  logger,
});
const service = await createQuestService({ ...deployment.questOptions, store: opened.store, catalog: loadCatalog(), logger });
// How long the server takes over one command, from the socket handler's call to the committed answer (waiting for
// the quest, deciding, the group commit): what the players' latency is, less the network and the fan-out.
let commandMs: number[] = [];
const command = service.command.bind(service);
service.command = async (player, cmd) => {
  const t = performance.now();
  try {
    return await command(player, cmd);
  } finally {
    commandMs.push(performance.now() - t);
  }
};
/** The embedded database's thread (server/store/pglite-thread.ts), when the store is PGlite. */
const dbThread = (opened.store.db as unknown as { $client: Partial<PGliteThread> }).$client;

async function commandTimes() {
  const sorted = commandMs.sort((a, b) => a - b);
  commandMs = [];
  const at = (p: number) =>
    sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number) : null;
  const db = typeof dbThread.stats === 'function' ? await dbThread.stats() : null;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1), db };
}

const app = await buildApp({
  service,
  logger,
  httpLimits: { perMinute: 10_000_000, createPerMinute: 10_000_000, joinPerMinute: 10_000_000 },
  ...(deployment.realtimeAdapter ? { realtimeAdapter: deployment.realtimeAdapter } : {}),
  operations: deployment.operations,
});
await deployment.start(service);
await app.http.listen({ port: 0, host: '127.0.0.1' });
const address = app.http.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await service.close();
  await deployment.close();
  await opened.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.once('SIGTERM', () => void stop());

/**
 * Socket.IO's connection state recovery keeps every broadcast packet for the recovery window (2 minutes) so a
 * socket that drops can be replayed what it missed: memory that grows with the update rate, not with the players.
 * Quest updates are sent outside it (server/realtime/unrecorded-send.ts), so this counts lobby and presence packets.
 * (With the Redis Streams adapter the packets live in Redis instead.)
 */
function recoveryPackets(): number | null {
  const packets = (app.sockets.io.of('/').adapter as unknown as { packets?: unknown[] }).packets;
  return Array.isArray(packets) ? packets.length : null;
}

serveConductor(
  {
    memory: () => ({ ...sampleProcess(), recoveryPackets: recoveryPackets() }),
    cpu: () => cpuNow(),
    commandTimes: () => commandTimes(),
  },
  { url: `http://127.0.0.1:${port}`, store: opened.driver, crossProcess: redisUrl !== undefined },
  () => void stop(),
);
