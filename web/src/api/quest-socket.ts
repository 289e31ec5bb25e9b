// One Socket.IO connection to one quest. Every emit waits for the server's acknowledgement and resolves to it;
// a message that gets no answer in time resolves to a 'timeout' error instead of hanging a button forever.
import { io, type Socket } from 'socket.io-client';
import type { Ack, BotPersona, ClientCommand, Lobby, QuestUpdate, QuestView } from './types.ts';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'refused';

export interface QuestSocketHandlers {
  lobby(lobby: Lobby): void;
  update(update: QuestUpdate): void;
  state(state: ConnectionState, detail?: string): void;
  /** Connected again without the server replaying what was missed: the caller must resynchronise. */
  resync(): void;
  /** The quest version the caller holds (-1 for none): on reconnecting, the server sends the updates after it. */
  heldVersion?(): number;
}

const ACK_TIMEOUT_MS = 8000;

export class QuestSocket {
  private readonly socket: Socket;
  private everConnected = false;

  constructor(questId: string, token: string, handlers: QuestSocketHandlers) {
    // Asked on every (re)connect, so the server knows which updates this client missed while it was away.
    const auth = (send: (data: Record<string, unknown>) => void) => {
      const version = handlers.heldVersion?.() ?? -1;
      send(version >= 0 ? { token, questId, version } : { token, questId });
    };
    this.socket = io({ auth, transports: ['websocket'], reconnectionDelayMax: 4000 });
    this.socket.on('lobby', (l: Lobby) => handlers.lobby(l));
    this.socket.on('quest:update', (u: QuestUpdate) => handlers.update(u));
    this.socket.on('connect', () => {
      handlers.state('online');
      if (this.everConnected && !this.socket.recovered) handlers.resync();
      this.everConnected = true;
    });
    this.socket.on('disconnect', (reason) => {
      // The server hung up on purpose (for example a revoked seat): do not pretend we will be back.
      if (reason === 'io server disconnect') handlers.state('refused', 'The server closed the connection to this quest.');
      else handlers.state('reconnecting');
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (this.socket.active) handlers.state(this.everConnected ? 'reconnecting' : 'connecting');
      else handlers.state('refused', err.data?.message ?? err.message);
    });
    // A dropped network is otherwise noticed only when a ping times out (up to 45 s): when the browser knows it is
    // offline, close the transport at once so the banner shows and reconnection starts.
    window.addEventListener('offline', this.dropTransport);
    handlers.state('connecting');
  }

  private readonly dropTransport = () => {
    if (this.socket.connected) this.socket.io.engine?.close();
  };

  private emit<T>(event: string, payload: unknown): Promise<Ack<T>> {
    return new Promise((resolve) => {
      if (!this.socket.connected) {
        resolve({ ok: false, error: { code: 'network', message: 'You are offline; reconnecting. Try again in a moment.' } });
        return;
      }
      this.socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err: Error | null, ack: Ack<T>) => {
        if (err) resolve({ ok: false, error: { code: 'timeout', message: 'The server did not answer in time. Try again.' } });
        else resolve(ack);
      });
    });
  }

  takeSeat(seat: string) {
    return this.emit('lobby:seat', { seat });
  }
  fillBots(persona: BotPersona) {
    return this.emit('lobby:bots', { persona });
  }
  clearSeat(role: string) {
    return this.emit('lobby:clear', { role });
  }
  start() {
    return this.emit('lobby:start', {});
  }
  command(command: ClientCommand) {
    return this.emit('quest:command', { command });
  }
  sync() {
    return this.emit<{ view: QuestView | null; lobby: Lobby }>('quest:sync', {});
  }
  /** Resolves once connected (or rejects with the reason the server refused). */
  ready(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const ok = () => {
        this.socket.off('connect_error', fail);
        resolve();
      };
      const fail = (err: Error) => {
        if (this.socket.active) return;
        this.socket.off('connect', ok);
        reject(err);
      };
      this.socket.once('connect', ok);
      this.socket.on('connect_error', fail);
    });
  }
  close(): void {
    window.removeEventListener('offline', this.dropTransport);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

/** The answer a control gets when there is no socket yet (the first render, before the effect connects). */
export function notConnected(): Promise<Ack> {
  return Promise.resolve({ ok: false, error: { code: 'network', message: 'Not connected yet. Try again in a moment.' } });
}
