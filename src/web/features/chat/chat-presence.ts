import { useEffect, useSyncExternalStore } from 'react';
import { realtime, useRealtimeStatus } from '../../lib/realtime.ts';

// Who is online: only friends who show their presence are answered (docs/WEBSOCKET_CONTRACT.md); the
// others have no dot.

const online = new Map<string, boolean>();
const listeners = new Set<() => void>();
let version = 0;

function changed(): void {
  version += 1;
  for (const listener of listeners) listener();
}

realtime.on('presence', (state) => {
  online.set(state.userId, state.online);
  changed();
});

/** Who of these dancers is online now: asked when the list changes or the socket (re)connects, then pushed. */
export function usePresence(userIds: string[]): ReadonlyMap<string, boolean> {
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => version,
  );
  const key = userIds.join(',');
  const status = useRealtimeStatus();
  useEffect(() => {
    const socket = realtime.socket();
    if (!key || status !== 'connected' || !socket) return;
    socket.emit('presence:get', { userIds: key.split(',').slice(0, 200) }, (ack) => {
      if (!ack.ok) return;
      for (const p of ack.data.presence) online.set(p.userId, p.online);
      changed();
    });
  }, [key, status]);
  return online;
}
