import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as prettier from 'prettier';
import { log } from '../bench/lib/log.ts';
import { seedEvents } from '../bench/lib/web-events.ts';
import { seedGroups } from '../bench/lib/web-groups.ts';
import { WEB_PAGES, type PageData, type WebPage } from '../bench/lib/web-pages.ts';
import {
  CHROMIUM,
  CHROMIUM_FLAGS,
  ROOT,
  SEED_PASSWORD,
  ensureWebBuild,
  logIn,
  pickDancers,
  seedChats,
  startSeededServer,
  type SeededServer,
} from '../bench/lib/web-server.ts';

// npm run screens [-- --users N] [--only name,name]
// Every page of the web app at 360 and 1280 px, light and dark, on the real server seeded with a small
// community on 127.0.0.1, into docs/screens/<page>-<width>-<theme>.png; signed in as a seeded dancer
// where the page is about the dancer. Rewrites the README's table of them.

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '300' },
    only: { type: 'string' },
  },
});
const USERS = Math.min(5_000, Math.max(10, Number(values.users)));
const ONLY = values.only ? new Set(values.only.split(',')) : undefined;
const OUT = path.join(ROOT, 'docs/screens');
const README = path.join(ROOT, 'README.md');
const WIDTHS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];
const THEMES = ['light', 'dark'] as const;
// What a phone shows reactions with; Debian's Chromium draws boxes without it.
const EMOJI_FONT = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
const START = '<!-- screens:start -->';
const END = '<!-- screens:end -->';

interface FeedMemory {
  id: string;
  city: string | null;
  tags: string[];
  commentCount: number;
}

/** The seeded data the paths point at: the viewer, and the most commented recent public memory. */
async function findData(
  base: string,
): Promise<Omit<PageData, 'conversationId' | 'groupId' | 'eventId'> & { others: string[] }> {
  const { viewer, profile, others } = await pickDancers(base);
  const res = await fetch(`${base}/api/v1/feed/public?limit=50`);
  const memories = ((await res.json()) as { data: FeedMemory[] }).data;
  const memory = [...memories].sort((a, b) => b.commentCount - a.commentCount)[0];
  if (!memory) throw new Error('the seeded community has no public memory');
  return {
    username: viewer,
    // The profile's author first: the chat pages show a conversation with them.
    others: [profile, ...others],
    memoryId: memory.id,
    tag: memory.tags[0] ?? 'milonga',
    city: memory.city ?? memories.find((m) => m.city)?.city ?? 'Buenos Aires',
  };
}

/**
 * The seed writes rows, not notifications: a few dancers react to and comment on the viewer's newest
 * memory through the API, so the notifications page has something to show.
 */
