// Team insights in a real browser against the real server (embedded mode). Seeded through the server's own modules
// into the data directory before the server starts: an organisation with a team of six consenting players and a
// lead, and twelve finished quests over the last five complete months (a lead's page covers complete months only,
// so quests played today would not show yet), folded into the roll-ups by the real updater. Then: the lead reads
// the team's page in plain words and charts and never meets a player's name; a second team too small to show says
// so; the admin reads the organisation dashboard; a player reads their own XP and history and shares their
// strengths, after which the lead sees that one name and no other. axe checks each page; the noise stays the same
// across a restart.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { type QuestEvent, simulate } from '../engine/index.ts';
import { loadCatalog } from '../scenarios/catalog.ts';
import { createAccounts } from '../server/accounts/accounts.ts';
import { readAccountsConfig } from '../server/accounts/accounts-config.ts';
import type { AccountsDatabase } from '../server/accounts/accounts-database.ts';
import { CONSENT_NOTICE } from '../server/accounts/consent.ts';
import type { InsightsDatabase } from '../server/insights/insights-database.ts';
import { NOISE_SECRET_FILE_NAME } from '../server/insights/noise-secret.ts';
import { FORBIDDEN_WORDS } from '../server/insights/privacy/wording.ts';
import { RollupUpdater } from '../server/insights/rollup-updater.ts';
import { storeParticipants } from '../server/insights/store-participants.ts';
import { openStore } from '../server/store/open-store.ts';
import { players, questEvents, quests } from '../server/store/schema.ts';
import { checkPage as check, launchChromium, SCREENSHOTS } from './browser.ts';
import { buildWebClient, type RunningServer, startServer } from './polarity-server.ts';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const PLAYERS = ['Mara Quinn', 'Nils Ostrander', 'Oona Pike', 'Priya Raman', 'Quentin Sato', 'Rosa Tamm'];
const QUESTS = 12;

interface Seeded {
  dataDir: string;
  orgId: string;
  teamId: string;
  smallTeamId: string;
  lead: { name: string; token: string };
  player: { name: string; token: string; quests: number };
}

let server: RunningServer | undefined;
let browser: Browser | undefined;
let seeded: Seeded | undefined;
const pageErrors: string[] = [];

/** The first day of the month `back` months before this one, UTC. */
function monthsAgo(back: number, day: number): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, day, 9);
}

