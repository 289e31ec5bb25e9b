// Socket.IO's in-memory adapter with connection state recovery keeps every broadcast packet for the recovery window
// together with the options it was sent with: two Sets and an object, about 600 bytes a packet before any payload,
// for packets that nearly all go to one quest's room. Packets to the same single room with no exceptions or flags
// share one options object here, which the adapter only reads (measured with bench/load/heap-census.ts: about
// 1 KB less per connected player at 1,000 quests). Several processes use the Redis Streams adapter instead.
import type { Namespace } from 'socket.io';
import { type BroadcastOptions, SessionAwareAdapter } from 'socket.io-adapter';

type Packet = Parameters<SessionAwareAdapter['broadcast']>[0];
const NOBODY = new Set<string>();

export class CompactRecoveryAdapter extends SessionAwareAdapter {
  private readonly shared = new Map<string, BroadcastOptions>();

  constructor(nsp: Namespace) {
    super(nsp as unknown as ConstructorParameters<typeof SessionAwareAdapter>[0]);
    this.on('delete-room', (room: string) => this.shared.delete(room));
  }

  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    super.broadcast(packet, this.canonical(opts));
  }

  private canonical(opts: BroadcastOptions): BroadcastOptions {
    if (opts.rooms.size !== 1 || (opts.except?.size ?? 0) > 0) return opts;
    if (Object.values(opts.flags ?? {}).some((v) => v !== undefined)) return opts;
    const [room] = opts.rooms as Set<string>;
    let one = this.shared.get(room as string);
    if (!one) this.shared.set(room as string, (one = { rooms: new Set([room as string]), except: NOBODY, flags: {} }));
    return one;
  }
}
