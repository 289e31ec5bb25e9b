// What Polarity says in Slack, as Block Kit. Pure functions of what they show; every payload is checked against
// block-kit.ts before it is sent. Private things (coaching, a debrief) only ever go to the person's own DM, and a
// debrief notice carries no coaching content at all, only that it is ready and where to read it.
import type { CoachAnswer } from '../coach/playbook-answer.ts';
import type { CommitmentAlert } from '../ledger/commitment-alerts.ts';
import type { HomeView, MessageBlock, MessagePayload, ModalView } from './block-kit.ts';
import { escapeMrkdwn as esc, fit } from './block-kit.ts';
import { AUDIENCE_WORDS, type SlackSettings } from './slack-settings.ts';

export const ACTIONS = {
  remindMe: 'quest_remind_me',
  joinQuest: 'quest_join',
  openAdmin: 'open_admin_settings',
  inviteTeammates: 'invite_teammates',
  openTradeOff: 'open_trade_off',
  playQuest: 'open_play_help',
  openLink: 'open_link',
} as const;

export const VIEWS = { tradeOff: 'trade_off_modal', admin: 'admin_settings_modal' } as const;

export const PRIVACY_WORDS =
  'Taking part is voluntary: you choose to opt in, you can pause or withdraw any time, and withdrawing erases what ' +
  'Polarity holds about you. Your coaching is yours alone — no lead or admin can read it. Leads see only team ' +
  'aggregates, and only over five or more people who chose to take part.';

const section = (text: string, block_id?: string): MessageBlock => ({
  type: 'section',
  ...(block_id ? { block_id } : {}),
  text: { type: 'mrkdwn', text: fit(text, 3000) },
});
const header = (text: string): MessageBlock => ({ type: 'header', text: { type: 'plain_text', text: fit(text, 150) } });
const context = (text: string): MessageBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: fit(text, 2000) }] });
const divider: MessageBlock = { type: 'divider' };
const linkButton = (text: string, url: string, action_id: string, style?: 'primary') => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: fit(text, 75) },
  action_id,
  url,
  ...(style ? { style } : {}),
});
const actionButton = (text: string, action_id: string, value?: string, style?: 'primary') => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: fit(text, 75) },
  action_id,
  ...(value ? { value } : {}),
  ...(style ? { style } : {}),
});

export function installChecklist(p: { orgName: string; orgSlackUrl: string }): MessagePayload {
  return {
    text: `Polarity is installed for ${p.orgName}. Here is how to set it up.`,
    blocks: [
      header('Polarity is installed 🎉'),
      section(`Thanks for adding Polarity for *${esc(p.orgName)}*. A few steps to get your team going:`),
      section(
        '1. *Pick an announcement channel* — where new quests are announced.\n' +
          '2. *Decide who may see team insights* — admins only, or team leads for their own team too.\n' +
          '3. *Invite teammates* — they sign in with Slack once to link their account.\n' +
          '4. *Run a quest* — type `/polarity play` in a channel.',
        'checklist',
      ),
      {
        type: 'actions',
        block_id: 'checklist_actions',
        elements: [
          actionButton('Announcements & insights', ACTIONS.openAdmin, undefined, 'primary'),
          actionButton('Invite teammates', ACTIONS.inviteTeammates),
          linkButton('Open Slack settings', p.orgSlackUrl, ACTIONS.openLink),
        ],
      },
      context(PRIVACY_WORDS),
    ],
  };
}

export function helpMessage(): MessagePayload {
  return {
    text: 'Polarity commands: /polarity play [scenario], /polarity coach [question], /polarity tradeoff, /polarity help',
    blocks: [
      section(
        '*`/polarity play [scenario]`* — start a quest here and invite the channel (no scenario: see the list).\n' +
          '*`/polarity coach [question]`* — ask your private coach; the answer comes to your DM, nobody else sees it.\n' +
          '*`/polarity tradeoff`* — record a trade-off in your team’s ledger before you decide.\n' +
          '*`/polarity help`* — this list.',
      ),
      context(PRIVACY_WORDS),
    ],
  };
}

