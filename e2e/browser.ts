// What every browser test shares: Debian's Chromium with the flags this machine needs, and one check of a page that
// a person would notice — serious accessibility problems, sideways scrolling — with a screenshot kept for review.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { seriousViolations } from './accessibility.ts';
import { ROOT } from './polarity-server.ts';

export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Playwright cannot download its own browser here, so the tests drive Debian's. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** axe finds nothing serious, the page fits its width (naming the widest culprits if not), and a screenshot is kept. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const problems = await seriousViolations(page);
  assert.deepEqual(problems, [], `axe found serious or critical violations on ${name}:\n${problems.join('\n')}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) {
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(-5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').slice(0, 40)}"`),
    );
    assert.fail(`${name} scrolls sideways by ${overflow}px at ${page.viewportSize()?.width}px:\n${wide.join('\n')}`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
