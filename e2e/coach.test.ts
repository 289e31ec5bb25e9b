// The private coach in a real browser against the real server (embedded mode): a demo member opts in, practises a
// quest solo and ends it; the quest's end writes their private debrief, which appears unread in their inbox and in
// the header's count, opens with its quoted moments and one thing to practise, and is marked read. A second quest's
// shared debrief links straight to its private one. They ask the coach a question and see its sources, find it in
// their history, and delete all their coaching. axe-core checks each page; a screenshot of each is saved.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { GOOD_ANSWER, startModelServer } from '../server/coach/test-model-server.ts';
import { checkPage as check, launchChromium, SCREENSHOTS } from './browser.ts';
import { buildWebClient, type RunningServer, startServer } from './polarity-server.ts';

let server: RunningServer | undefined;
let browser: Browser | undefined;
const pageErrors: string[] = [];

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  buildWebClient();
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
  // Generous: the machines running this are shared, and a slow moment must not read as a broken page.
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  return page;
}

function url(path: string): string {
  if (!server) throw new Error('the server did not start');
  return `${server.url}${path}`;
}

/** A solo quest as the Engineering Lead with bots in the other seats: one message, then the host ends it early. */
async function playSoloAndEnd(page: Page, message: string): Promise<void> {
  await page.goto(url('/'));
  await page.getByLabel('Your name').fill('Mina');
  const card = page.locator('article.scenario-card', { hasText: 'Ship by Friday' });
  await card.getByLabel('Practise solo as').selectOption({ label: 'Engineering Lead' });
  await card.getByRole('button', { name: 'Practise solo' }).click();
  await page.getByRole('heading', { name: 'Thursday, 4:40 pm' }).waitFor();
  await page.getByRole('button', { name: /ready to discuss/ }).click();
  await page.locator('.phase-steps [aria-current="step"]', { hasText: 'Discussion' }).waitFor({ state: 'attached' });
  await page.getByLabel('Message to the team').fill(message);
  await page.getByRole('button', { name: 'Say', exact: true }).click();
  await page.getByRole('log').getByText(message).waitFor();
  await page.getByRole('button', { name: 'End quest…' }).click();
  await page.getByRole('button', { name: 'Yes, end the quest' }).click();
  await page.getByText('Ended early, before the last scene').waitFor();
}

test('a member reads their private debrief, asks the coach, and deletes their coaching', { timeout: 480_000 }, async () => {
  const page = await person({ width: 1280, height: 900 }, 'member');

  // Not signed in: the coach says whose page it is and offers to sign in.
  await page.goto(url('/me/coach'));
  await page.getByRole('heading', { name: 'Sign in to continue' }).waitFor();

  await page.goto(url('/sign-in'));
  const demo = page.locator('form', { has: page.getByRole('heading', { name: 'Try the demo' }) });
  await demo.getByLabel('Your name').fill('Mina Member');
  await demo.getByLabel('Try it as').selectOption({ label: 'A team member' });
  await demo.getByRole('button', { name: 'Sign in to the demo' }).click();
  await page.getByRole('navigation', { name: 'Account' }).getByText('Mina Member').waitFor();

  // Debriefs go to people who take part.
  await page.goto(url('/me'));
  await page.getByRole('button', { name: 'I agree: take part' }).click();
  await page.getByText('You are taking part.', { exact: true }).first().waitFor();

  // An empty coach first.
  await page.goto(url('/me/coach'));
  await page.getByRole('heading', { name: 'Your coach', level: 1 }).waitFor();
  await page.getByText(/After each quest you play signed in/).waitFor();

  await playSoloAndEnd(page, 'Before we pick, the queue stops draining at about 1,200 jobs a minute.');

  // The debrief is written a moment after the quest ends; the inbox shows it unread, and so does the header.
  await page.goto(url('/me/coach'));
  const inbox = page.locator('.coach-inbox');
  for (let tries = 0; (await inbox.count()) === 0; tries++) {
    assert.ok(tries < 60, 'the debrief never arrived');
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByRole('heading', { name: 'Your debriefs' }).waitFor();
  }
  const item = inbox.getByRole('link', { name: /Ship by Friday/ });
  await item.getByText('New').waitFor();
  const coachLink = page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: /Coach/ });
  await coachLink.getByText('1 unread debrief').waitFor({ state: 'attached' });
  await check(page, 'coach-inbox');

  await item.click();
  await page.getByRole('heading', { name: 'Ship by Friday', level: 2 }).waitFor();
  await page.getByRole('heading', { name: 'One thing to practise' }).waitFor();
  await page.getByText('Try saying:').waitFor();
  const observations = page.locator('.coach-observation');
  const n = await observations.count();
  assert.ok(n >= 1 && n <= 3, `one to three observations, not ${n}`);
  // Each names its framework step and the moment, in its scene and at its time.
  await observations.first().locator('.tag').waitFor();
  assert.match((await observations.first().innerText()) ?? '', /\d+:\d\d into the quest/);
  assert.equal(await page.getByText(/score/i).count(), 0, 'a private debrief never mentions the score');
  await check(page, 'coach-debrief');
  // Opening it marked it read.
  await coachLink.getByText('unread').waitFor({ state: 'detached' });
  await page.getByRole('link', { name: '← All your debriefs' }).click();
  await page.getByRole('heading', { name: 'Your debriefs' }).waitFor();
  await page.getByText('One debrief, all opened.').waitFor();

  // Ask the coach: the answer says where it came from.
  const ask = page.locator('section', { has: page.getByRole('heading', { name: 'Ask the coach' }) });
  await ask.getByRole('button', { name: 'Ask' }).click();
  await ask.getByRole('alert').filter({ hasText: 'Write your question first' }).waitFor();
  await ask.getByLabel('What is the situation?').fill('How do I push back on a deadline my PM promised a customer?');
  await ask.getByRole('button', { name: 'Ask' }).click();
  await ask.getByRole('heading', { name: 'Where this comes from' }).waitFor();
  await ask.getByText('Written by the playbook coach', { exact: false }).waitFor();
  await ask.getByText(/Playbook: .*promised to a customer/).waitFor();
  await ask.getByRole('heading', { name: 'Lines you could use' }).waitFor();
  await check(page, 'coach-answer');

  // Their history keeps it.
  const history = page.locator('section', { has: page.getByRole('heading', { name: 'What you asked before' }) });
  await history.getByText('How do I push back on a deadline my PM promised a customer?').waitFor();

  // A second quest's shared debrief links to its private one, which opens once written.
  await playSoloAndEnd(page, 'What does the customer actually need on Monday?');
  await page.getByRole('link', { name: 'Read your private debrief' }).click();
  await page.getByRole('heading', { name: 'One thing to practise' }).waitFor({ timeout: 90_000 });
  await page.getByRole('link', { name: '← All your debriefs' }).click();
  await page.getByText('2 debriefs, all opened.').waitFor();

  // Deleting all of it: asked twice, then nothing is left.
  await page.getByRole('button', { name: 'Delete my coaching…' }).click();
  await page.getByRole('button', { name: 'Yes, delete all my coaching' }).click();
  await page.getByText(/Deleted\. The coach holds nothing about you now/).waitFor();
  await page.getByText(/After each quest you play signed in/).waitFor();
  await history.getByText(/Nothing yet/).waitFor();
  await check(page, 'coach-after-delete');
  assert.deepEqual(pageErrors, []);
});