export function notLinked(signInUrl: string): MessagePayload {
  return {
    text: `Link your Slack account to Polarity first: ${signInUrl}`,
    blocks: [
      section(
        'Polarity does not know who you are yet. Sign in with Slack once to link your account — your organisation must have invited you.',
      ),
      { type: 'actions', elements: [linkButton('Sign in with Slack', signInUrl, ACTIONS.openLink, 'primary')] },
    ],
  };
}

export function plainMessage(text: string): MessagePayload {
  return { text: fit(text, 3000), blocks: [section(esc(text))] };
}

export function scenarioList(scenarios: readonly { id: string; title: string; minutes: number }[]): MessagePayload {
  const lines = scenarios.slice(0, 40).map((s) => `• \`${s.id}\` — ${esc(s.title)} (${s.minutes} min)`);
  return {
    text: 'Which scenario? Type /polarity play <scenario>.',
    blocks: [
      section('*Which scenario?* Type `/polarity play <scenario>`:'),
      section(lines.join('\n') || 'No scenarios are loaded.'),
    ],
  };
}

export function questInvite(q: {
  hostName: string;
  title: string;
  summary: string;
  minutes: number;
  joinUrl: string;
  questId: string;
}): MessagePayload {
  return {
    text: `${q.hostName} invites you to a quest: ${q.title}. Join: ${q.joinUrl}`,
    blocks: [
      header(`Quest: ${q.title}`),
      section(`*${esc(q.hostName)}* is gathering a team for a ${q.minutes}-minute quest.\n${esc(fit(q.summary, 1500))}`),
      {
        type: 'actions',
        block_id: 'quest_invite',
        elements: [
          linkButton('Join the quest', q.joinUrl, ACTIONS.joinQuest, 'primary'),
          actionButton('Remind me in 15 minutes', ACTIONS.remindMe, q.questId),
        ],
      },
      context('Joining is voluntary. Bots fill empty seats, so any number of people can play.'),
    ],
  };
}

export function hostLink(p: { title: string; hostUrl: string }): MessagePayload {
  return {
    text: `Your quest "${p.title}" is ready. Open it as its host: ${p.hostUrl}`,
    blocks: [
      section(`Your quest *${esc(p.title)}* is waiting in its lobby. Open it as host to seat people and start:`),
      { type: 'actions', elements: [linkButton('Open as host', p.hostUrl, ACTIONS.openLink, 'primary')] },
      context('This link is your host seat: keep it to yourself.'),
    ],
  };
}

export function questReminder(p: { title: string; joinUrl: string; status: string }): MessagePayload {
  const state = p.status === 'lobby' ? 'is still gathering players' : 'is under way';
  return {
    text: `Reminder: the quest "${p.title}" ${state}. ${p.joinUrl}`,
    blocks: [
      section(`⏰ Reminder: the quest *${esc(p.title)}* ${state}.`),
      { type: 'actions', elements: [linkButton('Join the quest', p.joinUrl, ACTIONS.joinQuest, 'primary')] },
    ],
  };
}

/** Says only that a debrief is ready and where: nothing from it, so a DM preview or a shared screen leaks nothing. */
export function debriefReady(url: string): MessagePayload {
  return {
    text: 'Your private debrief is ready.',
    blocks: [
      section('Your private debrief is ready. Only you can read it.'),
      { type: 'actions', elements: [linkButton('Read my debrief', url, ACTIONS.openLink, 'primary')] },
    ],
  };
}

export function coachAnswer(a: CoachAnswer, coachUrl: string): MessagePayload {
  const blocks: MessageBlock[] = [section(`*You asked:* ${esc(fit(a.question, 500))}`), section(esc(a.text))];
  if (a.advice.length > 0) blocks.push(section(a.advice.map((x) => `• ${esc(x)}`).join('\n')));
  if (a.phrasings.length > 0) blocks.push(section(`*Try saying:*\n${a.phrasings.map((x) => `> ${esc(x)}`).join('\n')}`));
  if (a.personal) blocks.push(section(`*From your own quests:* ${esc(a.personal)}`));
  blocks.push(
    context(`Private to you. ${a.source === 'model' ? 'Written by the coach model from the playbook.' : 'From the playbook.'}`),
  );
  blocks.push({ type: 'actions', elements: [linkButton('Open my coach', coachUrl, ACTIONS.openLink)] });
  return { text: fit(`Coach: ${a.text}`, 3000), blocks };
}

