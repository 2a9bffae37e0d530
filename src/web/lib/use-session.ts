import { useSyncExternalStore } from 'react';
import { session, type SessionState } from './session.ts';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get);
}

/** The signed-in dancer's id, or null. */
export function useViewerId(): string | null {
  const state = useSession();
  return state.status === 'signedIn' ? state.user.id : null;
}
