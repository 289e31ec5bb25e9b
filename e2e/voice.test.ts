// A quest played by voice: one person with three quiet bots plays "Ship by Friday" to the debrief by speaking. The
// browser's speech recognition is replaced by a fake the test speaks through, and speech synthesis by one that
// records what it was asked to say (headless Chromium has no voices): narration is checked through its captions
// and the recorded utterances. Irreversible moves wait for a spoken or clicked "yes". axe checks the cinematic
// quest screen, the confirmation and the text-only mode.
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
  server = await startServer({ POLARITY_BOT_THINK_MS: '200-600' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Runs in the page before the app: a SpeechRecognition the test speaks through (window.__voice.say), and a
 * speechSynthesis that records each utterance and finishes it at once. Plain JavaScript in a string: a function
 * compiled by tsx would carry helpers the page does not have.
 */
const FAKE_SPEECH = `
(() => {
  const voice = {
    active: null,
    started: 0,
    // What the person says: an interim result, then the final one, then recognition ends.
    say(text) {
      const rec = voice.active;
      if (!rec) throw new Error('nobody is listening');
      rec.onresult?.({ resultIndex: 0, results: [{ isFinal: false, 0: { transcript: text.split(' ').slice(0, 2).join(' ') }, length: 1 }] });
      rec.onresult?.({ resultIndex: 0, results: [{ isFinal: true, 0: { transcript: text }, length: 1 }] });
      rec.finish();
    },
  };
  class FakeRecognition {
    constructor() { this.onresult = null; this.onerror = null; this.onend = null; }
    start() { voice.active = this; voice.started++; }
    stop() { this.finish(); }
    abort() { this.finish(); }
    finish() {
      if (voice.active !== this) return;
      voice.active = null;
      this.onend?.();
    }
  }
  const spoken = [];
  class FakeUtterance {
    constructor(text) { this.text = text; this.voice = null; this.pitch = 1; this.rate = 1; }
  }
  const synthesis = {
    speak(u) {
      spoken.push({ text: u.text, pitch: u.pitch, rate: u.rate });
      setTimeout(() => { u.onstart?.(); u.onend?.(); }, 0);
    },
    cancel() {},
    getVoices: () => [],
    addEventListener() {},
    removeEventListener() {},
  };
  window.__voice = voice;
  window.__spoken = spoken;
  window.SpeechRecognition = FakeRecognition;
  window.webkitSpeechRecognition = FakeRecognition;
  window.SpeechSynthesisUtterance = FakeUtterance;
  // speechSynthesis is a replaceable attribute of the window itself.
  Object.defineProperty(window, 'speechSynthesis', { value: synthesis, configurable: true, writable: true });
})();
`;

async function assertAccessible(page: Page, screen: string): Promise<void> {
  const problems = await seriousViolations(page);
  assert.deepEqual(problems, [], `axe found serious or critical violations on the ${screen}:\n${problems.join('\n')}`);
}

async function waitForPhase(page: Page, phase: 'Briefing' | 'Discussion' | 'Consequences'): Promise<void> {
  await page.locator('.phase-steps [aria-current="step"]', { hasText: phase }).waitFor({ state: 'attached' });
}

/** Push to talk, say the words, and let go. */
async function speak(page: Page, words: string): Promise<void> {
  const talk = page.getByRole('button', { name: 'Talk', exact: true });
  await talk.click();
  await page.getByRole('button', { name: 'Stop listening' }).waitFor();
  await page.waitForFunction(() => (window as unknown as { __voice: { active: unknown } }).__voice.active !== null);
  await page.evaluate((w) => (window as unknown as { __voice: { say(t: string): void } }).__voice.say(w), words);
  await talk.waitFor();
  await page.locator('.voice-heard', { hasText: words }).waitFor();
}

/** The same, holding the T key instead of pressing the button. */
async function speakHoldingT(page: Page, words: string): Promise<void> {
  await page.keyboard.down('t');
  await page.getByRole('button', { name: 'Stop listening' }).waitFor();
  await page.evaluate((w) => (window as unknown as { __voice: { say(t: string): void } }).__voice.say(w), words);
  await page.keyboard.up('t');
  await page.getByRole('button', { name: 'Talk', exact: true }).waitFor();
  await page.locator('.voice-heard', { hasText: words }).waitFor();
}

/** The read-back an irreversible move waits on. */
function confirmation(page: Page) {
  return page.locator('fieldset.voice-confirm');
}

function proposal(page: Page, choice: RegExp) {
  return page.locator('article.proposal', { has: page.getByRole('heading', { name: choice }) }).first();
}

async function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoken: { text: string }[] }).__spoken.map((u) => u.text));
}