test('on a phone, the coach page reads without sideways scrolling', async () => {
  const page = await person({ width: 375, height: 812 }, 'phone');
  await page.goto(url('/sign-in'));
  const demo = page.locator('form', { has: page.getByRole('heading', { name: 'Try the demo' }) });
  await demo.getByLabel('Your name').fill('Pia Phone');
  await demo.getByLabel('Try it as').selectOption({ label: 'A team lead' });
  await demo.getByRole('button', { name: 'Sign in to the demo' }).click();
  await page.getByRole('navigation', { name: 'Account' }).getByText('Pia Phone').waitFor();
  await page.goto(url('/me/coach'));
  await page.getByRole('heading', { name: 'Ask the coach' }).waitFor();
  await page.getByText(/After each quest you play signed in/).waitFor();
  await check(page, 'coach-phone');
  assert.deepEqual(pageErrors, []);
});

test('with a model configured, the answer says the model wrote it; when the model fails, the playbook answers', async () => {
  const model = await startModelServer();
  const servers: RunningServer[] = [];
  try {
    for (const mode of ['ok', 'error'] as const) {
      const withModel = await startServer({ COACH_LLM_BASE_URL: model.baseUrl(mode), COACH_LLM_MODEL: 'test-model' });
      servers.push(withModel);
      const page = await person({ width: 1280, height: 900 }, `model-${mode}`);
      await page.goto(`${withModel.url}/sign-in`);
      const demo = page.locator('form', { has: page.getByRole('heading', { name: 'Try the demo' }) });
      await demo.getByLabel('Your name').fill('Mo Model');
      await demo.getByLabel('Try it as').selectOption({ label: 'A team member' });
      await demo.getByRole('button', { name: 'Sign in to the demo' }).click();
      await page.getByRole('navigation', { name: 'Account' }).getByText('Mo Model').waitFor();
      // A question can start from the address, as the debrief's "Ask the coach about practising this" does.
      await page.goto(`${withModel.url}/me/coach?ask=${encodeURIComponent('How do I push back on a deadline my PM promised?')}`);
      const ask = page.locator('section', { has: page.getByRole('heading', { name: 'Ask the coach' }) });
      assert.equal(
        await ask.getByLabel('What is the situation?').inputValue(),
        'How do I push back on a deadline my PM promised?',
      );
      await ask.getByRole('button', { name: 'Ask' }).click();
      await ask.getByRole('heading', { name: 'Where this comes from' }).waitFor();
      if (mode === 'ok') {
        await ask.getByText(GOOD_ANSWER).waitFor();
        await ask.getByText(/Written by the language model this server is set up with/).waitFor();
        await check(page, 'coach-answer-model');
      } else {
        // No error page: the playbook's answer, saying so.
        await ask.getByText('Written by the playbook coach', { exact: false }).waitFor();
        assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);
      }
    }
    assert.equal(model.requests.filter((r) => r.body.model === 'test-model').length, 2, 'each server asked the model once');
  } finally {
    for (const s of servers) await s.stop();
    await model.close();
  }
  assert.deepEqual(pageErrors, []);
});
