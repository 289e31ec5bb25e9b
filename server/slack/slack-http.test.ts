// Slack over HTTP against the whole server and a real database: signed requests for commands, interactivity and
// events (valid, bad signature, stale, retried), what each one makes Polarity send (recorded by the Web API stub),
// and every payload checked against Block Kit's documented shape.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Browser } from '../accounts/test-accounts.ts';
import type { LedgerDatabase } from '../ledger/ledger-database.ts';
import { listTradeOffs } from '../ledger/trade-off-store.ts';
import { homeView, messagePayload, modalView } from './block-kit.ts';
import { slackInstallations } from './schema.ts';
import { REMINDER_DELAY_MS, REMINDER_JOB } from './slack-app.ts';
import {
  eventCallback,
  eventually,
  installForOrg,
  interaction,
  linkedPerson,
  postToSlackEndpoint,
  SIGNING_SECRET,
  type SlackHarness,
  slashCommand,
  startSlackHarness,
  TEAM,
} from './test-slack.ts';

/** Every message, modal and home view the stub received must be valid Block Kit. */
function assertEverySentPayloadIsBlockKit(h: SlackHarness): number {
  let checked = 0;
  for (const c of h.stub.calls) {
    if (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral') {
      assert.ok(
        messagePayload.safeParse({ text: c.args.text, blocks: c.args.blocks }).success,
        `${c.method}: ${JSON.stringify(c.args)}`,
      );
      checked += 1;
    }
    if (c.method === 'views.open') {
      assert.ok(modalView.safeParse(c.args.view).success, JSON.stringify(c.args.view));
      checked += 1;
    }
    if (c.method === 'views.publish') {
      assert.ok(homeView.safeParse(c.args.view).success, JSON.stringify(c.args.view));
      checked += 1;
    }
  }
  return checked;
}

