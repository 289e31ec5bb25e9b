// Three people, each in their own browser, play "Ship by Friday" through an invite link with a bot in the fourth
// seat: they pool intel, propose with priced risks, object, vote, pause, and reach the debrief. One of them reloads
// mid-quest and carries on; another loses the network for a moment and catches up. axe-core checks every main
// screen, and a screenshot of each is saved under artifacts/screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './accessibility.ts';
import { launchChromium, SCREENSHOTS } from './browser.ts';
import { buildWebClient, type RunningServer, startServer } from './polarity-server.ts';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const pageErrors: string[] = [];

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  buildWebClient();
  // Quick bots keep the whole quest within a couple of minutes; the rules they play by are the same.
  server = await startServer({ POLARITY_BOT_THINK_MS: '300-900' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function person(viewport: { width: number; height: number }, label: string): Promise<Page> {
  if (!browser) throw new Error('the browser did not start');
  // The server's Content-Security-Policy forbids inline scripts; axe-core is injected as one.
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  return page;
}

async function assertAccessible(page: Page, screen: string): Promise<void> {
  const problems = await seriousViolations(page);
  assert.deepEqual(problems, [], `axe found serious or critical violations on the ${screen}:\n${problems.join('\n')}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  // A full-page capture draws sticky bars where the page is scrolled to: start from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function waitForPhase(page: Page, phase: 'Briefing' | 'Discussion' | 'Consequences'): Promise<void> {
  // Phones hide the phase steps (the timer names the phase), so wait for the marker to exist, not to show.
  await page.locator('.phase-steps [aria-current="step"]', { hasText: phase }).waitFor({ state: 'attached' });
}

function proposal(page: Page, choice: RegExp) {
  return page.locator('article.proposal', { has: page.getByRole('heading', { name: choice }) }).first();
}

async function everyoneReady(pages: Page[], button: RegExp): Promise<void> {
  for (const p of pages) await p.getByRole('button', { name: button }).click();
}

async function propose(page: Page, option: RegExp, risk?: { text: string; percent: string; cost: string }): Promise<void> {
  await page.getByRole('button', { name: 'New proposal' }).click();
  const form = page.locator('form.proposal-form');
  await form.getByRole('radio', { name: option }).check();
  if (risk) {
    await form.getByRole('textbox', { name: 'Risk 1', exact: true }).fill(risk.text);
    await form.getByLabel('Likelihood %').fill(risk.percent);
    await form.getByLabel('Cost if it happens').fill(risk.cost);
  }
  await form
    .getByLabel('Why this, and what you will commit to')
    .fill('We keep the date for the clinics that need it and watch the queue.');
  await form.getByRole('button', { name: 'Propose' }).click();
  await proposal(page, option).waitFor();
}

test('three browsers play Ship by Friday from the invite link to the debrief', { timeout: 180_000 }, async () => {
  assert.ok(server);
  const dana = await person({ width: 1366, height: 900 }, 'Dana');
  const sam = await person({ width: 1280, height: 800 }, 'Sam');
  const lee = await person({ width: 375, height: 812 }, 'Lee');
  try {
    await playToTheDebrief(dana, sam, lee);
  } catch (e) {
    // What each person saw when it failed is the quickest way to understand why.
    for (const [name, page] of Object.entries({ dana, sam, lee })) {
      await screenshot(page, `failure-${name}`).catch(() => {});
      const text = await page
        .locator('body')
        .textContent()
        .catch(() => '');
      writeFileSync(join(SCREENSHOTS, `failure-${name}.txt`), text ?? '');
    }
    throw e;
  }
  assert.deepEqual(pageErrors, [], 'no page threw an uncaught error');
});

async function playToTheDebrief(dana: Page, sam: Page, lee: Page): Promise<void> {
  assert.ok(server);
  const everyone = [dana, sam, lee];

  // Home: the gallery, then a new quest.
  await dana.goto(server.url);
  await dana.getByRole('heading', { name: 'Ship by Friday', level: 3 }).waitFor();
  await assertAccessible(dana, 'home screen');
  await screenshot(dana, 'home');
  await dana.getByLabel('Your name').fill('Dana');
  await dana
    .locator('article.scenario-card', { hasText: 'Ship by Friday' })
    .getByRole('button', { name: 'Start a quest' })
    .click();
  await dana.getByRole('heading', { name: 'Choose your seat' }).waitFor();
  const invite = await dana.getByLabel('Invite link').inputValue();
  assert.match(invite, /\/join\/[A-Za-z0-9_-]+$/);

  // Two more people join through the link; everyone picks a role.
  for (const [page, name] of [
    [sam, 'Sam'],
    [lee, 'Lee'],
  ] as const) {
    await page.goto(invite);
    await page.getByRole('heading', { name: 'Ship by Friday', level: 1 }).waitFor();
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join quest' }).click();
    await page.getByRole('heading', { name: 'Choose your seat' }).waitFor();
  }
  await dana.getByRole('button', { name: 'Take this seat: Product Manager' }).click();
  await sam.getByRole('button', { name: 'Take this seat: Engineering Lead' }).click();
  await lee.getByRole('button', { name: 'Take this seat: Customer Success Manager' }).click();
  await dana.getByText('3 of 4 roles seated').waitFor();
  await dana.locator('#people-title', { hasText: '3 online' }).waitFor();
  // A quiet bot goes along with the team, so the path through the quest is the people's, not the bot's.
  await dana.getByLabel('Bot persona for empty seats').selectOption('quiet');
  await dana.getByRole('button', { name: 'Fill 1 empty seat with bots' }).click();
  await dana.getByText('Bot · quiet').waitFor();
  await dana.getByText('4 of 4 roles seated').waitFor();
  await assertAccessible(dana, 'lobby');
  await screenshot(dana, 'lobby');
  await screenshot(lee, 'lobby-mobile');
  await dana.getByRole('button', { name: 'Start the quest' }).click();

  // Scene 1: brief, pool the two cards that unlock the pilot release, talk, propose, object, vote.
  for (const p of everyone) await p.getByRole('heading', { name: 'Thursday, 4:40 pm' }).waitFor();
  await everyoneReady(everyone, /ready to discuss/);
  for (const p of everyone) await waitForPhase(p, 'Discussion');
  await dana.getByRole('button', { name: 'Share with team: What Halcyon actually signed' }).click();
  await lee.getByRole('button', { name: 'Share with team: How Halcyon schedules on Mondays' }).click();
  await dana.getByText('Solved together: The pilot clinics are the real Monday').waitFor();
  await sam.getByLabel('Message to the team').fill('The queue stops draining at about 1,200 jobs a minute.');
  await sam.getByRole('button', { name: 'Say', exact: true }).click();
  await lee.getByRole('log').getByText('The queue stops draining at about 1,200 jobs a minute.').waitFor();
  await dana.getByLabel('Message to the team').fill('How big was their biggest Monday burst?');
  await dana.getByRole('button', { name: 'Ask a question' }).click();
  await sam.getByRole('log').getByText('How big was their biggest Monday burst?').waitFor();

  const pilot = /behind a flag to Halcyon/;
  await propose(dana, pilot, {
    text: 'All 40 clinics turn out to be in scope and flood the queue',
    percent: '20',
    cost: '38000',
  });
  const leeView = proposal(lee, pilot);
  await leeView.waitFor();
  await leeView.getByRole('button', { name: 'Object…' }).click();
  await leeView.getByLabel('Why you object').fill('Their schedulers double-click submit; that doubles the burst.');
  await leeView.getByRole('button', { name: 'Raise objection' }).click();
  // Look in the posted objections only: the form's text box may still hold the same words.
  await leeView.locator('.objections').getByText('Their schedulers double-click submit; that doubles the burst.').waitFor();
  // The same objection again is refused by the server, and the reason shows next to the control.
  await leeView.getByRole('button', { name: 'Object…' }).click();
  await leeView.getByLabel('Why you object').fill('Their schedulers double-click submit; that doubles the burst.');
  await leeView.getByRole('button', { name: 'Raise objection' }).click();
  await leeView.getByRole('alert').filter({ hasText: 'already raised that objection' }).waitFor();
  await leeView.getByRole('button', { name: 'Cancel' }).click();

  await assertAccessible(dana, 'quest screen');
  await screenshot(dana, 'quest');
  await screenshot(lee, 'quest-mobile');

  // Sam reloads mid-quest: the token in localStorage rejoins the same seat, with the conversation intact.
  await sam.reload();
  await sam.getByRole('heading', { name: 'Thursday, 4:40 pm' }).waitFor();
  await sam.getByRole('log').getByText('The queue stops draining at about 1,200 jobs a minute.').waitFor();
  await proposal(sam, pilot).getByRole('button', { name: 'Vote yes' }).click();
  await proposal(dana, pilot).getByRole('button', { name: 'Vote yes' }).click();
  for (const p of everyone) await waitForPhase(p, 'Consequences');
  await dana.getByRole('heading', { name: 'What happened' }).waitFor();
  await dana
    .getByText(/Decided by vote: Ship Friday behind a flag/)
    .first()
    .waitFor();
  await everyoneReady(everyone, /Ready for what comes next/);

  // Scene 2: the host pauses and resumes; the two bearers agree on a time-boxed fix.
  for (const p of everyone) await p.getByRole('heading', { name: 'Monday, 9:30 am' }).waitFor();
  await everyoneReady(everyone, /ready to discuss/);
  for (const p of everyone) await waitForPhase(p, 'Discussion');
  await dana.getByRole('button', { name: 'Pause', exact: true }).click();
  await lee.locator('.timer-label', { hasText: 'Paused' }).waitFor();
  await dana.getByRole('button', { name: 'Resume' }).click();
  await lee.locator('.timer-label', { hasText: 'Discussion ends in' }).waitFor();
  // Lee's network drops: the banner says so, and what was said meanwhile arrives once Lee is back.
  await lee.context().setOffline(true);
  await lee.getByText('Connection lost. Reconnecting…').waitFor();
  await screenshot(lee, 'quest-reconnecting-mobile');
  await dana.getByLabel('Message to the team').fill('Lee, chunking and alerts fit in three days.');
  await dana.getByRole('button', { name: 'Say', exact: true }).click();
  await sam.getByRole('log').getByText('Lee, chunking and alerts fit in three days.').waitFor();
  await lee.context().setOffline(false);
  await lee.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });
  await lee.getByRole('log').getByText('Lee, chunking and alerts fit in three days.').waitFor();
  const timeboxed = /Three days of chunking/;
  await propose(dana, timeboxed);
  await proposal(sam, timeboxed).getByRole('button', { name: 'Vote yes' }).click();
  await proposal(dana, timeboxed).getByRole('button', { name: 'Vote yes' }).click();
  for (const p of everyone) await waitForPhase(p, 'Consequences');
  await everyoneReady(everyone, /Ready for what comes next/);

  // Scene 3: a working agreement needs everyone, the bot included.
  for (const p of everyone) await p.getByRole('heading', { name: 'Friday retro' }).waitFor();
  await everyoneReady(everyone, /ready to discuss/);
  for (const p of everyone) await waitForPhase(p, 'Discussion');
  const loadGate = /Add a load test to the release checklist/;
  await propose(dana, loadGate);
  for (const p of everyone) await proposal(p, loadGate).getByRole('button', { name: 'Vote yes' }).click();
  for (const p of everyone) await waitForPhase(p, 'Consequences');
  await everyoneReady(everyone, /Ready for what comes next/);

  // Debrief: outcome, chart, moments, framework, and every role's intel revealed.
  for (const p of everyone) await p.getByRole('heading', { name: 'Metrics over time' }).waitFor();
  await dana.getByRole('heading', { name: 'Key moments' }).waitFor();
  await dana.getByRole('heading', { name: 'The framework, step by step' }).waitFor();
  await lee.getByRole('heading', { name: 'Everyone’s private intel, revealed' }).waitFor();
  await lee.getByText("Wednesday night's load test").waitFor();
  assert.ok((await dana.locator('.timeline li').count()) > 0, 'the timeline lists key moments');
  await assertAccessible(dana, 'debrief');
  await screenshot(dana, 'debrief');
  await screenshot(lee, 'debrief-mobile');
}

test('one person practises solo with bots in every other seat, and the host can end early', { timeout: 90_000 }, async () => {
  assert.ok(server);
  const page = await person({ width: 1280, height: 800 }, 'Solo');
  await page.goto(server.url);
  await page.getByLabel('Your name').fill('Riya');
  const card = page.locator('article.scenario-card', { hasText: 'Ship by Friday' });
  await card.getByLabel('Practise solo as').selectOption({ label: 'Engineering Lead' });
  await card.getByRole('button', { name: 'Practise solo' }).click();
  await page.getByRole('heading', { name: 'Thursday, 4:40 pm' }).waitFor();
  await page.getByRole('heading', { name: /Sam Reyes/ }).waitFor();
  assert.equal(await page.locator('.team-list .dot-bot').count(), 3, 'the three other roles are bots');
  await page.getByRole('button', { name: /ready to discuss/ }).click();
  await waitForPhase(page, 'Discussion');
  await page.getByRole('button', { name: 'New proposal' }).click();
  await page.locator('form.proposal-form').waitFor();
  await page.getByText('Name a need you hear in someone else').click();
  await assertAccessible(page, 'quest screen with the proposal form open');
  await page.getByRole('button', { name: 'End quest…' }).click();
  await page.getByRole('button', { name: 'Yes, end the quest' }).click();
  await page.getByText('Ended early, before the last scene').waitFor();
  await page.getByRole('heading', { name: 'Everyone’s private intel, revealed' }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('a broken invite, a quest this browser never joined and an unknown address each explain themselves', async () => {
  assert.ok(server);
  const page = await person({ width: 375, height: 812 }, 'Lost');
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Ship by Friday', level: 3 }).waitFor();
  await screenshot(page, 'home-mobile');
  await page.goto(`${server.url}/join/not-a-real-invite`);
  await page.getByRole('heading', { name: 'This invite link does not work' }).waitFor();
  await page.goto(`${server.url}/quests/not-a-real-quest`);
  await page.getByRole('heading', { name: 'You are not in this quest' }).waitFor();
  await page.goto(`${server.url}/somewhere/else`);
  await page.getByRole('heading', { name: 'There is nothing at this address' }).waitFor();
  await assertAccessible(page, 'not-found page');
});
