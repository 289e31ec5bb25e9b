// Sends a packet to sockets of this process without Socket.IO keeping it for connection state recovery. With recovery
// on, every emit (even socket.emit) is appended to the adapter's recovery buffer — in memory for the default adapter,
// in the Redis stream for the Redis Streams adapter — and kept for the whole recovery window. Per-seat quest updates
// each carry a full seat view, so that buffer grew to hundreds of MB at load (docs/BENCHMARKS.md, "Load"); they are
// in the store anyway, and a reconnecting socket is brought up to date from there (quest-sockets.ts) instead.
// The base Adapter's broadcast is the plain local delivery that every adapter ends with (the session-aware and
// cluster adapters store or publish, then call it): encode once, write to each socket in the rooms.
import type { Namespace } from 'socket.io';
import { Adapter } from 'socket.io-adapter';

/** socket.io-parser's EVENT packet type. */
const EVENT = 2;
const deliverHere = Adapter.prototype.broadcast;

export function sendUnrecorded(nsp: Namespace, socketIds: string[], event: string, payload: unknown): void {
  if (socketIds.length === 0) return;
  deliverHere.call(
    nsp.adapter,
    { type: EVENT, data: [event, payload] },
    { rooms: new Set(socketIds), except: new Set<string>(), flags: {} },
  );
}
