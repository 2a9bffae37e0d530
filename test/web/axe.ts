import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { horizontalOverflow, settle } from './harness.ts';

// axe-core on the page as it stands, with its default rules (WCAG 2.x A and AA, best practices) and the
// WCAG 2.2 target-size rule that Lighthouse's accessibility score also runs; a violation of serious or
// critical impact fails (colour contrast, names of controls, landmarks, labels, touch targets…).

const BLOCKING = new Set(['serious', 'critical']);

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  /** The first few offending elements, as CSS selectors. */
  targets: string[];
}

/** Serious and critical axe violations on the page, each with where it is. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'target-size': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/** One line per finding, for an assertion message. */
export function describeFindings(findings: AxeFinding[]): string[] {
  return findings.map((f) => `axe ${f.impact} ${f.id}: ${f.help} — ${f.targets.join(', ')}`);
}

/**
 * Once the page has settled, no serious or critical axe finding; with `noOverflow`, no sideways
 * scrolling either (a page checked on a 360 px phone).
 */
export async function expectAccessible(page: Page, { noOverflow = false } = {}): Promise<void> {
  await settle(page);
  expect(describeFindings(await axeViolations(page)), page.url()).toEqual([]);
  if (noOverflow) {
    const overflow = await horizontalOverflow(page);
    expect(overflow.by, overflow.culprits.join('; ')).toBeLessThanOrEqual(1);
  }
}
