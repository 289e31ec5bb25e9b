// Accounts in a real browser against the real server (embedded mode): a demo admin signs in, starts an
// organisation, creates a team and makes an invitation link; a second person opens the link, signs in and accepts
// it; the admin opts in to taking part, exports their data as a JSON download, withdraws, and reads the billing
// page. axe-core checks each page, phones get no sideways scrolling, and a screenshot of each page is saved
// under artifacts/screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPage as check, launchChromium, SCREENSHOTS } from './browser.ts';
import { buildWebClient, type RunningServer, startServer } from './polarity-server.ts';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let server: RunningServer | undefined;
let browser: Browser | undefined;
const pageErrors: string[] = [];

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  buildWebClient();
  // Info level: embedded mode prints sign-in emails there, and the email test reads its link from the log. Stripe
  // settings turn billing on (the trial, the Checkout button); nothing here calls Stripe itself.
  server = await startServer({
    LOG_LEVEL: 'info',
    STRIPE_SECRET_KEY: 'sk_test_polarity_e2e',
    STRIPE_WEBHOOK_SECRET: 'whsec_polarity_e2e',
    STRIPE_PRICE_ID: 'price_polarity_e2e',
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function person(viewport: { width: number; height: number }, label: string): Promise<Page> {
  if (!browser) throw new Error('the browser did not start');
  // The server's Content-Security-Policy forbids inline scripts; axe-core is injected as one.
  const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  return page;
}

function url(path: string): string {
  if (!server) throw new Error('the server did not start');
  return `${server.url}${path}`;
}

/** axe finds nothing serious, a phone never scrolls sideways, and the page is saved as a screenshot. */

async function demoSignIn(page: Page, name: string, as: string): Promise<void> {
  const demo = page.locator('form', { has: page.getByRole('heading', { name: 'Try the demo' }) });
  await demo.getByLabel('Your name').fill(name);
  await demo.getByLabel('Try it as').selectOption({ label: as });
  await demo.getByRole('button', { name: 'Sign in to the demo' }).click();
}

test('an admin signs in, organises teams and invitations, decides about taking part, and reads billing', async () => {
  const admin = await person(PHONE, 'admin');
  await admin.goto(url('/sign-in'));
  await admin.getByRole('heading', { name: 'Sign in to Polarity' }).waitFor();
  await admin.getByRole('heading', { name: 'With an email link' }).waitFor();
  await check(admin, 'accounts-sign-in-phone');

  // A refusal is explained next to its control, and nothing is sent.
  const demo = admin.locator('form', { has: admin.getByRole('heading', { name: 'Try the demo' }) });
  await demo.getByRole('button', { name: 'Sign in to the demo' }).click();
  await demo.getByRole('alert').filter({ hasText: 'Enter a name for your demo account.' }).waitFor();

  await demoSignIn(admin, 'Ada Admin', 'An organisation admin');
  await admin.waitForURL(/\/orgs\/[^/]+$/);
  await admin.getByRole('navigation', { name: 'Account' }).getByText('Ada Admin').waitFor();
  await admin.getByText('You are an organisation admin').waitFor();

  // Her own organisation: she is its first admin, and it starts a trial.
  await admin.getByRole('link', { name: 'Organisations' }).click();
  await admin.getByRole('heading', { name: 'My organisations' }).waitFor();
  await admin.getByLabel('Organisation name').fill('Northwind');
  await admin.getByRole('button', { name: 'Create organisation' }).click();
  await admin.getByRole('heading', { name: 'Northwind', level: 1 }).waitFor();
  const orgPath = new URL(admin.url()).pathname;
  const adminPages = admin.getByRole('navigation', { name: 'Northwind for admins' });
  for (const [name, page] of [
    ['Insights', 'insights'],
    ['Slack', 'slack'],
    ['Billing', 'billing'],
  ]) {
    assert.equal(await adminPages.getByRole('link', { name, exact: true }).getAttribute('href'), `${orgPath}/${page}`);
  }

  const newTeam = admin.locator('form', { has: admin.getByRole('heading', { name: 'Create a team' }) });
  await newTeam.getByLabel('Team name').fill('Platform');
  await newTeam.getByRole('button', { name: 'Create team' }).click();
  await admin.getByRole('heading', { name: 'Platform', level: 3 }).waitFor();
  // The same name twice is refused, and the reason sits under the form.
  await newTeam.getByLabel('Team name').fill('Platform');
  await newTeam.getByRole('button', { name: 'Create team' }).click();
  await newTeam.getByRole('alert').filter({ hasText: /\S/ }).waitFor();

  const invite = admin.getByRole('form', { name: 'Invite people' });
  await invite.getByLabel('Into team').selectOption({ label: 'Platform' });
  await invite.getByRole('button', { name: 'Make an invitation link' }).click();
  const linkField = invite.getByLabel(/The invitation link/);
  await linkField.waitFor();
  const link = await linkField.inputValue();
  assert.match(link, /\/invitation#token=[A-Za-z0-9_-]+$/);
  await check(admin, 'accounts-organisation-phone');

  // Someone else opens the link, signs in, and accepts it.
  const member = await person(DESKTOP, 'member');
  await member.goto(url(new URL(link).pathname + new URL(link).hash));
  await member.getByRole('heading', { name: 'Join Northwind' }).waitFor();
  await member.getByText(/to the Platform team in Northwind as a member/).waitFor();
  assert.equal(new URL(member.url()).hash, '', 'the token leaves the address bar');
  await check(member, 'accounts-invitation');
  await member.getByRole('link', { name: 'Sign in to accept' }).click();
  await demoSignIn(member, 'Grace Member', 'A team member');
  await member.getByRole('button', { name: 'Accept as Grace Member' }).click();
  await member.getByRole('heading', { name: 'Northwind', level: 1 }).waitFor();
  await member.getByText('You are a member; in Platform.').waitFor();
  // A plain member sees the teams but none of the admin's controls.
  assert.equal(await member.getByRole('heading', { name: 'Create a team' }).count(), 0);
  assert.equal(await member.getByRole('link', { name: 'Billing' }).count(), 0);
  assert.equal(await member.getByRole('link', { name: 'Slack', exact: true }).count(), 0);
  // Their team's ledger is theirs too; its insights are for its leads.
  const platformPages = member.getByRole('navigation', { name: 'Platform pages' });
  assert.equal(await platformPages.getByRole('link', { name: 'Ledger' }).count(), 1);
  assert.equal(await platformPages.getByRole('link', { name: 'Team insights' }).count(), 0);
  const account = member.getByRole('navigation', { name: 'Account' });
  for (const name of ['My insights', 'Coach', 'My data']) {
    assert.equal(await account.getByRole('link', { name, exact: true }).count(), 1, name);
  }
  await check(member, 'accounts-organisation-member');

  // Taking part: opt in, export, then withdraw through the confirm step.
  await admin.getByRole('link', { name: 'My data' }).click();
  await admin.getByRole('heading', { name: 'My data and consent' }).waitFor();
  await admin.getByText('You are not taking part: nothing about you is recorded.').waitFor();
  await admin.getByText(/^Team leads and admins see only totals over groups of at least 5 people/).waitFor();
  await check(admin, 'accounts-my-data-phone');
  await admin.getByRole('button', { name: 'I agree: take part' }).click();
  await admin.getByText('You are taking part.', { exact: true }).first().waitFor();
  await admin.getByRole('button', { name: 'Pause' }).waitFor();

  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: 'Export my data' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.match(JSON.stringify(exported), /Ada Admin/);
  assert.match(JSON.stringify(exported), /taking_part/);

  await admin.getByRole('button', { name: 'Withdraw…' }).click();
  await admin.getByText('This deletes, for good:').waitFor();
  await check(admin, 'accounts-withdraw-confirm-phone');
  await admin.getByRole('button', { name: 'Yes, withdraw and delete' }).click();
  await admin.getByText('You have withdrawn. What was recorded about you is deleted.').waitFor();
  await admin.getByText('You are not taking part: nothing about you is recorded.').waitFor();

  // Billing, for the admin of the new organisation: the trial, this month and the next invoice.
  await admin.goto(url(`${orgPath}/billing`));
  await admin.getByRole('heading', { name: 'Billing', level: 1 }).waitFor();
  await admin.getByText(/Free trial: 1[34] days left/).waitFor();
  await admin.getByRole('heading', { name: 'Next invoice' }).waitFor();
  await admin.getByRole('button', { name: 'Subscribe with Stripe Checkout' }).waitFor();
  await check(admin, 'accounts-billing-phone');
  // A member is told billing is for admins.
  await member.goto(url(`${orgPath}/billing`));
  await member.getByRole('heading', { name: 'Billing could not be opened' }).waitFor();

  // Signing out returns to the sign-in page.
  await admin.getByRole('button', { name: 'Sign out' }).click();
  await admin.getByRole('heading', { name: 'Sign in to Polarity' }).waitFor();

  assert.deepEqual(pageErrors, [], `the pages threw:\n${pageErrors.join('\n')}`);
});

test('an email sign-in link says where it went, and the landing page signs the person in', async () => {
  if (!server) throw new Error('the server did not start');
  const page = await person(DESKTOP, 'email');
  await page.goto(url('/sign-in?returnTo=%2Fme'));
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'With an email link' }) });
  await form.getByLabel('Email address').fill('not-an-address');
  await form.getByRole('button', { name: 'Email me a link' }).click();
  await form.getByRole('alert').filter({ hasText: 'Enter your email address' }).waitFor();
  await form.getByLabel('Email address').fill('lin@example.com');
  await form.getByRole('button', { name: 'Email me a link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.getByText(/printed in the server log/).waitFor();
  await check(page, 'accounts-email-sent');

  // Embedded mode without SMTP prints the email to the server log: take the link from there.
  const running = server;
  const deadline = Date.now() + 10_000;
  let link: string | undefined;
  while (!link && Date.now() < deadline) {
    link = /https?:\/\/[^\s"\\]+\/sign-in\/email#token=[A-Za-z0-9_-]+/.exec(running.output())?.[0];
    if (!link) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(link, `no sign-in link in the server log:\n${running.output()}`);
  const landing = new URL(link);
  await page.goto(url(landing.pathname + landing.hash));
  await page.getByRole('heading', { name: 'My data and consent' }).waitFor();
  await page.getByRole('navigation', { name: 'Account' }).getByText('lin').waitFor();

  // The same link works once.
  await page.goto(url(landing.pathname + landing.hash));
  await page.getByRole('heading', { name: 'This sign-in link did not work' }).waitFor();
  assert.deepEqual(pageErrors, [], `the pages threw:\n${pageErrors.join('\n')}`);
});

test('a team lead sees what a lead may do: invite into their own team, but not create teams or open billing', async () => {
  const lead = await person(DESKTOP, 'lead');
  await lead.goto(url('/sign-in'));
  await demoSignIn(lead, 'Lee Lead', 'A team lead');
  await lead.waitForURL(/\/orgs\/[^/]+$/);
  await lead.getByText(/You are a member; lead of Demo team\./).waitFor();
  const invite = lead.getByRole('form', { name: 'Invite someone to Demo team' });
  await invite.getByRole('radio', { name: 'An email' }).check();
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  await invite.getByRole('alert').filter({ hasText: 'Enter the address to send the invitation to' }).waitFor();
  assert.equal(await lead.getByRole('heading', { name: 'Create a team' }).count(), 0);
  assert.equal(await lead.getByRole('link', { name: 'Billing' }).count(), 0);
  assert.equal(await lead.getByRole('form', { name: 'Invite people' }).count(), 0);
  const teamPages = lead.getByRole('navigation', { name: 'Demo team pages' });
  assert.match(
    String(await teamPages.getByRole('link', { name: 'Team insights' }).getAttribute('href')),
    /^\/teams\/[^/]+\/insights$/,
  );
  assert.match(String(await teamPages.getByRole('link', { name: 'Ledger' }).getAttribute('href')), /^\/teams\/[^/]+\/ledger$/);
  await lead.getByText(/Taking part in Demo team:/).waitFor();
  await check(lead, 'accounts-organisation-lead');
  assert.deepEqual(pageErrors, [], `the pages threw:\n${pageErrors.join('\n')}`);
});

test('an admin shows team insights to admins only: the lead loses the link and is told why', async () => {
  const admin = await person(DESKTOP, 'audience-admin');
  await admin.goto(url('/sign-in'));
  await demoSignIn(admin, 'Ava Admin', 'An organisation admin');
  await admin.waitForURL(/\/orgs\/[^/]+$/);
  const choice = admin.getByRole('group', { name: 'Who may see team insights' });
  assert.equal(await choice.getByRole('radio', { name: 'Team leads and admins' }).isChecked(), true);
  await choice.getByRole('radio', { name: 'Admins only' }).check();
  await admin.getByRole('button', { name: 'Save who sees team insights' }).click();
  await admin.getByRole('status').filter({ hasText: 'Team insights are now shown to admins only.' }).waitFor();
  await check(admin, 'accounts-insights-audience');

  const lead = await person(PHONE, 'audience-lead');
  await lead.goto(url('/sign-in'));
  await demoSignIn(lead, 'Lou Lead', 'A team lead');
  await lead.waitForURL(/\/orgs\/[^/]+$/);
  const message = "Your organisation's admins have chosen to show team insights to admins only.";
  await lead.getByText('Your organisation’s admins have chosen to show team insights to admins only.').waitFor();
  const teamPages = lead.getByRole('navigation', { name: 'Demo team pages' });
  assert.equal(await teamPages.getByRole('link', { name: 'Team insights' }).count(), 0);
  const teamId = /\/teams\/([^/]+)\/ledger$/.exec(
    String(await teamPages.getByRole('link', { name: 'Ledger' }).getAttribute('href')),
  )?.[1];
  await lead.goto(url(`/teams/${teamId}/insights`));
  await lead.getByRole('heading', { name: 'This team’s insights are not open to you' }).waitFor();
  await lead.getByText(message).waitFor();
  await check(lead, 'insights-team-admins-only-phone');

  // Back to the default, so the demo organisation is as the other tests expect it.
  await admin.reload();
  await choice.getByRole('radio', { name: 'Team leads and admins' }).check();
  await admin.getByRole('button', { name: 'Save who sees team insights' }).click();
  await admin
    .getByRole('status')
    .filter({ hasText: /Team leads see their own team/ })
    .waitFor();
  await lead.reload();
  await lead.getByRole('heading', { name: 'Demo team', level: 1 }).waitFor();
  assert.deepEqual(pageErrors, [], `the pages threw:\n${pageErrors.join('\n')}`);
});
