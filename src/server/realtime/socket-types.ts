import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/chat.ts';
import type { VerifiedActor } from '../lib/authz.ts';

export interface SocketData {
  actor: VerifiedActor;
}
/** No events of our own between instances: broadcasts to rooms cross them through the adapter. */
export type InterServerEvents = Record<never, never>;
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
