import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { answerParent, announceReady } from './ipc.ts';

// The reference for bench/chat.bench.ts: a bare Socket.IO server that only relays. No auth, no
// database, no validation: `join` puts the socket in a room, `send` emits the payload to the room
// (sender included, as the app does) and acks. Same engine options as the app's gateway.

interface RelayPayload {
  room: string;
  id: string;
}

const server = createServer();
const io = new Server(server, {
  pingInterval: 30_000,
  pingTimeout: 60_000,
  maxHttpBufferSize: 64 * 1024,
  serveClient: false,
  cors: { origin: false },
});

io.on('connection', (socket) => {
  socket.on('join', (room: string, ack: (ok: boolean) => void) => {
    void socket.join(room);
    ack(true);
  });
  socket.on('send', (payload: RelayPayload, ack: (ok: boolean) => void) => {
    io.to(payload.room).emit('message', payload);
    ack(true);
  });
});

answerParent();
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
  announceReady({ type: 'ready', port: address.port, path: '/', setupMs: 0 });
});