const ALERT_WORDS: Record<CommitmentAlert['kind'], string> = {
  due_soon: 'Due soon',
  slipping: 'Slipping',
  silently_deprioritised: 'Silently deprioritised',
};

export function commitmentAlert(a: CommitmentAlert, ledgerUrl: string): MessagePayload {
  return {
    text: `${ALERT_WORDS[a.kind]}: "${a.title}" ${a.message}`,
    blocks: [
      section(`*${ALERT_WORDS[a.kind]}:* the commitment *${esc(a.title)}* ${esc(a.message)}.`),
      context(`Owner: ${esc(a.ownerName)} · due ${a.dueOn}`),
      { type: 'actions', elements: [linkButton('Open the ledger', ledgerUrl, ACTIONS.openLink)] },
    ],
  };
}

export function teammateInvitation(link: string, days: number): MessagePayload {
  return {
    text: `An invitation link for your teammates (valid ${days} days): ${link}`,
    blocks: [
      section(
        `Share this link with teammates (valid ${days} days). They join your organisation, then sign in with Slack once to use Polarity here:\n${link}`,
      ),
      context('Anyone with the link can join, so share it only where your teammates are.'),
    ],
  };
}

export interface HomeContent {
  welcome: boolean;
  signInUrl: string;
  person: null | {
    name: string;
    nextQuest: { title: string; url: string; status: string } | null;
    xp: { total: number; level: number; nextLevelAt: number | null } | null;
    inbox: { title: string; unread: boolean; url: string }[];
    insights: { label: string; url: string }[];
    isAdmin: boolean;
    coachUrl: string;
    myDataUrl: string;
  };
}

export function homeView(c: HomeContent): HomeView {
  const blocks: MessageBlock[] = [];
  if (c.welcome) {
    blocks.push(header('Welcome to Polarity'));
    blocks.push(
      section(
        'Polarity helps product managers and engineers practise the tension between shipping fast and building well: ' +
          'short team quests, a private coach, and a ledger of the trade-offs you make.',
      ),
    );
    blocks.push(section(PRIVACY_WORDS, 'privacy'));
    blocks.push(divider);
  }
  const p = c.person;
  if (!p) {
    blocks.push(section('Sign in with Slack once to link your account, then your quests, XP and coach show up here.'));
    blocks.push({
      type: 'actions',
      block_id: 'link',
      elements: [linkButton('Sign in with Slack', c.signInUrl, ACTIONS.openLink, 'primary')],
    });
    return { type: 'home', blocks };
  }
  blocks.push(header(`Hi ${fit(p.name, 100)}`));
  blocks.push(
    section(
      p.nextQuest
        ? `*Your next quest:* <${p.nextQuest.url}|${esc(p.nextQuest.title)}> (${p.nextQuest.status === 'lobby' ? 'gathering players' : 'under way'})`
        : '*Your next quest:* none yet — start one with `/polarity play` in a channel.',
      'next_quest',
    ),
  );
  blocks.push(
    section(
      p.xp
        ? `*Your XP:* ${p.xp.total} · level ${p.xp.level}${p.xp.nextLevelAt !== null ? ` · next level at ${p.xp.nextLevelAt}` : ''}`
        : '*Your XP:* none yet — XP comes from quests you take part in.',
      'xp',
    ),
  );
  const unread = p.inbox.filter((d) => d.unread).length;
  const inboxLines = p.inbox.slice(0, 5).map((d) => `• <${d.url}|${esc(d.title)}>${d.unread ? ' — *new*' : ''}`);
  blocks.push(
    section(
      `*Your coach inbox:* ${unread > 0 ? `${unread} new` : 'nothing new'}${inboxLines.length ? `\n${inboxLines.join('\n')}` : ''}`,
      'coach_inbox',
    ),
  );
  blocks.push(divider);
  const quick = [
    actionButton('Record a trade-off', ACTIONS.openTradeOff),
    linkButton('Ask my coach', p.coachUrl, ACTIONS.openLink),
    actionButton('Start a quest', ACTIONS.playQuest),
  ];
  blocks.push({ type: 'actions', block_id: 'quick_actions', elements: quick });
  if (p.insights.length > 0) {
    blocks.push(
      section(
        `*Team insights* (aggregates only): ${p.insights.map((i) => `<${i.url}|${esc(i.label)}>`).join(' · ')}`,
        'insights',
      ),
    );
  }
  if (p.isAdmin) {
    blocks.push({
      type: 'actions',
      block_id: 'admin',
      elements: [
        actionButton('Announcements & insights settings', ACTIONS.openAdmin),
        actionButton('Invite teammates', ACTIONS.inviteTeammates),
      ],
    });
  }
  blocks.push(context(`Taking part is your choice. <${p.myDataUrl}|See or change your data>.`));
  return { type: 'home', blocks };
}

