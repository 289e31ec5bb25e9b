// The baseline: a bare Socket.IO server that does only what the transport must for one action: take the command from
// one socket of a room, number it, send it to every socket of the room, acknowledge. No store, no rules, no views.
// Measured with the same players and the same clock as the Polarity server (bench/load.ts).
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { cpuNow, sampleProcess, serveConductor } from './ipc.ts';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });
const versions = new Map<string, number>();

io.on('connection', (socket) => {
  const room = String(socket.handshake.auth.room);
  void socket.join(room);
  socket.on('act', (command: unknown, ack?: (reply: unknown) => void) => {
    const version = (versions.get(room) ?? 0) + 1;
    versions.set(room, version);
    io.to(room).emit('quest:update', { version, events: [{ seq: version, event: command }] });
    ack?.({ ok: true, version });
  });
});

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
const address = http.address();
const port = typeof address === 'object' && address ? address.port : 0;
serveConductor({ memory: () => sampleProcess(), cpu: () => cpuNow() }, { url: `http://127.0.0.1:${port}` });
process.once('SIGTERM', () => io.close(() => process.exit(0)));
