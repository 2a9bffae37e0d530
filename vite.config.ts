import react from '@vitejs/plugin-react';
import darkThemeClass from 'postcss-dark-theme-class';
import { defineConfig, type Plugin } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

// The light theme's page and surface colours from styles/tokens.css (the manifest takes one colour each).
const BG = '#faf7f3';
const SURFACE = '#ffffff';

/**
 * index.html loads only boot.ts, which imports the app (main.tsx) dynamically: this links the app's
 * chunks (modulepreload) and stylesheets in index.html, so they download at once, beside boot.ts, not
 * after it, and the first paint is styled.
 */
function preloadApp(source: string): Plugin {
  return {
    name: 'abrazo:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const app = chunks.find((c) => c.facadeModuleId?.endsWith(source));
        if (!app) throw new Error(`no chunk built from ${source}`);
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file)) return;
          files.add(file);
          for (const next of chunks.find((c) => c.fileName === file)?.imports ?? []) visit(next);
        };
        visit(app.fileName);
        const css = chunks
          .filter((c) => files.has(c.fileName))
          .flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]);
        const link = (rel: string, file: string) => ({
          tag: 'link',
          attrs: { rel, crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        });
        // What Vite linked already (boot.ts's own imports) is not linked twice.
        const linked = (file: string) => html.includes(`"/${file}"`);
        return [
          ...[...new Set(css)].filter((f) => !linked(f)).map((f) => link('stylesheet', f)),
          ...[...files].filter((f) => !linked(f)).map((f) => link('modulepreload', f)),
        ];
      },
    },
  };
}

export default defineConfig({
  root: 'src/web',
  plugins: [
    react(),
    preloadApp('src/web/main.tsx'),
    // A .br and a .gz beside every text asset, served by @fastify/static's preCompressed when the client
    // accepts them: the best levels once at build time instead of a fast level on every request.
    compression({
      algorithms: ['brotliCompress', defineAlgorithm('gzip', { level: 9 })],
      include: /\.(html|css|js|svg|webmanifest)$/,
      logLevel: 'silent',
    }),
    VitePWA({
      // main.tsx registers /sw.js after the load event: nothing is injected into the page.
      injectRegister: false,
      includeManifestIcons: false,
      manifest: {
        name: 'Abrazo',
        short_name: 'Abrazo',
        description: 'The social platform of the tango community',
        lang: 'es',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: SURFACE,
        background_color: BG,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // The shell: index.html, every script and stylesheet (the page chunks included, so a client route
        // opened offline renders its offline state instead of failing to load), and the favicon.
        globPatterns: ['**/*.{html,js,css,svg}'],
        inlineWorkboxRuntime: true,
        cleanupOutdatedCaches: true,
        // A new worker takes over at once instead of waiting for every tab to close: offline, the shell
        // is the latest build's; online, every navigation comes from the server anyway (below).
        skipWaiting: true,
        clientsClaim: true,
        // Not workbox's navigateFallback, which answers every navigation from the precache: online the
        // server's index.html (no-cache) wins, so a deploy is seen at once; offline the precached one.
        navigateFallback: null,
        // Nor "/" from the precached index.html, which the precache route would do by default.
        directoryIndex: '',
        runtimeCaching: [
          {
            // Serialised into sw.js: it may use nothing from this file. The API, sockets, health and
            // metrics are never answered by the service worker, and nothing else is cached at run time.
            urlPattern: ({ request, url }) =>
              request.mode === 'navigate' &&
              !/^\/(api|socket\.io|healthz|readyz|metrics)(\/|$)/.test(url.pathname),
            handler: 'NetworkOnly',
            options: { precacheFallback: { fallbackURL: '/index.html' } },
          },
        ],
      },
    }),
  ],
  css: {
    postcss: {
      // styles/tokens.css writes the dark palette once, in a prefers-color-scheme media query; this copies
      // it to the theme chosen in the app (theme.ts sets data-theme on <html>), light forced or dark.
      plugins: [
        darkThemeClass({ darkSelector: '[data-theme="dark"]', lightSelector: '[data-theme="light"]' }),
      ],
    },
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // Keeps every script an external file so the CSP needs no 'unsafe-inline'.
    assetsInlineLimit: 0,
    // .vite/manifest.json: which chunks each entry and page loads, for the first-load JS budget test.
    manifest: true,
    rolldownOptions: {
      output: {
        // A few chunks instead of one per shared module (there were 35 on the home page's first load, most
        // under 2 kB): over HTTP/1.1 a phone fetches six at a time, so every further file waits its turn
        // (bench:web, docs/BENCHMARKS.md). A page's own code stays in chunks of its own.
        codeSplitting: {
          groups: [
            // What boot.ts imports (the session, the catalogue's loader, the page table), beside the entry.
            {
              name: 'boot',
              tags: ['$initial'],
              test: (id) => !/[\\/]boot\.ts$|\.html$/.test(id),
              priority: 4,
            },
            // React, the router and TanStack Query: every page needs them.
            {
              name: 'vendor',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
              priority: 3,
            },
            // The shell, the shared UI kit and helpers.
            { name: 'app', test: /src[\\/]web[\\/](app|lib|ui)[\\/]/, priority: 2 },
            // Memory cards and the feed's queries, shared by every page that lists memories (the composer,
            // on the home and group pages only, stays out).
            {
              name: 'feed',
              test: /src[\\/]web[\\/]features[\\/]feed[\\/](?!HomeOrLanding|\w+Page|Composer|mention-token)/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
      '/readyz': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
