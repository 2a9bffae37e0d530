import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

// One-off: renders the app's PNG icons (web app manifest, Apple touch icon) from the favicon's design with
// Debian's Chromium, into src/web/public/icons/, where they are committed. Run again only when the design
// changes: `tsx scripts/make-icons.ts`.

const OUT = path.resolve(import.meta.dirname, '../src/web/public/icons');
const WINE = '#8b1e3f';
const LETTER = `font-family="Georgia, 'Liberation Serif', serif" text-anchor="middle" fill="#fff"`;

/** The favicon: a wine-red disc with a white "A", on transparency. */
const roundIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <circle cx="32" cy="32" r="30" fill="${WINE}"/>
  <text x="32" y="43" font-size="30" ${LETTER}>A</text></svg>`;

/**
 * Full bleed, for launchers that cut their own shape (maskable) and for iOS (which fills transparency
 * with black): the letter stays inside the central 80 % circle that every mask keeps.
 */
const squareIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" fill="${WINE}"/>
  <text x="32" y="42" font-size="26" ${LETTER}>A</text></svg>`;

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: roundIcon },
  { file: 'icon-512.png', size: 512, svg: roundIcon },
  { file: 'icon-maskable-512.png', size: 512, svg: squareIcon },
  { file: 'apple-touch-icon-180.png', size: 180, svg: squareIcon },
];

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const html =
      `<html><body style="margin:0;background:transparent">` +
      `<div style="width:${icon.size}px;height:${icon.size}px">${icon.svg.replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `)}</div>` +
      `</body></html>`;
    await page.setContent(html);
    await page.screenshot({ path: path.join(OUT, icon.file), omitBackground: true });
    await page.close();
    process.stdout.write(`${icon.file} ${icon.size}×${icon.size}\n`);
  }
} finally {
  await browser.close();
}
