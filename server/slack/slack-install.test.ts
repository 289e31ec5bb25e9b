// "Add to Slack" end to end against the Web API stub: the admin's redirect, the callback exchanging the code with
// oauth.v2.access, tokens sealed at rest, the checklist DM, refusals (reused state, another browser), org-wide
// installs keyed by their enterprise, and token rotation before a scheduled send.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../accounts/test-accounts.ts';
import { REMINDER_JOB } from './slack-app.ts';
import { installForOrg, postToSlackEndpoint, type SlackHarness, slashCommand, startSlackHarness, TEAM } from './test-slack.ts';
import { WORKSPACE_INSTALL } from './test-slack-api.ts';

describe('installing the Slack app', () => {
  let h: SlackHarness;

  before(async () => {
    h = await startSlackHarness();
  });
  after(async () => {
    await h?.close();
  });

  async function admin(): Promise<{ orgId: string; cookie: string; personId: string }> {
    const s = h.accounts.services;
    const person = await s.people.withEmail(`founder.${Math.random().toString(36).slice(2)}@acme.test`);
    const org = await s.orgs.create('Acme', person.id);
    const { token } = await s.sessions.start(person.id, undefined);
    return { orgId: org.id, cookie: `${s.sessions.cookieName}=${token}`, personId: person.id };
  }

  async function startInstall(a: { orgId: string; cookie: string }): Promise<string> {
    const r = await h.app.http.inject({
      method: 'GET',
      url: `/api/orgs/${a.orgId}/slack/install`,
      headers: { cookie: a.cookie },
    });
    assert.equal(r.statusCode, 302, r.body);
    const location = new URL(String(r.headers.location));
    assert.equal(location.origin + location.pathname, 'https://slack.test/oauth/v2/authorize');
    assert.equal(location.searchParams.get('client_id'), '111.222');
    assert.match(location.searchParams.get('scope') ?? '', /commands/);
    assert.equal(location.searchParams.get('redirect_uri'), 'http://polarity.test/slack/oauth_redirect');
    return location.searchParams.get('state') as string;
  }

  const callback = (state: string, cookie: string, code = 'good-code') =>
    h.app.http.inject({
      method: 'GET',
      url: `/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`,
      headers: { cookie },
    });

  test('an admin installs the app: the code is exchanged, tokens are sealed, and the installer gets the checklist', async () => {
    const a = await admin();
    const state = await startInstall(a);
    const r = await callback(state, a.cookie);
    assert.equal(r.statusCode, 302, r.body);
    assert.equal(r.headers.location, `/orgs/${a.orgId}/slack?installed=1`);
    const exchange = h.stub.of('oauth.v2.access').at(-1);
    assert.equal(exchange?.args.code, 'good-code');
    assert.equal(exchange?.args.client_secret, 'test-client-secret');
    const rows = rowsOf<{ sealed: string; install_key: string; org_id: string }>(
      await h.db.execute(sql`select sealed, install_key, org_id from slack_installations`),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.install_key, `T:${TEAM}`);
    assert.equal(rows[0]?.org_id, a.orgId);
    assert.doesNotMatch(JSON.stringify(rows), /xoxb-installed-1/, 'no token in the clear');
    const installation = await h.slack.installations.byKey(`T:${TEAM}`);
    assert.equal(installation.bot?.token, 'xoxb-installed-1');
    const checklist = h.stub.of('chat.postMessage').at(-1);
    assert.equal(checklist?.args.channel, 'UADMIN');
    assert.match(String(checklist?.args.text), /Polarity is installed/);
    assert.match(JSON.stringify(checklist?.args.blocks), /Invite teammates/);
    // The admin page now shows the install.
    const page = await h.app.http.inject({ method: 'GET', url: `/api/orgs/${a.orgId}/slack`, headers: { cookie: a.cookie } });
    const status = page.json() as { enabled: boolean; installations: { name: string }[] };
    assert.equal(status.enabled, true);
    assert.deepEqual(
      status.installations.map((i) => i.name),
      ['Acme'],
    );
    // Another Polarity organisation cannot take over a connected workspace; a reinstall by the same one is fine.
    const rival = await admin();
    const takeover = await callback(await startInstall(rival), rival.cookie);
    assert.equal(takeover.statusCode, 400);
    assert.match(takeover.body, /already connected to another Polarity organisation/);
    assert.equal((await h.slack.installations.forOrg(a.orgId)).length, 1);
    assert.equal((await callback(await startInstall(a), a.cookie)).statusCode, 302);
    // A sealed record copied onto another installation's row does not open there.
    await h.db.execute(
      sql`insert into slack_installations (install_key, team_id, is_enterprise_install, org_id, installer_slack_user, key_id, sealed)
          select 'T:T0OTHER', 'T0OTHER', false, org_id, installer_slack_user, key_id, sealed from slack_installations`,
    );
    await assert.rejects(h.slack.installations.byKey('T:T0OTHER'), /does not open/);
    await h.db.execute(sql`delete from slack_installations`);
  });

  test('a used state, another browser and a forged state are refused without installing anything', async () => {
    const a = await admin();
    const other = await admin();
    const state = await startInstall(a);
    const wrongBrowser = await callback(state, other.cookie);
    assert.equal(wrongBrowser.statusCode, 400);
    assert.match(wrongBrowser.body, /same person/);
    const reused = await callback(state, a.cookie);
    assert.equal(reused.statusCode, 400);
    assert.match(reused.body, /already used/);
    const forged = await callback('abc.def', a.cookie);
    assert.equal(forged.statusCode, 400);
    const badCode = await callback(await startInstall(a), a.cookie, 'bad-code');
    assert.equal(badCode.statusCode, 400);
    assert.match(badCode.body, /refused the install code/);
    assert.equal(rowsOf(await h.db.execute(sql`select 1 from slack_installations`)).length, 0);
  });

  test('an org-wide install is keyed by its enterprise and reaches its workspaces', async () => {
    const a = await admin();
    h.stub.installAnswer = {
      ...WORKSPACE_INSTALL,
      access_token: 'xoxb-enterprise',
      team: null,
      enterprise: { id: 'E0GRID', name: 'Grid Corp' },
      is_enterprise_install: true,
    };
    try {
      const r = await callback(await startInstall(a), a.cookie);
      assert.equal(r.statusCode, 302, r.body);
    } finally {
      h.stub.installAnswer = WORKSPACE_INSTALL;
    }
    const key = await h.slack.installations.keyFor({ enterpriseId: 'E0GRID', teamId: 'T0WORKSPACE2', isEnterpriseInstall: true });
    assert.equal(key, 'E:E0GRID');
    await h.slack.installations.noteWorkspace('T0WORKSPACE2', 'E:E0GRID');
    assert.equal(await h.slack.installations.keyForTeam('T0WORKSPACE2'), 'E:E0GRID');
    const installation = await h.slack.installations.fetchInstallation({
      enterpriseId: 'E0GRID',
      teamId: undefined,
      isEnterpriseInstall: true,
    });
    assert.equal(installation.bot?.token, 'xoxb-enterprise');
    assert.equal(installation.isEnterpriseInstall, true);
    // A command from another workspace of the enterprise is authorised by the org-wide install, with its token.
    const r = await postToSlackEndpoint(
      h,
      slashCommand('help', 'U0GRIDUSER', { team_id: 'T0WORKSPACE3', enterprise_id: 'E0GRID', is_enterprise_install: 'true' }),
    );
    assert.equal(r.statusCode, 200);
    assert.match((r.json() as { text: string }).text, /\/polarity play/);
    assert.equal(await h.slack.installations.keyForTeam('T0WORKSPACE3'), 'E:E0GRID');
    await h.db.execute(sql`delete from slack_installations`);
  });

  test('an expired rotating token is refreshed through oauth.v2.access before a scheduled send', async () => {
    await installForOrg(h, { refreshToken: 'xoxe-refresh-1', expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const quest = await h.service.createQuest({ scenarioId: 'ship-by-friday', hostName: 'Host' });
    assert.ok(quest.ok);
    await h.jobs.enqueue(REMINDER_JOB, { installKey: `T:${TEAM}`, userId: 'U0PERSON', questId: quest.questId });
    const calls = h.stub.calls.length;
    await h.jobs.runDue(Date.now());
    const sent = h.stub.calls.slice(calls);
    assert.deepEqual(
      sent.map((c) => c.method),
      ['oauth.v2.access', 'chat.postMessage'],
    );
    assert.equal(sent[0]?.args.grant_type, 'refresh_token');
    assert.equal(sent[0]?.args.refresh_token, 'xoxe-refresh-1');
    assert.equal(sent[1]?.token, 'xoxb-rotated-1');
    const stored = await h.slack.installations.byKey(`T:${TEAM}`);
    assert.equal(stored.bot?.token, 'xoxb-rotated-1');
    assert.equal(stored.bot?.refreshToken, 'xoxe-refresh-2');
    assert.ok((stored.bot?.expiresAt ?? 0) > Date.now() / 1000 + 3600);
    // A fresh token is used as it is.
    const again = h.stub.calls.length;
    await h.jobs.enqueue(REMINDER_JOB, { installKey: `T:${TEAM}`, userId: 'U0PERSON', questId: quest.questId });
    await h.jobs.runDue(Date.now());
    assert.deepEqual(
      h.stub.calls.slice(again).map((c) => [c.method, c.token]),
      [['chat.postMessage', 'xoxb-rotated-1']],
    );
  });

  test('members cannot start an install', async () => {
    const a = await admin();
    const s = h.accounts.services;
    const member = await s.people.withEmail(`member.${Math.random().toString(36).slice(2)}@acme.test`);
    await s.orgs.join(a.orgId, member.id, 'member');
    const { token } = await s.sessions.start(member.id, undefined);
    const r = await h.app.http.inject({
      method: 'GET',
      url: `/api/orgs/${a.orgId}/slack/install`,
      headers: { cookie: `${s.sessions.cookieName}=${token}` },
    });
    assert.equal(r.statusCode, 403);
  });
});
