// The trade-off ledger in a real browser against the real server: a team lead and a PM (demo sign-in, the demo
// team) add a feature and a tech-debt item and see them in one ranking, each score explaining itself; the lead writes
// a trade-off with a priced risk, both bearers sign it, it is accepted (read-only) and downloads as MADR Markdown;
// then the lead starts a practice quest from both items and reaches its lobby.
// axe-core checks every ledger page; a screenshot of each is saved under artifacts/screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage as check, launchChromium, SCREENSHOTS } from './browser.ts';
import { buildWebClient, type RunningServer, startServer } from './polarity-server.ts';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

let server: RunningServer | undefined;
let browser: Browser | undefined;
const pageErrors: string[] = [];

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  buildWebClient();
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function url(path: string): string {
  if (!server) throw new Error('the server did not start');
  return `${server.url}${path}`;
}

async function person(viewport: { width: number; height: number }, label: string): Promise<Page> {
  if (!browser) throw new Error('the browser did not start');
  // The server's Content-Security-Policy forbids inline scripts; axe-core is injected as one.
  const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  return page;
}

async function demoSignIn(page: Page, name: string, as: 'A team lead' | 'A team member'): Promise<string> {
  await page.goto(url('/sign-in'));
  const demo = page.locator('form', { has: page.getByRole('heading', { name: 'Try the demo' }) });
  await demo.getByLabel('Your name').fill(name);
  await demo.getByLabel('Try it as').selectOption({ label: as });
  await demo.getByRole('button', { name: 'Sign in to the demo' }).click();
  await page.waitForURL(/\/orgs\/[^/]+$/);
  const me = (await (await page.request.get(url('/api/me'))).json()) as {
    memberships: { teams: { id: string; name: string }[] }[];
  };
  const teamId = me.memberships.flatMap((m) => m.teams)[0]?.id;
  assert.ok(teamId, `${name} is in the demo team`);
  return teamId;
}

/** axe finds nothing serious, nothing scrolls sideways, and the page is saved as a screenshot. */

