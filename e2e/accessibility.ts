// Runs axe-core in a page and returns the serious and critical violations, described well enough to fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './polarity-server.ts';

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

export async function seriousViolations(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    // Colours are judged as they settle: a button caught mid-transition (120 ms after a click) has a colour it never
    // rests on. Endless animations are left running; a transition that does not end within a second is judged as is.
    const ending = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
      .map((a) => a.finished.catch(() => undefined));
    await Promise.race([Promise.all(ending), new Promise((r) => setTimeout(r, 1000))]);
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.slice(0, 3).map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`);
      const more = v.nodes.length > 3 ? `\n  …and ${v.nodes.length - 3} more` : '';
      return `${v.impact} ${v.id}: ${v.help}\n${nodes.join('\n')}${more}`;
    });
}
