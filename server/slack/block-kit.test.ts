// Block Kit: the schemas hold Slack's documented limits, and every message, modal and home view Polarity builds passes
// them whatever people typed (property-tested with arbitrary names, titles and questions).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { button, homeView as homeViewSchema, messagePayload, modalView } from './block-kit.ts';
import {
  adminModal,
  coachAnswer,
  commitmentAlert,
  debriefReady,
  helpMessage,
  homeView,
  hostLink,
  installChecklist,
  notLinked,
  plainMessage,
  questInvite,
  questReminder,
  scenarioList,
  teammateInvitation,
  tradeOffModal,
} from './slack-messages.ts';

const ok = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, v: unknown) => {
  const r = schema.safeParse(v);
  assert.ok(r.success, `${JSON.stringify(r.error)}\n${JSON.stringify(v).slice(0, 500)}`);
};

test('the schemas enforce Slack’s documented limits', () => {
  const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
  assert.equal(messagePayload.safeParse({ text: 't', blocks: Array(50).fill(section) }).success, true);
  assert.equal(
    messagePayload.safeParse({ text: 't', blocks: Array(51).fill(section) }).success,
    false,
    'max 50 blocks in a message',
  );
  assert.equal(homeViewSchema.safeParse({ type: 'home', blocks: Array(100).fill(section) }).success, true);
  assert.equal(homeViewSchema.safeParse({ type: 'home', blocks: Array(101).fill(section) }).success, false, 'max 100 in home');
  const modal = (blocks: unknown[], title = 'T') => ({
    type: 'modal',
    callback_id: 'c',
    title: { type: 'plain_text', text: title },
    blocks,
  });
  assert.equal(modalView.safeParse(modal(Array(101).fill(section))).success, false, 'max 100 in a modal');
  assert.equal(modalView.safeParse(modal([section], 'x'.repeat(25))).success, false, 'modal title <= 24');
  const b = { type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'a' };
  assert.equal(button.safeParse(b).success, true);
  assert.equal(
    button.safeParse({ ...b, text: { type: 'plain_text', text: 'x'.repeat(76) } }).success,
    false,
    'button text <= 75',
  );
  assert.equal(button.safeParse({ ...b, action_id: 'a'.repeat(256) }).success, false, 'action_id <= 255');
  assert.equal(
    messagePayload.safeParse({ text: 't', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] })
      .success,
    false,
  );
  assert.equal(messagePayload.safeParse({ text: 't', blocks: [{ type: 'section' }] }).success, false, 'a section needs text');
  assert.equal(messagePayload.safeParse({ text: '', blocks: [] }).success, false, 'fallback text is required');
  const input = {
    type: 'input',
    label: { type: 'plain_text', text: 'L' },
    element: { type: 'plain_text_input', action_id: 'i' },
  };
  assert.equal(messagePayload.safeParse({ text: 't', blocks: [input] }).success, false, 'inputs only in modals');
  assert.equal(modalView.safeParse(modal([input])).success, true);
  assert.equal(
    messagePayload.safeParse({
      text: 't',
      blocks: [
        { ...section, block_id: 'same' },
        { ...section, block_id: 'same' },
      ],
    }).success,
    false,
    'block ids are unique',
  );
});

test('every message Polarity builds is valid Block Kit, whatever people typed', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 5000 }), fc.string({ minLength: 1, maxLength: 400 }), (free, name) => {
      ok(messagePayload, installChecklist({ orgName: name, orgSlackUrl: 'https://p.test/orgs/1/slack' }));
      ok(
        messagePayload,
        questInvite({ hostName: name, title: name, summary: free, minutes: 30, joinUrl: 'https://p.test/join/x', questId: 'q' }),
      );
      ok(messagePayload, hostLink({ title: name, hostUrl: 'https://p.test/quests/q' }));
      ok(messagePayload, questReminder({ title: name, joinUrl: 'https://p.test/join/x', status: 'lobby' }));
      ok(messagePayload, plainMessage(`${name} ${free}`));
      ok(
        messagePayload,
        coachAnswer(
          {
            question: free || 'q',
            source: 'playbook',
            text: `${free} answer`,
            entries: [],
            advice: [free, name],
            phrasings: [name],
            followUps: [],
            personal: free || null,
          },
          'https://p.test/me/coach',
        ),
      );
      ok(
        messagePayload,
        commitmentAlert(
          {
            kind: 'silently_deprioritised',
            commitmentId: 'c',
            title: name,
            ownerName: name,
            ownerPersonId: null,
            dueOn: '2026-01-01',
            message: free || 'm',
          },
          'https://p.test/teams/t/ledger/commitments',
        ),
      );
      const teams = Array.from({ length: 120 }, (_, i) => ({ id: `t${i}`, name: `${name}${i}` }));
      ok(modalView, tradeOffModal(teams));
      ok(
        homeViewSchema,
        homeView({
          welcome: true,
          signInUrl: 'https://p.test/sign-in',
          person: {
            name,
            nextQuest: { title: name, url: 'https://p.test/quests/q', status: 'lobby' },
            xp: { total: 120, level: 2, nextLevelAt: 250 },
            inbox: Array.from({ length: 30 }, (_, i) => ({
              title: `${name} ${i}`,
              unread: i % 2 === 0,
              url: 'https://p.test/me/coach',
            })),
            insights: [{ label: name, url: 'https://p.test/teams/t/insights' }],
            isAdmin: true,
            coachUrl: 'https://p.test/me/coach',
            myDataUrl: 'https://p.test/me',
          },
        }),
      );
    }),
    { numRuns: 60 },
  );
});

test('the fixed messages and views are valid Block Kit', () => {
  ok(messagePayload, helpMessage());
  ok(messagePayload, notLinked('https://p.test/sign-in'));
  ok(messagePayload, debriefReady('https://p.test/me/coach'));
  ok(messagePayload, teammateInvitation('https://p.test/invitation#token=x', 7));
  ok(messagePayload, scenarioList(Array.from({ length: 80 }, (_, i) => ({ id: `s${i}`, title: 'A scenario', minutes: 30 }))));
  ok(modalView, adminModal({ announcementChannel: { id: 'C1', name: 'general' }, insightsAudience: 'admins' }));
  ok(modalView, adminModal({ announcementChannel: null, insightsAudience: 'leads_and_admins' }));
  ok(homeViewSchema, homeView({ welcome: true, signInUrl: 'https://p.test/sign-in', person: null }));
  ok(homeViewSchema, homeView({ welcome: false, signInUrl: 'https://p.test/sign-in', person: null }));
});

test('the debrief notice carries nothing from the debrief', () => {
  const m = debriefReady('https://p.test/me/coach');
  assert.equal(m.text, 'Your private debrief is ready.');
  assert.deepEqual(
    JSON.stringify(m.blocks)
      .match(/"text":"[^"]*"/g)
      ?.map((t) => t.slice(8, -1)),
    ['Your private debrief is ready. Only you can read it.', 'Read my debrief'],
  );
});
