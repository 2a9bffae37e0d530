import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createRouter } from './app/router.tsx';
import { afterFirstContent } from './lib/first-content.ts';
import { setupI18n } from './lib/i18n.ts';
import { createQueryClient } from './lib/query.ts';
import { realtime, startRealtime } from './lib/realtime.ts';
import { session } from './lib/session.ts';
import './styles/tokens.css';
import './styles/base.css';
import './styles/ui.css';
import './styles/shell.css';

// boot.ts has started the language's catalogue, the first page's chunk and the session's refresh.
const catalogue = setupI18n();
const router = createRouter();
const queryClient = createQueryClient();
// The socket (and socket.io-client's chunk) once the first page's content is on screen, in a task of its
// own (the badges render in the one that marks it).
afterFirstContent(() => setTimeout(startRealtime, 0));
// Back from a dropped connection: whatever is on screen is fetched again.
// (The chat's histories catch up through the socket's sync instead: features/chat/chat-live.ts.)
realtime.onReconnect(
  () => void queryClient.invalidateQueries({ predicate: (query) => query.meta?.syncedBySocket !== true }),
);
session.subscribe((state) => {
  if (state.status === 'signedOut' && state.reason !== 'expired') queryClient.clear();
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
await catalogue;
// A transition: the first render yields to the browser every few milliseconds instead of holding the main
// thread for the whole tree.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
});

// The offline shell (sw.js, built by vite-plugin-pwa): registered once the page has loaded, so it never
// competes with the first load (this module may run before or after the load event); a browser that
// refuses it (private mode, a policy) runs without it.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