export function tradeOffModal(teams: readonly { id: string; name: string }[]): ModalView {
  const options = teams.slice(0, 100).map((t) => ({ text: { type: 'plain_text' as const, text: fit(t.name, 75) }, value: t.id }));
  return {
    type: 'modal',
    callback_id: VIEWS.tradeOff,
    title: { type: 'plain_text', text: 'Record a trade-off' },
    submit: { type: 'plain_text', text: 'Record' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        'Write it down *before* you decide: what you are trading, and who bears it. It starts as a draft in your team’s ledger.',
      ),
      {
        type: 'input',
        block_id: 'team',
        label: { type: 'plain_text', text: 'Team' },
        element: {
          type: 'static_select',
          action_id: 'team',
          options,
          ...(options.length === 1 && options[0] ? { initial_option: options[0] } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'What are you trading off?' },
        element: {
          type: 'plain_text_input',
          action_id: 'title',
          max_length: 200,
          placeholder: { type: 'plain_text', text: 'Ship the export without the retry queue' },
        },
      },
      {
        type: 'input',
        block_id: 'context',
        optional: true,
        label: { type: 'plain_text', text: 'Context' },
        element: { type: 'plain_text_input', action_id: 'context', multiline: true, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: 'because',
        optional: true,
        label: { type: 'plain_text', text: 'Why this way?' },
        element: { type: 'plain_text_input', action_id: 'because', multiline: true, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: 'cleanup',
        optional: true,
        label: { type: 'plain_text', text: 'Cleanup it creates (the debt), if any' },
        element: { type: 'plain_text_input', action_id: 'cleanup', max_length: 500 },
        hint: { type: 'plain_text', text: 'Price it and set a due date in the ledger.' },
      },
    ],
  };
}

export function adminModal(settings: SlackSettings): ModalView {
  const audience = (Object.keys(AUDIENCE_WORDS) as (keyof typeof AUDIENCE_WORDS)[]).map((value) => ({
    text: { type: 'plain_text' as const, text: fit(AUDIENCE_WORDS[value], 75) },
    value,
  }));
  const initialAudience = audience.find((o) => o.value === settings.insightsAudience);
  return {
    type: 'modal',
    callback_id: VIEWS.admin,
    title: { type: 'plain_text', text: 'Polarity settings' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'channel',
        optional: true,
        label: { type: 'plain_text', text: 'Announcement channel' },
        element: {
          type: 'conversations_select',
          action_id: 'channel',
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(settings.announcementChannel ? { initial_conversation: settings.announcementChannel.id } : {}),
        },
        hint: { type: 'plain_text', text: 'New quests are announced here. Invite @Polarity to the channel.' },
      },
      {
        type: 'input',
        block_id: 'audience',
        label: { type: 'plain_text', text: 'Who may see team insights' },
        element: {
          type: 'radio_buttons',
          action_id: 'audience',
          options: audience,
          ...(initialAudience ? { initial_option: initialAudience } : {}),
        },
        hint: { type: 'plain_text', text: 'Either way only aggregates over five or more consenting people are shown.' },
      },
    ],
  };
}
