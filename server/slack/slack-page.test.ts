// The Slack admin page and the host link in a real browser against the real server (embedded mode, Slack on in HTTP
// mode; nothing here calls Slack): a demo admin opens Organisation → Slack, sees "Add to Slack" pointing at the
// install route, changes who may see team insights and the announcement channel, and the choice survives a reload;
// axe finds nothing serious. A host link from Slack (#player=…) opens the quest as its host and leaves no seat in
// the address bar.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../../e2e/accessibility.ts';
import { launchChromium } from '../../e2e/browser.ts';
import { buildWebClient, type RunningServer, startServer } from '../../e2e/polarity-server.ts';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const pageErrors: string[] = [];

before(async () => {
  buildWebClient();
  server = await startServer({
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'e2e-secret',
    SLACK_SIGNING_SECRET: 'e2e-signing',
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<Page> {
  if (!browser) throw new Error('the browser did not start');
  // axe-core is injected as an inline script, which the server's Content-Security-Policy forbids.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

const at = (path: string) => `${server?.url}${path}`;

test('an admin manages Slack from the organisation’s Slack page', async () => {
  const page = await newPage();
  await page.goto(at('/sign-in'));
  const demo = page.locator('form', { has: page.getByRole('heading', { name: 'Try the demo' }) });
  await demo.getByLabel('Your name').fill('Ada Admin');
  await demo.getByLabel('Try it as').selectOption({ label: 'An organisation admin' });
  await demo.getByRole('button', { name: 'Sign in to the demo' }).click();
  await page.waitForURL(/\/orgs\/[^/]+$/);
  const orgPath = new URL(page.url()).pathname;

  await page.goto(at(`${orgPath}/slack`));
  await page.getByRole('heading', { name: 'Slack', level: 1 }).waitFor();
  await page.getByText('Not installed in any Slack workspace yet.').waitFor();
  const add = page.getByRole('link', { name: 'Add to Slack' });
  assert.equal(await add.getAttribute('href'), `/api${orgPath}/slack/install`);

  await page.getByRole('radio', { name: 'Organisation admins only' }).check();
  await page.getByLabel('Announcement channel id').fill('nonsense');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: /channel id looks like/ })
    .waitFor();

  await page.getByLabel('Announcement channel id').fill('C0ANNOUNCE');
  await page.getByLabel('Its name (shown here only)').fill('announcements');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);

  await page.reload();
  await page.getByRole('heading', { name: 'Slack', level: 1 }).waitFor();
  assert.equal(await page.getByRole('radio', { name: 'Organisation admins only' }).isChecked(), true);
  assert.equal(await page.getByLabel('Announcement channel id').inputValue(), 'C0ANNOUNCE');
  assert.deepEqual(pageErrors, []);
});

test('a host link from Slack opens the quest as its host and clears the seat from the address bar', async () => {
  const created = await fetch(at('/api/quests'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenarioId: 'ship-by-friday', name: 'Høst Ünïcode' }),
  });
  assert.equal(created.status, 201);
  const { questId, player } = (await created.json()) as { questId: string; player: { id: string; token: string; name: string } };
  const fragment = Buffer.from(JSON.stringify(player)).toString('base64url');
  const page = await newPage();
  await page.goto(at(`/quests/${questId}#player=${fragment}`));
  await page.getByText('Høst Ünïcode').first().waitFor();
  assert.equal(new URL(page.url()).hash, '');
  const stored = await page.evaluate((id) => localStorage.getItem(`polarity.quest.${id}`), questId);
  assert.equal(JSON.parse(stored ?? '{}').token, player.token);
  assert.deepEqual(pageErrors, []);
});