async function seed(): Promise<Seeded> {
  const dataDir = mkdtempSync(join(tmpdir(), 'polarity-e2e-insights-'));
  const opened = await openStore({ dataDir });
  try {
    const db = opened.store.db;
    const logger = pino({ level: 'silent' });
    const accounts = createAccounts({
      db: db as unknown as AccountsDatabase,
      config: readAccountsConfig({}, { databaseUrl: undefined, nodeEnv: 'test', port: 0 }),
      logger,
      mailer: null,
    });
    const s = accounts.services;
    const person = async (name: string, consenting: boolean) => {
      const p = await s.people.withEmail(`${name.split(' ')[0]?.toLowerCase()}@northwind.test`);
      await s.people.rename(p.id, name);
      if (consenting) await s.consents.set(p.id, { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version });
      return p.id;
    };
    const leadId = await person('Lena Lead', true);
    const org = await s.orgs.create('Northwind', leadId);
    const team = await s.orgs.createTeam(org.id, 'Checkout');
    const small = await s.orgs.createTeam(org.id, 'Platform');
    for (const t of [team, small]) {
      await s.orgs.addToTeam(t.id, org.id, leadId);
      await s.orgs.setTeamRole(t.id, org.id, leadId, 'lead');
    }
    const crew: string[] = [];
    for (const name of PLAYERS) {
      const id = await person(name, true);
      await s.orgs.join(org.id, id, 'member');
      await s.orgs.addToTeam(team.id, org.id, id);
      crew.push(id);
    }

    const scenario = loadCatalog().get('ship-by-friday');
    if (!scenario) throw new Error('the ship-by-friday scenario is missing');
    const roles = scenario.def.roles.map((r) => r.id);
    const personas = ['collaborative', 'positional', 'collaborative', 'quiet', 'collaborative', 'positional'];
    const questIds: string[] = [];
    for (let i = 0; i < QUESTS; i++) {
      // Oldest first: five complete months back to last month, two or three quests in each.
      const startsAt = monthsAgo(5 - Math.floor((i * 5) / QUESTS), 3 + (i % 3) * 7);
      const sim = simulate({
        scenario,
        seed: 100 + i,
        personas: roles.map((_, k) => personas[(i + k) % personas.length] as string),
      });
      const events = sim.events.map((e) => ({ ...e, at: e.at + startsAt }) as QuestEvent);
      const id = randomUUID();
      const seatedPeople = roles.map((_, k) => crew[(i + k) % crew.length] as string);
      const hostPlayerId = randomUUID();
      await db.insert(quests).values({
        id,
        orgId: org.id,
        teamId: team.id,
        scenarioId: scenario.id,
        scenarioHash: 'e2e',
        seed: 100 + i,
        invite: randomUUID(),
        hostPlayerId,
        status: 'finished',
        version: events.length,
        seats: roles.map((role) => ({ role, kind: 'human' as const })),
      });
      await db.insert(players).values(
        roles.map((role, k) => ({
          id: k === 0 ? hostPlayerId : randomUUID(),
          questId: id,
          name: PLAYERS[crew.indexOf(seatedPeople[k] as string)] as string,
          tokenHash: randomBytes(32).toString('hex'),
          seat: role,
          host: k === 0,
          personId: seatedPeople[k] as string,
        })),
      );
      await db.insert(questEvents).values(
        events.map((event, n) => ({
          questId: id,
          seq: n + 1,
          type: event.type,
          actor: 'by' in event ? `player-${event.by}` : 'system',
          seat: 'by' in event ? String(event.by) : null,
          at: event.at,
          schemaVersion: 1,
          payload: event,
        })),
      );
      questIds.push(id);
    }
    const insightsDb = db as unknown as InsightsDatabase;
    const updater = new RollupUpdater(insightsDb, {
      participants: storeParticipants(insightsDb, (personId) => accounts.isTakingPart(personId)),
      scenarios: (id) => (id === scenario.id ? scenario.def.challenges : null),
    });
    for (const id of questIds) await updater.foldQuest(id);

    const lead = await s.sessions.start(leadId, undefined);
    const player = await s.sessions.start(crew[0] as string, undefined);
    return {
      dataDir,
      orgId: org.id,
      teamId: team.id,
      smallTeamId: small.id,
      lead: { name: 'Lena Lead', token: lead.token },
      player: {
        name: PLAYERS[0] as string,
        token: player.token,
        quests: Array.from({ length: QUESTS }, (_, i) => i).filter((i) => roles.some((_, k) => (i + k) % crew.length === 0))
          .length,
      },
    };
  } finally {
    await opened.close();
  }
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  buildWebClient();
  seeded = await seed();
  server = await startServer({ POLARITY_DATA_DIR: seeded.dataDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (seeded) rmSync(seeded.dataDir, { recursive: true, force: true });
});

function url(path: string): string {
  if (!server) throw new Error('the server did not start');
  return `${server.url}${path}`;
}

/** A browser signed in with a session made for this person (the sign-in pages have their own tests). */
async function signedIn(viewport: { width: number; height: number }, label: string, token: string): Promise<Page> {
  if (!browser) throw new Error('the browser did not start');
  // The server's Content-Security-Policy forbids inline scripts; axe-core is injected as one.
  const context = await browser.newContext({ viewport, bypassCSP: true });
  await context.addCookies([{ name: 'polarity_session', value: token, url: url('/') }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  return page;
}

/** The text of the page's content, without the header (which names whoever is signed in). */
async function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

test('a lead reads the team in plain words and charts, never a player’s name; a small team says it is too small', async () => {
  if (!seeded) throw new Error('nothing was seeded');
  const lead = await signedIn(DESKTOP, 'lead', seeded.lead.token);
  await lead.goto(url(`/teams/${seeded.teamId}/insights`));
  await lead.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
  for (const h of [
    'Where communication breaks down',
    'Who steps up when priorities conflict',
    'Strengthening or fraying',
    'The team at a glance',
  ]) {
    await lead.getByRole('heading', { name: h, level: 2 }).waitFor();
  }
  // The stated rule that separates change from noise, and a verdict for the team's own figures.
  await lead.getByText(/The rule that separates change from noise:.*2 standard errors/).waitFor();
  await lead.getByText(/^On this team, inequality of turns is /).waitFor();
  // Figures in words, from the team itself: six consenting players are enough for structured measures...
  const glance = lead.getByRole('table').filter({ has: lead.getByRole('columnheader', { name: 'Over the window' }) });
  const gini = glance.getByRole('row').filter({ hasText: 'inequality of turns' });
  assert.match(await gini.innerText(), /(low|moderate|high) \(0\.\d\d\)\s+this team/);
  // ...but not for the heuristic ones read from free text, which need ten.
  const heuristic = glance.getByRole('row').filter({ hasText: 'messages with escalation cues' });
  assert.match(await heuristic.innerText(), /Not shown: needs at least 10 consenting people/);
  // Where communication breaks down, drawn as well as said: each measure in the moment against the rest.
  await lead
    .getByRole('img', { name: /^bids left unanswered: .+ against .+/ })
    .first()
    .waitFor();
  // Charts over time with text alternatives.
  await lead.getByRole('heading', { name: 'Over time, this team against itself' }).waitFor();
  const chart = lead.getByRole('img', { name: /inequality of turns/ });
  assert.ok((await chart.count()) >= 1, 'the team’s chart of turn inequality is missing');

  const text = await mainText(lead);
  for (const name of PLAYERS) assert.ok(!text.includes(name), `the lead's page names ${name}`);
  for (const word of PLAYERS.map((n) => n.split(' ')[0] as string)) assert.ok(!text.includes(word), `the page names ${word}`);
  assert.doesNotMatch(text, /\b(0|100)\s?%/, 'a share is shown as 0% or 100%');
  for (const line of text.split('\n')) assert.doesNotMatch(line, FORBIDDEN_WORDS, `an all-or-none word: ${line}`);
  await lead.getByText('No strengths have been shared with you by name.', { exact: false }).waitFor();
  await check(lead, 'insights-team-lead');

  // The same figures after a restart: the noise secret was kept in the data directory.
  assert.ok(existsSync(join(seeded.dataDir, NOISE_SECRET_FILE_NAME)), 'no noise secret in the data directory');
  const before = await (await lead.request.get(url(`/api/teams/${seeded.teamId}/insights`))).json();
  if (!server) throw new Error('the server did not start');
  await server.stop();
  server = await startServer({ POLARITY_DATA_DIR: seeded.dataDir });
  const again = await (await lead.request.get(url(`/api/teams/${seeded.teamId}/insights`))).json();
  assert.deepEqual(again.headline, before.headline);

  // A team with no quests yet: the page says why nothing is shown, and never a 0%.
  await lead.setViewportSize(PHONE);
  await lead.goto(url(`/teams/${seeded.smallTeamId}/insights`));
  await lead.getByRole('heading', { name: 'Platform', level: 1 }).waitFor();
  await lead.getByText(/Not enough people yet\..*at least 5 consenting people/).waitFor();
  assert.doesNotMatch(await mainText(lead), /\b(0|100)\s?%/);
  await check(lead, 'insights-team-too-small-phone');

  // The organisation dashboard, for its admin: units by name, one measure at a time.
  await lead.setViewportSize(DESKTOP);
  await lead.goto(url(`/orgs/${seeded.orgId}/insights`));
  await lead.getByRole('heading', { name: 'Northwind', level: 1 }).waitFor();
  await lead.getByLabel('Measure', { exact: true }).selectOption({ label: 'bids left unanswered' });
  await lead.getByRole('table', { name: /bids left unanswered, by unit/ }).waitFor();
  await lead
    .getByRole('row')
    .filter({ hasText: 'Checkout' })
    .getByText(/about \d+%/)
    .waitFor();
  const orgText = await mainText(lead);
  for (const name of PLAYERS) assert.ok(!orgText.includes(name), `the organisation page names ${name}`);
  await check(lead, 'insights-organisation');
  assert.deepEqual(pageErrors, [], `the pages threw:\n${pageErrors.join('\n')}`);
});

test('a player reads their own XP and history, shares their strengths, and only then does the lead see their name', async () => {
  if (!seeded) throw new Error('nothing was seeded');
  const player = await signedIn(PHONE, 'player', seeded.player.token);
  await player.goto(url('/me/insights'));
  await player.getByRole('heading', { name: 'Your insights', level: 1 }).waitFor();
  await player.getByText('Only you can see this page').waitFor();
  // The seats rotate over six people: Mara sat in some of the twelve quests, and sees exactly those.
  await player.getByText(`your ${seeded.player.quests} quests`, { exact: false }).waitFor();
  await player.getByText(/^\d+ XP$/).waitFor();
  await player.getByText(/· level \d/).waitFor();
  await player.getByRole('heading', { name: 'Your measures over time' }).waitFor();
  await player.getByText(/How a change is told from noise:/).waitFor();
  const history = player.getByRole('table', { name: /XP earned in each of your quests/ });
  assert.equal(await history.locator('tbody tr').count(), seeded.player.quests);
  await check(player, 'insights-personal-phone');

  await player.getByRole('button', { name: 'Share my strengths with the leads of Checkout' }).click();
  await player.getByRole('status').filter({ hasText: 'The leads of Checkout can now see your strengths highlight.' }).waitFor();
  await player.getByRole('button', { name: 'Stop sharing with Checkout' }).waitFor();
  await player.getByText(/Shared with its leads since/).waitFor();

  const lead = await signedIn(DESKTOP, 'lead-after-sharing', seeded.lead.token);
  await lead.goto(url(`/teams/${seeded.teamId}/insights`));
  await lead.getByRole('heading', { name: 'Shared with you by name' }).waitFor();
  await lead.getByText(seeded.player.name, { exact: true }).waitFor();
  const text = await mainText(lead);
  for (const name of PLAYERS.slice(1)) assert.ok(!text.includes(name), `the lead's page names ${name}, who did not share`);

  // Stopping is as easy: the name is gone again.
  await player.getByRole('button', { name: 'Stop sharing with Checkout' }).click();
  await player.getByRole('status').filter({ hasText: 'You stopped sharing with the leads of Checkout.' }).waitFor();
  await lead.reload();
  await lead.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
  assert.ok(!(await mainText(lead)).includes(seeded.player.name));
  assert.deepEqual(pageErrors, [], `the pages threw:\n${pageErrors.join('\n')}`);
});
