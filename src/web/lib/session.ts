import type { AuthResult } from '../../contract/auth.ts';
import { CSRF_HEADER, sessionCookieNames } from '../../contract/rules.ts';
import type { PublicUser } from '../../contract/users.ts';

// The access token lives in memory only; the refresh token is an httpOnly cookie the server rotates. A
// tab restores its session on load and refreshes a minute before expiry or after a 401. Tabs take
// turns through a Web Lock, and the one that refreshed shares the result over a BroadcastChannel, so
// two tabs never spend the same refresh token twice (but for the restore at load: see refresh()).

export type SessionState =
  | { status: 'unknown' }
  | { status: 'signedOut'; reason?: 'expired' }
  | { status: 'signedIn'; user: PublicUser; accessToken: string; expiresAt: number };

type Listener = (state: SessionState) => void;
type Shared = { kind: 'signedIn'; result: AuthResult; at: number } | { kind: 'signedOut' };

const REFRESH_EARLY_MS = 60_000;
const LOCK = 'abrazo-session-refresh';

let state: SessionState = { status: 'unknown' };
const listeners = new Set<Listener>();
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<string | null> | undefined;
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('abrazo-session') : null;

function set(next: SessionState): void {
  state = next;
  clearTimeout(timer);
  if (next.status === 'signedIn') {
    timer = setTimeout(() => void refresh(), Math.max(5_000, next.expiresAt - Date.now() - REFRESH_EARLY_MS));
  }
  for (const listener of listeners) listener(next);
}

function fromResult(result: AuthResult, at = Date.now()): SessionState {
  return {
    status: 'signedIn',
    user: result.user,
    accessToken: result.accessToken,
    expiresAt: at + result.expiresIn * 1000,
  };
}

channel?.addEventListener('message', (event: MessageEvent<Shared>) => {
  const message = event.data;
  if (message.kind === 'signedIn') set(fromResult(message.result, message.at));
  else set({ status: 'signedOut' });
});

export const session = {
  get: (): SessionState => state,
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** The access token, refreshed first when it is about to expire. */
  async token(): Promise<string | null> {
    if (state.status === 'signedIn' && state.expiresAt - Date.now() > 10_000) return state.accessToken;
    if (state.status === 'signedOut') return null;
    return refresh();
  },
  /** After sign-in or sign-up: the server has set the cookies. */
  signedIn(result: AuthResult): void {
    const at = Date.now();
    set(fromResult(result, at));
    channel?.postMessage({ kind: 'signedIn', result, at } satisfies Shared);
  },
  /** The profile changed (onboarding, settings): keeps the token, updates who is shown. */
  updateUser(user: PublicUser): void {
    if (state.status === 'signedIn') set({ ...state, user });
  },
  signedOut(reason?: 'expired'): void {
    set(reason ? { status: 'signedOut', reason } : { status: 'signedOut' });
    channel?.postMessage({ kind: 'signedOut' } satisfies Shared);
  },
  refresh,
};

export function csrfToken(): string | undefined {
  const name = sessionCookieNames(location.protocol === 'https:').csrf;
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** One refresh at a time per tab, and across tabs through a Web Lock where the browser has them. */
function refresh(): Promise<string | null> {
  inFlight ??= (async () => {
    try {
      const issuedBefore = state.status === 'signedIn' ? state.expiresAt : 0;
      const run = async () => {
        // Another tab may have refreshed while this one waited for the lock.
        if (
          state.status === 'signedIn' &&
          state.expiresAt > issuedBefore &&
          state.expiresAt - Date.now() > 30_000
        ) {
          return state.accessToken;
        }
        return callRefresh();
      };
      // The restore at load goes without the lock: the lock's grant comes back behind the page's loading
      // work (about 100 ms on a phone, measured in bench:web's traces) and this refresh is the head of
      // the first page's chain (refresh → its data → its render). Two tabs restoring at once is safe
      // without it: the server answers a token rotated within REFRESH_GRACE_MS with the same successor.
      if (state.status === 'unknown' || !navigator.locks) return await run();
      return await navigator.locks.request(LOCK, run);
    } finally {
      inFlight = undefined;
    }
  })();
  return inFlight;
}

async function callRefresh(): Promise<string | null> {
  const csrf = csrfToken();
  if (!csrf) {
    set({ status: 'signedOut' });
    return null;
  }
  let res: Response;
  try {
    res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf },
      body: '{}',
      credentials: 'same-origin',
    });
  } catch {
    // Offline: keep what we have; the next call tries again.
    return state.status === 'signedIn' ? state.accessToken : null;
  }
  if (!res.ok) {
    const wasSignedIn = state.status === 'signedIn';
    session.signedOut(wasSignedIn ? 'expired' : undefined);
    return null;
  }
  const { data } = (await res.json()) as { data: AuthResult };
  session.signedIn(data);
  return data.accessToken;
}