async function makeNotifications(base: string, viewer: string): Promise<void> {
  const own = await fetch(`${base}/api/v1/users/${viewer}/memories?limit=1`);
  const memory = ((await own.json()) as { data: { id: string }[] }).data[0];
  if (!memory) return;
  const feed = await fetch(`${base}/api/v1/feed/public?limit=50`);
  const others = [
    ...new Set(
      ((await feed.json()) as { data: { author: { username: string } }[] }).data.map(
        (m) => m.author.username,
      ),
    ),
  ]
    .filter((u) => u !== viewer)
    .slice(0, 3);
  const lines = [
    '¡Qué linda noche! Nos vemos el jueves.',
    'Esa tanda de Pugliese fue un regalo.',
    'Gracias por el abrazo 💃',
  ];
  for (const [i, other] of others.entries()) {
    const { token } = await logIn(base, other);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${base}/api/v1/memories/${memory.id}/reactions/abrazo`, { method: 'PUT', headers });
    await fetch(`${base}/api/v1/memories/${memory.id}/comments`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ body: lines[i % lines.length] }),
    });
  }
}

/** Loaded, quiet for half a second, and without a skeleton left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'), undefined, {
      timeout: 10_000,
    })
    .catch(() => undefined);
}

async function shoot(browser: Browser, base: string, data: PageData, page: WebPage): Promise<string[]> {
  const files: string[] = [];
  for (const theme of THEMES) {
    for (const size of WIDTHS) {
      const context = await browser.newContext({
        baseURL: base,
        viewport: size,
        colorScheme: theme,
        reducedMotion: 'reduce',
        serviceWorkers: 'block',
        locale: 'en-US',
        timezoneId: 'America/Argentina/Buenos_Aires',
      });
      try {
        if (page.signedInShot) {
          const res = await context.request.post('/api/v1/auth/login', {
            data: { login: data.username, password: SEED_PASSWORD },
          });
          if (res.status() !== 200) throw new Error(`login as ${data.username}: ${res.status()}`);
        }
        const tab = await context.newPage();
        await tab.goto(page.path(data), { waitUntil: 'load' });
        await settle(tab);
        const file = `${page.name}-${size.width}-${theme}.png`;
        await tab.screenshot({ path: path.join(OUT, file) });
        files.push(file);
      } finally {
        await context.close();
      }
    }
  }
  return files;
}

/** The README's table: one row per page, one link per width and theme. */
async function writeReadme(): Promise<void> {
  const rows = WEB_PAGES.map((p) => {
    const cells = WIDTHS.flatMap((w) =>
      THEMES.map((t) => {
        const file = `docs/screens/${p.name}-${w.width}-${t}.png`;
        return existsSync(path.join(ROOT, file)) ? `[${w.width} ${t}](${file})` : '—';
      }),
    );
    return `| ${p.name} | \`${p.route}\` | ${p.signedInShot ? 'yes' : 'no'} | ${cells.join(' | ')} |`;
  });
  const section = `${START}
## Screens

Every page of the web app on a phone (360 px) and a desktop (1280 px), light and dark, taken by
\`npm run screens\` from the real server seeded with a small community (\`npm run seed -- --users ${USERS}\`),
signed in as a seeded dancer where the page is about the dancer.

| page | route | signed in | ${WIDTHS.flatMap((w) => THEMES.map((t) => `${w.width} ${t}`)).join(' | ')} |
| --- | --- | --- | ${WIDTHS.flatMap(() => THEMES.map(() => '---')).join(' | ')} |
${rows.join('\n')}

![The home feed on a phone](docs/screens/home-360-light.png)
${END}`;
  const current = readFileSync(README, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start !== -1 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  const config = (await prettier.resolveConfig(README)) ?? {};
  writeFileSync(README, await prettier.format(next, { ...config, filepath: README }));
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    log(`${CHROMIUM} is missing: apt-get install chromium`);
    return 2;
  }
  if (!existsSync(EMOJI_FONT)) {
    log(
      `no colour emoji font (${EMOJI_FONT}): reactions will show as boxes; apt-get install fonts-noto-color-emoji`,
    );
  }
  mkdirSync(OUT, { recursive: true });
  ensureWebBuild();
  let server: SeededServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startSeededServer({ users: USERS });
    const found = await findData(server.base);
    await makeNotifications(server.base, found.username);
    const chats = await seedChats(server.base, found.username, found.others);
    const conversationId = chats.conversationIds[0];
    if (!conversationId) throw new Error('no conversation was made for the chat pages');
    const { groupId } = await seedGroups(server.base, found.username, found.others, found.city);
    const { eventId } = await seedEvents(server.base, found.username, found.others, found.city);
    const data: PageData = { ...found, conversationId, groupId, eventId };
    log(
      `signed in as ${data.username}; memory ${data.memoryId}, #${data.tag}, ${data.city}, group ${groupId}`,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    for (const page of WEB_PAGES) {
      if (ONLY && !ONLY.has(page.name)) continue;
      const files = await shoot(browser, server.base, data, page);
      log(`${page.name}: ${files.join(', ')}`);
    }
  } finally {
    await browser?.close();
    await server?.stop();
  }
  await writeReadme();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`screens failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