test('a quest played by voice, from the first scene to the debrief', { timeout: 240_000 }, async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
  await context.addInitScript({ content: FAKE_SPEECH });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await playByVoice(page);
  } catch (e) {
    await page.screenshot({ path: join(SCREENSHOTS, 'failure-voice.png'), fullPage: true }).catch(() => {});
    const text =
      (await page
        .locator('body')
        .textContent()
        .catch(() => '')) ?? '';
    writeFileSync(join(SCREENSHOTS, 'failure-voice.txt'), `${pageErrors.join('\n')}\n\n${text}`);
    throw e;
  }
  assert.deepEqual(pageErrors, [], 'no page threw an uncaught error');
});

async function playByVoice(page: Page): Promise<void> {
  assert.ok(server);
  await page.goto(server.url);
  await page.getByLabel('Your name').fill('Dana');
  await page
    .locator('article.scenario-card', { hasText: 'Ship by Friday' })
    .getByRole('button', { name: 'Start a quest' })
    .click();
  // Seats are taken over the socket: wait until it is connected.
  await page.locator('#people-title', { hasText: '1 online' }).waitFor();
  await page.getByRole('button', { name: 'Take this seat: Product Manager' }).click();
  await page.getByLabel('Bot persona for empty seats').selectOption('quiet');
  await page.getByRole('button', { name: 'Fill 3 empty seats with bots' }).click();
  await page.getByText('4 of 4 roles seated').waitFor();
  await page.getByRole('button', { name: 'Start the quest' }).click();

  // Scene 1 opens with its title card, its art, and the narration in the captions.
  await page.getByRole('heading', { name: 'Thursday, 4:40 pm' }).waitFor();
  const captions = page.getByTestId('captions');
  await captions.getByText('Scene 1: Thursday, 4:40 pm.').waitFor();
  await captions.getByText(/Dana opens the meeting: "We need to ship this by the end of the sprint/).waitFor();
  await page.locator('.title-card', { hasText: 'Thursday, 4:40 pm' }).waitFor({ state: 'attached' });
  assert.equal(await page.locator('svg.scene-art-release_train').count(), 1, 'the scenario’s art for the scene');
  const said = await spoken(page);
  assert.ok(said.includes('Scene 1: Thursday, 4:40 pm.'), said.join(' | '));
  assert.ok(
    said.some((s) => s.startsWith('Sam answers: "If we ship it like this, it will break under load."')),
    'the narrative is spoken sentence by sentence',
  );
  await assertAccessible(page, 'cinematic quest screen');
  await page.screenshot({ path: join(SCREENSHOTS, 'voice-quest.png') });

  await speak(page, 'um okay I’m ready');
  await waitForPhase(page, 'Discussion');

  // Two cards: "share my intel card" asks which; naming it reads it back, and a spoken yes shares it.
  await speak(page, 'share my intel card');
  await page.getByRole('alert').filter({ hasText: 'Which card? Say its title' }).waitFor();
  await speak(page, 'share what Halcyon actually signed');
  await confirmation(page).getByText('Share your intel “What Halcyon actually signed” with the whole team.').waitFor();
  await assertAccessible(page, 'quest screen with a voice confirmation');
  await speak(page, 'yes');
  await page.locator('.intel-card', { hasText: 'What Halcyon actually signed' }).getByText('Shared with the team').waitFor();
  await page.getByRole('status').filter({ hasText: 'Done: Share your intel' }).waitFor();

  // Anything else is dictation, marked as said aloud.
  await speak(page, 'uh the queue stops draining at twelve hundred jobs a minute');
  const line = page.getByRole('log').locator('li.msg', { hasText: 'The queue stops draining at twelve hundred jobs a minute' });
  await line.waitFor();
  await line.getByText('said aloud').waitFor();

  // A proposal is read back and sent only on "yes"; then a vote, likewise. The quiet engineering lead follows.
  const hold = /Hold the release two weeks/;
  await speak(page, 'I propose we hold the release two weeks');
  await confirmation(page).getByText('Propose: Hold the release two weeks and isolate the queue.').waitFor();
  await captions.getByText('Propose: Hold the release two weeks and isolate the queue. Send it? Say yes or no.').waitFor();
  await speak(page, 'yeah');
  await proposal(page, hold).waitFor();
  await speak(page, 'vote yes');
  await confirmation(page).getByText('Vote yes on P1.').waitFor();
  await speak(page, 'yes');
  await waitForPhase(page, 'Consequences');
  // The narrator tells what the decision set in motion.
  await captions.getByText(/Decided by vote: Hold the release two weeks/).waitFor();
  await speak(page, 'let’s move on');

  // Scene 2: text-only mode takes the stage away (and stays after a reload); voice control stays.
  await page.getByRole('heading', { name: 'Monday, 9:30 am' }).waitFor();
  await captions.getByText('Scene 2: Monday, 9:30 am.').waitFor();
  await page.getByRole('button', { name: 'Text-only mode' }).click();
  await page.locator('.stage').waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('heading', { name: 'Monday, 9:30 am' }).waitFor();
  await page.getByRole('button', { name: 'Talk', exact: true }).waitFor();
  assert.equal(await page.locator('.stage').count(), 0, 'text-only mode is remembered');
  assert.equal(await page.getByRole('button', { name: 'Text-only mode' }).getAttribute('aria-pressed'), 'true');
  await assertAccessible(page, 'quest screen in text-only mode');
  await speak(page, 'ready to discuss');
  await waitForPhase(page, 'Discussion');
  const chunking = /Three days of chunking/;
  await speak(page, 'I propose option too');
  await confirmation(page)
    .getByText(/Propose: Three days of chunking/)
    .waitFor();
  await page.getByRole('button', { name: 'Send it' }).click();
  await proposal(page, chunking).waitFor();
  await speak(page, 'vote yes on proposal to');
  await confirmation(page).waitFor();
  await speak(page, 'no, wait');
  await page.getByRole('status').filter({ hasText: 'Not sent: Vote yes on P' }).waitFor();
  assert.equal(await confirmation(page).count(), 0);
  await speak(page, 'I vote yes');
  await speak(page, 'confirm');
  await waitForPhase(page, 'Consequences');
  await page.getByRole('button', { name: 'Text-only mode' }).click();
  await page.locator('.stage').waitFor();
  await speak(page, 'next scene');

  // Scene 3 needs everyone: the quiet bots follow a backed proposal.
  await page.getByRole('heading', { name: 'Friday retro' }).waitFor();
  await captions.getByText('Scene 3: Friday retro.').waitFor();
  await speakHoldingT(page, 'I’m ready');
  await waitForPhase(page, 'Discussion');
  await speak(page, 'I propose we add a load test to the release checklist');
  await speak(page, 'yes');
  await proposal(page, /Add a load test to the release checklist/).waitFor();
  await speak(page, 'I vote yes');
  await speak(page, 'yes');
  await waitForPhase(page, 'Consequences');
  await speak(page, 'ready');

  await page.getByRole('heading', { name: 'Metrics over time' }).waitFor();
  const all = await spoken(page);
  for (const title of ['Scene 2: Monday, 9:30 am.', 'Scene 3: Friday retro.'])
    assert.ok(all.includes(title), `${title} was narrated`);
}
