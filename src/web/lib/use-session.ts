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

/**
 * The viewer part of a query key: the dancer's id, 'anonymous' signed out, undefined while the session
 * is being restored (queries wait for it). A dancer who signs in never sees the anonymous copy.
 */
export function useViewerKey(): string | undefined {
  const state = useSession();
  if (state.status === 'unknown') return undefined;
  return state.status === 'signedIn' ? state.user.id : 'anonymous';
}