test('a team ranks features and debt together, writes a priced trade-off and both bearers sign it', async () => {
  // The PM signs in first, so the lead finds them among the team's members.
  const pm = await person(PHONE, 'pm');
  const teamId = await demoSignIn(pm, 'Paula PM', 'A team member');
  const lead = await person(DESKTOP, 'lead');
  assert.equal(await demoSignIn(lead, 'Lars Lead', 'A team lead'), teamId);

  await lead.goto(url(`/teams/${teamId}/ledger`));
  await lead.getByRole('heading', { name: 'Ranking', level: 1 }).waitFor();
  await lead.getByText('The backlog is empty.').waitFor();
  await check(lead, 'ledger-ranking-empty');

  // A feature with Intercom's worked example: 450 × 3 × 100% ÷ 2 = 675.
  const add = lead.locator('form', { has: lead.getByRole('heading', { name: 'Add an item' }) });
  await add.getByLabel('Title').fill('CRM integration');
  await add.getByLabel('Estimate in points').fill('8');
  const rice = add.getByRole('group', { name: 'RICE (Intercom)' });
  await rice.getByLabel('Reach per quarter').fill('450');
  await rice.getByLabel('Impact').selectOption({ label: 'massive (3)' });
  await rice.getByLabel('Confidence').selectOption({ label: '100%' });
  await rice.getByLabel('Effort in person-months').fill('2');
  await add.getByRole('button', { name: 'Add to the backlog' }).click();
  const ranking = lead.getByRole('list', { name: 'Backlog ranked by RICE' });
  await ranking.getByText('= 675').waitFor();

  // A tech-debt item in business terms: $1,600 interest a sprint and a 10% chance of a $50,000 outage a quarter.
  await add.getByRole('radio', { name: 'Tech debt' }).check();
  await add.getByLabel('Title').fill('Billing module cleanup');
  await add.getByLabel('Estimate in points').fill('5');
  await add.getByRole('group', { name: 'RICE (Intercom)' }).getByLabel('Confidence').selectOption({ label: '80%' });
  await add.getByLabel('Extra hours per change').fill('16');
  await add.getByLabel('Changes per sprint').fill('1');
  await add.getByLabel('Chance of an outage per quarter (%)').fill('10');
  await add.getByLabel('Cost per outage ($)').fill('50000');
  await add.getByLabel('Cleanup (hours)').fill('40');
  await add.getByRole('button', { name: 'Add to the backlog' }).click();

  // One list: the feature first (675), the debt second (233.6), each with its formula and numbers.
  await ranking.getByRole('heading', { name: /Billing module cleanup/ }).waitFor();
  const rows = ranking.locator(':scope > li');
  assert.equal(await rows.count(), 2);
  assert.match((await rows.nth(0).textContent()) ?? '', /CRM integration.*RICE = Reach × Impact × Confidence ÷ Effort.*= 675/);
  const debtRow = (await rows.nth(1).textContent()) ?? '';
  assert.match(debtRow, /Billing module cleanup.*Tech debt/);
  assert.match(debtRow, /233\.6/);
  assert.match(debtRow, /\$1,600 per sprint/);
  await check(lead, 'ledger-ranking');

  // The team's ICE rule is a setting the lead changes; the ranking can be read with ICE too.
  await lead.getByRole('radio', { name: /their product/ }).check();
  await lead.getByRole('button', { name: 'Save scoring settings' }).click();
  await lead.getByText('Saved. The ranking uses the new settings.').waitFor();

  // A trade-off, written before the decision.
  await lead.getByRole('navigation', { name: 'Ledger sections' }).getByRole('link', { name: 'Trade-offs' }).click();
  await lead.getByText('No trade-off has been written down yet.').waitFor();
  await check(lead, 'ledger-trade-offs-empty');
  await lead.getByLabel('The decision').fill('Ship the CRM integration without load tests');
  await lead.getByRole('button', { name: 'Start a draft' }).click();
  await lead.waitForURL(/\/ledger\/trade-offs\/[0-9a-f-]+$/);
  const recordPath = new URL(lead.url()).pathname;
  const editor = lead.getByRole('form', { name: 'Edit the record' });
  await editor.getByLabel('Context and problem').fill('The renewal needs the CRM sync by the 31st.');
  await editor.getByLabel('Option 1').fill('Ship now, load-test after');
  await editor.getByLabel('Option 2').fill('Wait two weeks for load tests');
  await editor.getByLabel('Chosen option').selectOption({ label: 'Ship now, load-test after' });
  await editor.getByLabel('Because').fill('The renewal is worth more than the expected cost of the risk.');
  await editor.getByRole('button', { name: 'Add a risk' }).click();
  await editor.getByLabel('Risk 1', { exact: true }).fill('The sync falls over under load');
  await editor.getByLabel('Probability (%)').fill('30');
  await editor.getByLabel('Cost ($)').fill('200000');
  await editor.getByText('EMV $60,000').waitFor();
  const bearers = editor.getByRole('group', { name: 'Who bears the consequences' });
  await bearers.getByLabel('Role').first().selectOption({ label: 'Engineering lead' });
  await bearers.getByLabel('Bears').first().fill('the cleanup sprint');
  await bearers.getByLabel(/Add a bearer from/).selectOption({ label: 'Paula PM' });
  await bearers.getByLabel('Role').nth(1).selectOption({ label: 'PM' });
  await bearers.getByLabel('Bears').nth(1).fill('the customer promise');
  await editor.getByRole('button', { name: 'Save the draft' }).click();
  await lead.getByText('Saved as revision 2.').waitFor();
  await check(lead, 'ledger-trade-off-draft');

  await lead.getByRole('button', { name: 'Propose to the bearers' }).click();
  await lead.getByText('Proposed: each bearer can now sign it.').waitFor();
  await lead.getByRole('button', { name: 'Sign off as Engineering lead' }).click();
  await lead.getByText('Waiting for the sign-off of Paula PM.').waitFor();

  // The PM signs on her phone and accepts; the record is then final.
  await pm.goto(url(recordPath));
  await pm.getByRole('button', { name: 'Sign off as PM' }).click();
  await pm.getByRole('button', { name: 'Accept the decision' }).click();
  await pm.getByText('Accepted: this record is final.').waitFor();
  assert.equal(await pm.getByRole('button', { name: 'Save the draft' }).count(), 0, 'an accepted record cannot be edited');
  await pm.getByRole('cell', { name: '$60,000' }).first().waitFor();
  await check(pm, 'ledger-trade-off-accepted-phone');

  const [download] = await Promise.all([
    pm.waitForEvent('download'),
    pm.getByRole('link', { name: 'Download MADR Markdown' }).click(),
  ]);
  const markdown = readFileSync((await download.path()) as string, 'utf8');
  assert.match(markdown, /^---\nstatus: accepted/);
  assert.match(markdown, /Chosen option: "Ship now, load-test after"/);
  assert.match(markdown, /\$60,000/);

  // The lead's view follows: supersede is the only change left.
  await lead.reload();
  await lead.getByRole('button', { name: 'Supersede with a new record' }).waitFor();

  // Every other ledger page, with its empty state, passes axe.
  for (const [section, heading, name] of [
    ['commitments', 'Commitments', 'ledger-commitments'],
    ['sprints', 'Sprints', 'ledger-sprints'],
    ['trust', 'Trust timeline', 'ledger-trust'],
    ['import', 'Import', 'ledger-import'],
    ['practice', 'Practise', 'ledger-practice'],
  ] as const) {
    await lead.goto(url(`/teams/${teamId}/ledger/${section}`));
    await lead.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await lead.locator('.state[role="status"]').first().waitFor({ state: 'detached' });
    await check(lead, name);
  }
  // The accepted record shows on the trust timeline as a repair.
  await lead.goto(url(`/teams/${teamId}/ledger/trust`));
  await lead.getByText('Trade-off written down before deciding').waitFor();

  // Practise the decision on the real backlog: the quest is written from both items and started in the team; the
  // lead (taking part, as team quests need) lands in its lobby as host, where bots can fill the other seats.
  await lead.goto(url('/me'));
  await lead.getByRole('button', { name: 'I agree: take part' }).click();
  await lead.getByText('You are taking part.', { exact: true }).first().waitFor();
  await lead.goto(url(`/teams/${teamId}/ledger/practice`));
  await lead.getByRole('heading', { name: 'Practise this decision' }).waitFor();
  await lead.getByRole('checkbox', { name: /CRM integration/ }).check();
  await lead.getByRole('checkbox', { name: /Billing module cleanup/ }).check();
  await lead.getByLabel('Sprint capacity (points)').fill('8');
  await lead.getByRole('button', { name: 'Write the practice quest' }).click();
  await lead.getByRole('heading', { name: /^Quest ready: practice-/ }).waitFor();
  await lead.getByRole('button', { name: 'Start this practice quest' }).click();
  await lead.waitForURL(/\/quests\/[0-9a-f-]+$/);
  await lead.getByRole('heading', { name: /^Practice: .* next sprint$/, level: 1 }).waitFor();
  await lead.getByRole('heading', { name: 'Choose your seat' }).waitFor();
  await lead.getByText('Support Lead').first().waitFor();
  await check(lead, 'ledger-practice-lobby');

  assert.deepEqual(pageErrors, []);
});