describe('Slack over HTTP', () => {
  let h: SlackHarness;
  let place: { orgId: string; adminId: string; teamId: string };
  let personId: string;

  before(async () => {
    h = await startSlackHarness();
    place = await installForOrg(h);
    personId = await linkedPerson(h, place);
  });
  after(async () => {
    if (h) {
      assert.ok(assertEverySentPayloadIsBlockKit(h) > 0);
      await h.close();
    }
  });

  test('url_verification is answered with the challenge', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'the-challenge', type: 'url_verification' });
    const r = await postToSlackEndpoint(h, { body, contentType: 'application/json' });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { challenge: 'the-challenge' });
  });

  test('a bad signature and a stale timestamp are refused, and nothing runs', async () => {
    const before = h.stub.calls.length;
    const badSig = await postToSlackEndpoint(h, { ...slashCommand('help'), secret: 'not-the-secret' });
    assert.equal(badSig.statusCode, 401);
    const stale = await postToSlackEndpoint(h, {
      ...slashCommand('help'),
      timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    assert.equal(stale.statusCode, 401);
    const unsigned = await h.app.http.inject({
      method: 'POST',
      url: '/slack/events',
      payload: slashCommand('help').body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(unsigned.statusCode, 401);
    // Just inside the window is still accepted.
    const recent = await postToSlackEndpoint(h, {
      ...slashCommand('help'),
      timestampSeconds: Math.floor(Date.now() / 1000) - 4 * 60,
    });
    assert.equal(recent.statusCode, 200);
    assert.equal(h.stub.calls.length, before);
    assert.ok(SIGNING_SECRET.length > 0);
  });

  test('/polarity help answers privately with the commands', async () => {
    const r = await postToSlackEndpoint(h, slashCommand('help'));
    assert.equal(r.statusCode, 200);
    const body = r.json() as { response_type: string; text: string; blocks: unknown[] };
    assert.equal(body.response_type, 'ephemeral');
    assert.match(body.text, /\/polarity play/);
    assert.ok(messagePayload.safeParse({ text: body.text, blocks: body.blocks }).success);
  });

  test('an unknown subcommand gets the help, and an unlinked person is asked to sign in', async () => {
    const unknown = (await postToSlackEndpoint(h, slashCommand('dance'))).json() as { text: string };
    assert.match(unknown.text, /I do not know "dance"/);
    const stranger = (await postToSlackEndpoint(h, slashCommand('coach how?', 'U0STRANGER'))).json() as { text: string };
    assert.match(stranger.text, /Link your Slack account/);
  });

  test('App Home welcomes a person on the first visit only, and shows their XP, next quest and coach inbox', async () => {
    const open = (id: string) => eventCallback({ type: 'app_home_opened', user: 'U0PERSON', channel: 'D0DM', tab: 'home' }, id);
    assert.equal((await postToSlackEndpoint(h, open('Ev-home-1'))).statusCode, 200);
    await eventually(() => h.stub.of('views.publish').length === 1, 'the first home view');
    const first = JSON.stringify(h.stub.of('views.publish')[0]?.args.view);
    assert.match(first, /Welcome to Polarity/);
    assert.match(first, /voluntary/);
    assert.match(first, /Your XP/);
    assert.match(first, /Your next quest/);
    assert.match(first, /coach inbox/);
    assert.equal(h.stub.of('views.publish')[0]?.args.user_id, 'U0PERSON');
    await postToSlackEndpoint(h, open('Ev-home-2'));
    await eventually(() => h.stub.of('views.publish').length === 2, 'the second home view');
    assert.doesNotMatch(JSON.stringify(h.stub.of('views.publish')[1]?.args.view), /Welcome to Polarity/);
  });

  test('a retried event delivery is acknowledged and handled once', async () => {
    const before = h.stub.of('views.publish').length;
    const event = eventCallback({ type: 'app_home_opened', user: 'U0PERSON', channel: 'D0DM', tab: 'home' }, 'Ev-retried');
    assert.equal((await postToSlackEndpoint(h, event)).statusCode, 200);
    await eventually(() => h.stub.of('views.publish').length === before + 1, 'the first delivery');
    const retry = await postToSlackEndpoint(h, { ...event, retryNum: 1 });
    assert.equal(retry.statusCode, 200);
    const again = await postToSlackEndpoint(h, { ...event, retryNum: 2 });
    assert.equal(again.statusCode, 200);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(h.stub.of('views.publish').length, before + 1);
  });

  test('a delivery whose handling failed is run again when Slack retries it', async () => {
    const before = h.stub.of('views.publish').length;
    h.stub.failNext('views.publish', { body: { ok: false, error: 'internal_error' } });
    const event = eventCallback({ type: 'app_home_opened', user: 'U0PERSON', channel: 'D0DM', tab: 'home' }, 'Ev-failed-once');
    await postToSlackEndpoint(h, event);
    await eventually(() => h.stub.of('views.publish').length === before + 1, 'the failed attempt');
    await new Promise((r) => setTimeout(r, 100));
    await postToSlackEndpoint(h, { ...event, retryNum: 1 });
    await eventually(() => h.stub.of('views.publish').length === before + 2, 'the retry to run');
  });

  test('/polarity play creates a quest, posts the invite with a join button, and tells the host privately', async () => {
    const posts = h.stub.of('chat.postMessage').length;
    const r = await postToSlackEndpoint(h, slashCommand('play ship-by-friday'));
    assert.equal(r.statusCode, 200);
    await eventually(() => h.stub.of('chat.postMessage').length >= posts + 2, 'the invite and the host DM');
    const sent = h.stub.of('chat.postMessage').slice(posts);
    const invite = sent.find((c) => c.args.channel === 'C0GENERAL');
    const dm = sent.find((c) => c.args.channel === 'U0PERSON');
    assert.ok(invite && dm);
    const blocks = JSON.stringify(invite.args.blocks);
    assert.match(blocks, /"action_id":"quest_join"/);
    assert.match(blocks, /http:\/\/polarity\.test\/join\//);
    assert.match(String(dm.args.text), /Open it as its host/);
    // The host link's fragment carries the host's own seat, which the quest service recognises as its host.
    const fragment = /#player=([A-Za-z0-9_-]+)/.exec(JSON.stringify(dm.args.blocks))?.[1] as string;
    const seat = JSON.parse(Buffer.from(fragment, 'base64url').toString('utf8')) as { id: string; token: string; name: string };
    const questId = /\/quests\/([0-9a-f-]+)#/.exec(JSON.stringify(dm.args.blocks))?.[1] as string;
    const host = await h.service.authenticate(questId, seat.token);
    assert.equal(host?.host, true);
    assert.doesNotMatch(JSON.stringify(invite.args), /#player=/, 'the host seat is never posted in the channel');
    assert.equal(invite.token, 'xoxb-installed-1');
    // The host's quest is in the organisation's team, linked to the person.
    const invitePath = /\/join\/([A-Za-z0-9_-]+)/.exec(blocks)?.[1] as string;
    const info = await h.service.inviteInfo(invitePath);
    assert.ok(info.ok);
  });

  test('a reminder button schedules a reminder that arrives by DM later, once', async () => {
    const quest = await h.service.createQuest({ scenarioId: 'ship-by-friday', hostName: 'Host' });
    assert.ok(quest.ok);
    const press = interaction({
      type: 'block_actions',
      team: { id: TEAM, domain: 'acme' },
      user: { id: 'U0PERSON', team_id: TEAM },
      api_app_id: 'A0POLARITY',
      trigger_id: 'trig-1',
      channel: { id: 'C0GENERAL' },
      container: { type: 'message', channel_id: 'C0GENERAL' },
      actions: [{ type: 'button', action_id: 'quest_remind_me', block_id: 'quest_invite', value: quest.questId, action_ts: '1' }],
      response_url: 'https://hooks.slack.test/actions/1',
    });
    assert.equal((await postToSlackEndpoint(h, press)).statusCode, 200);
    await eventually(() => h.jobs.queued.length === 1, 'the reminder job');
    await postToSlackEndpoint(h, press);
    await eventually(() => h.stub.of('chat.postEphemeral').length >= 2, 'both confirmations');
    assert.equal(h.jobs.queued.length, 1, 'pressing twice schedules one reminder');
    const job = h.jobs.queued[0];
    assert.equal(job?.name, REMINDER_JOB);
    assert.ok((job?.opts.startAfter?.getTime() ?? 0) >= Date.now() + REMINDER_DELAY_MS - 60_000);
    assert.equal(await h.jobs.runDue(Date.now()), 0, 'not before its time');
    const posts = h.stub.of('chat.postMessage').length;
    assert.equal(await h.jobs.runDue(Date.now() + REMINDER_DELAY_MS + 1), 1);
    const reminder = h.stub.of('chat.postMessage')[posts];
    assert.equal(reminder?.args.channel, 'U0PERSON');
    assert.match(String(reminder?.args.text), /Reminder: the quest/);
  });

  test('/polarity coach answers by DM only', async () => {
    const posts = h.stub.of('chat.postMessage').length;
    const r = await postToSlackEndpoint(h, slashCommand('coach how do I price a risk before we ship?'));
    assert.match((r.json() as { text: string }).text, /DM/);
    await eventually(
      () =>
        h.stub
          .of('chat.postMessage')
          .slice(posts)
          .some((c) => /You asked/.test(JSON.stringify(c.args.blocks))),
      'the coach DM',
    );
    const dm = h.stub
      .of('chat.postMessage')
      .slice(posts)
      .find((c) => /You asked/.test(JSON.stringify(c.args.blocks)));
    assert.equal(dm?.args.channel, 'U0PERSON', 'the answer goes to the person, never the channel');
    assert.match(JSON.stringify(dm?.args.blocks), /You asked/);
    const history = await h.coach.history(personId);
    assert.equal(history.length, 1);
  });

  test('/polarity tradeoff opens a modal whose submission records a draft trade-off in the ledger', async () => {
    await postToSlackEndpoint(h, slashCommand('tradeoff'));
    await eventually(() => h.stub.of('views.open').length === 1, 'the modal');
    const view = h.stub.of('views.open')[0]?.args.view as { callback_id: string };
    assert.equal(view.callback_id, 'trade_off_modal');
    const submit = (title: string) =>
      interaction({
        type: 'view_submission',
        team: { id: TEAM, domain: 'acme' },
        user: { id: 'U0PERSON', team_id: TEAM },
        api_app_id: 'A0POLARITY',
        trigger_id: 'trig-2',
        view: {
          id: 'V1',
          type: 'modal',
          callback_id: 'trade_off_modal',
          team_id: TEAM,
          state: {
            values: {
              team: { team: { type: 'static_select', selected_option: { value: place.teamId } } },
              title: { title: { type: 'plain_text_input', value: title } },
              context: { context: { type: 'plain_text_input', value: 'Launch is Friday' } },
              because: { because: { type: 'plain_text_input', value: null } },
              cleanup: { cleanup: { type: 'plain_text_input', value: 'Add retries next sprint' } },
            },
          },
        },
      });
    const empty = await postToSlackEndpoint(h, submit('   '));
    assert.deepEqual((empty.json() as { response_action: string }).response_action, 'errors');
    assert.equal((await listTradeOffs(h.db as unknown as LedgerDatabase, place.teamId)).length, 0);
    const ok = await postToSlackEndpoint(h, submit('Ship export without the retry queue'));
    assert.equal(ok.statusCode, 200);
    await eventually(
      async () => (await listTradeOffs(h.db as unknown as LedgerDatabase, place.teamId)).length === 1,
      'the record',
    );
    const [record] = await listTradeOffs(h.db as unknown as LedgerDatabase, place.teamId);
    assert.equal(record?.status, 'draft');
    assert.equal(record?.createdBy, personId);
    assert.deepEqual(record?.content.consequences.bad, ['Cleanup: Add retries next sprint']);
  });

  test('admins change announcements and insights from Slack; members cannot', async () => {
    const adminId = await linkedPerson(h, place, 'U0LEADADMIN', 'admin');
    assert.ok(adminId);
    const submit = (user: string) =>
      interaction({
        type: 'view_submission',
        team: { id: TEAM, domain: 'acme' },
        user: { id: user, team_id: TEAM },
        api_app_id: 'A0POLARITY',
        trigger_id: 'trig-3',
        view: {
          id: 'V2',
          type: 'modal',
          callback_id: 'admin_settings_modal',
          team_id: TEAM,
          state: {
            values: {
              channel: { channel: { type: 'conversations_select', selected_conversation: 'C0ANNOUNCE' } },
              audience: { audience: { type: 'radio_buttons', selected_option: { value: 'admins' } } },
            },
          },
        },
      });
    const orgs = h.accounts.services.orgs;
    const refused = await postToSlackEndpoint(h, submit('U0PERSON'));
    assert.equal((refused.json() as { response_action: string }).response_action, 'errors');
    assert.equal((await h.slack.settings.of(place.orgId)).insightsAudience, 'leads_and_admins');
    assert.equal(await orgs.insightsAudience(place.orgId), 'leads_and_admins');
    await postToSlackEndpoint(h, submit('U0LEADADMIN'));
    // Slack writes the organisation's own setting, the one the insights API enforces.
    await eventually(async () => (await orgs.get(place.orgId))?.insightsAudience === 'admins', 'the organisation’s setting');
    assert.equal((await h.slack.settings.of(place.orgId)).insightsAudience, 'admins');
    await eventually(
      async () => (await h.slack.settings.of(place.orgId)).announcementChannel?.name === 'announcements',
      'the name',
    );
    assert.equal((await h.slack.settings.of(place.orgId)).announcementChannel?.id, 'C0ANNOUNCE');
    await eventually(
      () => h.stub.of('chat.postMessage').some((c) => c.args.channel === 'U0LEADADMIN' && /^Saved\./.test(String(c.args.text))),
      'the confirmation DM',
    );
  });

  test('App Home points a lead at team insights only while the organisation shows them to leads', async () => {
    const leadId = await linkedPerson(h, place, 'U0TEAMLEAD');
    await h.accounts.services.orgs.setTeamRole(place.teamId, place.orgId, leadId, 'lead');
    const homeOf = async (audience: 'admins' | 'leads_and_admins', eventId: string) => {
      await h.accounts.services.orgs.change(place.orgId, { insightsAudience: audience });
      const before = h.stub.of('views.publish').length;
      await postToSlackEndpoint(
        h,
        eventCallback({ type: 'app_home_opened', user: 'U0TEAMLEAD', channel: 'D0LEAD', tab: 'home' }, eventId),
      );
      await eventually(() => h.stub.of('views.publish').length > before, 'the home view');
      return JSON.stringify(h.stub.of('views.publish').at(-1)?.args.view);
    };
    const link = `/teams/${place.teamId}/insights`;
    assert.ok((await homeOf('leads_and_admins', 'Ev-lead-home-1')).includes(link));
    assert.ok(!(await homeOf('admins', 'Ev-lead-home-2')).includes(link));
  });

  test('the web’s Slack page writes the organisation’s setting, and the organisation page reads it back', async () => {
    const s = h.accounts.services;
    const admin = await s.people.withEmail(`web-admin.${Date.now()}@acme.test`);
    const org = await s.orgs.create('Web Co', admin.id);
    const browser = new Browser(h.app.http);
    browser.cookies.set(s.sessions.cookieName, (await s.sessions.start(admin.id, undefined)).token);
    await browser.refreshCsrf();
    const put = await browser.request('PUT', `/api/orgs/${org.id}/slack/settings`, { json: { insightsAudience: 'admins' } });
    assert.equal(put.status, 200, put.body);
    assert.equal(put.json.settings.insightsAudience, 'admins');
    assert.equal(await s.orgs.insightsAudience(org.id), 'admins');
    assert.equal((await browser.request('GET', `/api/orgs/${org.id}`)).json.organisation.insightsAudience, 'admins');
    const back = await browser.request('PATCH', `/api/orgs/${org.id}`, { json: { insightsAudience: 'leads_and_admins' } });
    assert.equal(back.status, 200, back.body);
    assert.equal((await browser.request('GET', `/api/orgs/${org.id}/slack`)).json.settings.insightsAudience, 'leads_and_admins');
  });

  test('inviting teammates: an admin gets an invitation link by DM; a member is told to ask an admin', async () => {
    const press = (user: string) =>
      interaction({
        type: 'block_actions',
        team: { id: TEAM, domain: 'acme' },
        user: { id: user, team_id: TEAM },
        api_app_id: 'A0POLARITY',
        trigger_id: 'trig-invite',
        container: { type: 'message', channel_id: 'D0DM' },
        actions: [{ type: 'button', action_id: 'invite_teammates', block_id: 'checklist_actions', action_ts: '1' }],
      });
    const sent = (user: string, pattern: RegExp) =>
      h.stub.of('chat.postMessage').filter((c) => c.args.channel === user && pattern.test(String(c.args.text)));
    await postToSlackEndpoint(h, press('U0PERSON'));
    await eventually(() => sent('U0PERSON', /Only organisation admins invite people/).length === 1, 'the refusal');
    const invitationsBefore = (await h.accounts.services.invitations.list(place.orgId)).length;
    await postToSlackEndpoint(h, press('U0LEADADMIN'));
    const link = /http:\/\/polarity\.test\/invitation#token=[A-Za-z0-9_-]+/;
    await eventually(() => sent('U0LEADADMIN', link).length === 1, 'the link');
    assert.equal((await h.accounts.services.invitations.list(place.orgId)).length, invitationsBefore + 1);
  });

  test('a debrief-ready DM says only that it is ready, with a link, and goes to the person alone', async () => {
    const posts = h.stub.of('chat.postMessage').length;
    await h.slack.debriefDelivery.deliverDebrief(personId, {
      id: 'd1',
      questId: 'q1',
      scenarioTitle: 'Secret scenario title',
      roleName: 'PM',
    } as never);
    const dm = h.stub
      .of('chat.postMessage')
      .slice(posts)
      .find((c) => /debrief/.test(String(c.args.text)));
    assert.equal(dm?.args.channel, 'U0PERSON');
    assert.equal(dm?.args.text, 'Your private debrief is ready.');
    assert.doesNotMatch(JSON.stringify(dm?.args), /Secret scenario title|PM/);
    assert.match(JSON.stringify(dm?.args.blocks), /polarity\.test\/me\/coach/);
  });

  test('a commitment alert goes by DM to its owner', async () => {
    const posts = h.stub.of('chat.postMessage').length;
    await h.slack.alertDelivery.deliverAlert({
      kind: 'slipping',
      commitmentId: 'c1',
      title: 'Retry queue',
      ownerName: 'Person',
      ownerPersonId: personId,
      dueOn: '2026-01-01',
      message: 'was due on 2026-01-01',
      teamId: place.teamId,
    });
    const dm = h.stub
      .of('chat.postMessage')
      .slice(posts)
      .find((c) => /Slipping/.test(String(c.args.text)));
    assert.equal(dm?.args.channel, 'U0PERSON');
    assert.match(String(dm?.args.text), /Slipping/);
  });

  test('tokens_revoked and app_uninstalled delete the installation and its tokens', async () => {
    const revoked = eventCallback({ type: 'tokens_revoked', tokens: { oauth: ['UADMIN'] } }, 'Ev-revoked-user');
    await postToSlackEndpoint(h, revoked);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(
      (
        await h.db
          .select()
          .from(slackInstallations)
          .where(eq(slackInstallations.installKey, `T:${TEAM}`))
      ).length,
      1,
    );
    await postToSlackEndpoint(h, eventCallback({ type: 'tokens_revoked', tokens: { bot: ['UBOT'] } }, 'Ev-revoked-bot'));
    await eventually(
      async () =>
        (
          await h.db
            .select()
            .from(slackInstallations)
            .where(eq(slackInstallations.installKey, `T:${TEAM}`))
        ).length === 0,
      'the bot token revoked',
    );
    await installForOrg(h);
    await postToSlackEndpoint(h, eventCallback({ type: 'app_uninstalled' }, 'Ev-uninstalled'));
    await eventually(async () => (await h.db.select().from(slackInstallations)).length === 0, 'the uninstall');
    // Without an installation, a command is not authorised and nothing is sent.
    const before = h.stub.calls.length;
    await postToSlackEndpoint(h, slashCommand('play ship-by-friday'));
    assert.equal(h.stub.calls.length, before);
  });
});
