import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Skeleton } from '../ui/Skeleton.tsx';
import { useSession } from './use-session.ts';

/** Pages for signed-in dancers: others go to /login and come back here after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const state = useSession();
  const location = useLocation();
  if (state.status === 'unknown') return <Skeleton lines={6} className="skeleton--page" />;
  if (state.status === 'signedOut' && state.reason !== 'expired') {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return children;
}
