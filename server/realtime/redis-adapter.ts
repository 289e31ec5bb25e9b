// Socket.IO across processes: the Redis Streams adapter. Every broadcast (a room emit from any process: lobby and
// presence) is appended to one Redis stream that every process reads, so it reaches the quest's sockets whichever
// process holds them; and because the stream keeps recent packets with their offsets, connection state recovery works
// across processes too: a socket that drops from one process and reconnects to another gets back its id, rooms and
// the packets it missed (within the recovery window and the stream's length). Per-seat quest updates do not go
// through the stream: each process sends them to its own sockets (unrecorded-send.ts) from the changes it reads
// (server/scale-out/quest-relay.ts), and a reconnecting socket catches up from the store. Enabled by REDIS_URL
// (docs/DEPLOY.md).
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';

export type RedisConnection = ReturnType<typeof createClient>;

export interface RedisAdapterOptions {
  url: string;
  /** Prefix of every Redis key and channel, so several deployments (or tests) can share one Redis. */
  keyPrefix: string;
  /** Packets kept for recovery (lobby and presence changes only), across every quest. */
  maxLen?: number;
  onError?: (e: Error) => void;
}

export interface RealtimeAdapter {
  /** The adapter factory for `new Server(..., { adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  /** The connected client, shared with the quest relay (a subscriber is duplicated from it). */
  client: RedisConnection;
  /** For readiness: resolves when Redis answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** While Redis is unreachable, try again every second at most (commands wait in the client's offline queue). */
const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 1_000);

export async function redisStreamsAdapter(o: RedisAdapterOptions): Promise<RealtimeAdapter> {
  // While Redis is away the writing client fails at once instead of queueing: the adapter publishes each broadcast
  // before delivering it locally, so a queued publish would hold back every update, even to this process's own
  // sockets, until Redis came back. Failing fast, players keep playing (other processes catch up from PostgreSQL,
  // server/scale-out/quest-relay.ts); only recovery of packets sent during the outage is lost, and a reconnecting
  // client then gets the full state instead. The clients duplicated from it (the adapter's stream reader, the
  // relay's subscriber) keep the offline queue: they block until Redis returns rather than spin on errors.
  const client: RedisConnection = createClient({
    url: o.url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy, connectTimeout: 5_000 },
  });
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((overrides?: Parameters<typeof duplicate>[0]) =>
    duplicate({ ...overrides, disableOfflineQueue: false })) as typeof client.duplicate;
  // node-redis emits 'error' on every failed reconnect; without a listener that would crash the process.
  client.on('error', (e: Error) => o.onError?.(e));
  await client.connect();
  const adapter = createAdapter(client, {
    streamName: `${o.keyPrefix}socket.io`,
    channelPrefix: `${o.keyPrefix}socket.io`,
    sessionKeyPrefix: `${o.keyPrefix}sio:session:`,
    maxLen: o.maxLen ?? 100_000,
    // Quest updates are JSON; skipping the binary scan saves work on every broadcast.
    onlyPlaintext: true,
  });
  return {
    adapter,
    client,
    async ping() {
      await client.ping();
    },
    async close() {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}
