// The Bolt app: /polarity and its subcommands, buttons, modals, App Home and the lifecycle events. Requests arrive
// through the Fastify receiver (HTTP) or Socket Mode; either way an Events API delivery is claimed once by its
// event_id, so a retried delivery (X-Slack-Retry-Num, or a Socket Mode retry) is acknowledged and not run twice.
import { type AllMiddlewareArgs, App, type Receiver, type SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { InstallProvider } from '@slack/oauth';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.ts';
import { insightsAudiences } from '../accounts/insights-audience.ts';
import { INVITATION_DAYS } from '../accounts/invitations.ts';
import type { Coach } from '../coach/coach.ts';
import type { InsightsDatabase } from '../insights/insights-database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { LedgerDatabase } from '../ledger/ledger-database.ts';
import { tradeOffContent } from '../ledger/ledger-requests.ts';
import { createTradeOff } from '../ledger/trade-off-store.ts';
import type { QuestService } from '../quests/quest-service.ts';
import { homeContent } from './app-home.ts';
import { checked, homeView as homeViewSchema, type MessagePayload, messagePayload, modalView } from './block-kit.ts';
import type { ChannelQueue } from './channel-queue.ts';
import { DeliveryClaims } from './delivery-claims.ts';
import type { SlackInstallations } from './installations.ts';
import { slackHomeVisits } from './schema.ts';
import type { SlackDatabase } from './slack-database.ts';
import {
  ACTIONS,
  adminModal,
  coachAnswer,
  helpMessage,
  homeView,
  hostLink,
  notLinked,
  plainMessage,
  questInvite,
  questReminder,
  scenarioList,
  teammateInvitation,
  tradeOffModal,
  VIEWS,
} from './slack-messages.ts';
import type { SlackNotifier } from './slack-notifier.ts';
import type { LinkedPerson, SlackPeople } from './slack-people.ts';
import type { SlackSettingsStore } from './slack-settings.ts';

export const REMINDER_JOB = 'slack.quest-reminder';
export const REMINDER_DELAY_MS = 15 * 60_000;

const reminderPayload = z.strictObject({ installKey: z.string().min(3), userId: z.string().min(1), questId: z.string().uuid() });

export interface SlackAppDeps {
  db: SlackDatabase;
  accounts: Accounts;
  service: QuestService;
  coach: Pick<Coach, 'ask' | 'listDebriefs'>;
  ledgerDb: LedgerDatabase;
  insightsDb: InsightsDatabase;
  installations: SlackInstallations;
  installer: InstallProvider;
  people: SlackPeople;
  settings: SlackSettingsStore;
  notifier: SlackNotifier;
  queue: ChannelQueue;
  jobs: JobQueue | null;
  publicUrl: string;
  clock: () => number;
  clientOptions: WebClientOptions;
  receiver: Receiver;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

type Ctx = { installKey?: string; orgId?: string };

export function createSlackApp(d: SlackAppDeps): App {
  const bolt = new App({
    receiver: d.receiver,
    clientOptions: d.clientOptions,
    logger: boltLogger(d.logger),
    authorize: async (source) => {
      const key = await d.installations.keyFor(source);
      if (!key) throw new Error('this workspace has not installed Polarity');
      const summary = await d.installations.summary(key);
      const auth = await d.installer.authorize(source as never);
      if (source.isEnterpriseInstall && source.teamId) await d.installations.noteWorkspace(source.teamId, key);
      return { ...auth, installKey: key, orgId: summary?.orgId };
    },
  });

  // A retried Events API delivery whose first delivery was taken is dropped here (already acknowledged by Bolt).
  const claims = new DeliveryClaims(d.db);
  bolt.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    if (!(await claims.claim(eventId, d.clock()))) {
      d.logger.info({ eventId }, 'a Slack event delivered again was skipped');
      return;
    }
    try {
      await next();
    } catch (e) {
      await claims.release(eventId);
      throw e;
    }
  });

  const url = (path: string) => `${d.publicUrl}${path}`;
  const signInUrl = url('/sign-in');
  const ctxOf = (context: unknown): Required<Ctx> => {
    const c = context as Ctx;
    if (!c.installKey || !c.orgId) throw new Error('the request has no installation');
    return { installKey: c.installKey, orgId: c.orgId };
  };
  const ephemeral = (m: MessagePayload) => ({ response_type: 'ephemeral' as const, ...checked(messagePayload, m, 'a reply') });
  const openView = (client: WebClient, triggerId: string, view: Parameters<typeof checked<typeof modalView>>[1]) =>
    d.queue.call(() => client.views.open({ trigger_id: triggerId, view: checked(modalView, view, 'a modal') as never }));

  async function linked(teamId: string, userId: string, orgId: string): Promise<LinkedPerson | null> {
    return d.people.inOrg({ teamId, userId }, orgId);
  }

  // ---- /polarity ----------------------------------------------------------------------------------------------
  bolt.command('/polarity', async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const { command, ack, client, context } = args;
    const { installKey, orgId } = ctxOf(context);
    const [sub = 'help', ...rest] = command.text
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    const arg = rest.join(' ');
    const person = () => linked(command.team_id, command.user_id, orgId);
    switch (sub.toLowerCase()) {
      case 'help':
        await ack(ephemeral(helpMessage()));
        return;
      case 'play': {
        const p = await person();
        if (!p) return void (await ack(ephemeral(notLinked(signInUrl))));
        if (!arg) return void (await ack(ephemeral(scenarioList(d.service.scenarios()))));
        const scenario = d.service.scenarios().find((s) => s.id === arg.toLowerCase());
        if (!scenario) {
          await ack(ephemeral(plainMessage(`There is no scenario "${arg}". Type /polarity play to see the list.`)));
          return;
        }
        const team = p.teams[0];
        if (!team) return void (await ack(ephemeral(plainMessage('Join a team in Polarity first: quests are held in a team.'))));
        const place = await d.accounts.questPlace(p.personId, { orgId, teamId: team.id });
        if (!place.ok) return void (await ack(ephemeral(plainMessage(place.message))));
        await ack();
        const created = await d.service.createQuest({
          scenarioId: scenario.id,
          hostName: p.name,
          personId: p.personId,
          place: { orgId, teamId: team.id },
        });
        if (!created.ok) {
          await d.queue.postEphemeral(
            client,
            installKey,
            command.channel_id,
            command.user_id,
            plainMessage(created.error.message),
          );
          return;
        }
        const invite = questInvite({
          hostName: p.name,
          title: scenario.title,
          summary: scenario.summary,
          minutes: scenario.minutes,
          joinUrl: url(`/join/${created.invite}`),
          questId: created.questId,
        });
        // The host's seat goes in the link's fragment (never sent to a server), in the host's own DM only.
        const hostUrl = url(
          `/quests/${created.questId}#player=${Buffer.from(JSON.stringify(created.player)).toString('base64url')}`,
        );
        await d.notifier.dm(installKey, command.user_id, hostLink({ title: scenario.title, hostUrl }));
        try {
          await d.queue.post(client, installKey, command.channel_id, invite);
        } catch (e) {
          d.logger.warn({ err: e }, 'the quest invite could not be posted in the channel');
          await d.notifier.dm(
            installKey,
            command.user_id,
            plainMessage('I could not post in that channel: invite @Polarity to it first.'),
          );
        }
        const announce = (await d.settings.of(orgId)).announcementChannel;
        if (announce && announce.id !== command.channel_id) {
          await d.queue.post(client, installKey, announce.id, invite).catch((e: unknown) => {
            d.logger.warn({ err: e }, 'the announcement channel refused the quest invite');
          });
        }
        return;
      }
      case 'coach': {
        const p = await person();
        if (!p) return void (await ack(ephemeral(notLinked(signInUrl))));
        if (!arg) {
          await ack(ephemeral(plainMessage('Ask a question after the command, like: /polarity coach how do I price a risk?')));
          return;
        }
        if (!(await d.accounts.isTakingPart(p.personId))) {
          await ack(ephemeral(plainMessage('The coach works for people who chose to take part. Opt in under My data first.')));
          return;
        }
        await ack(ephemeral(plainMessage('Your coach is answering in your DM with Polarity — only you can see it.')));
        try {
          const answer = await d.coach.ask(p.personId, arg);
          await d.notifier.dm(installKey, command.user_id, coachAnswer(answer, url('/me/coach')));
        } catch (e) {
          await d.notifier.dm(installKey, command.user_id, plainMessage(`The coach could not answer: ${(e as Error).message}`));
        }
        return;
      }
      case 'tradeoff':
      case 'trade-off': {
        const p = await person();
        if (!p) return void (await ack(ephemeral(notLinked(signInUrl))));
        if (p.teams.length === 0)
          return void (await ack(ephemeral(plainMessage('Join a team first: trade-offs live in a team’s ledger.'))));
        await ack();
        await openView(client, command.trigger_id, tradeOffModal(p.teams));
        return;
      }
      case 'admin': {
        const p = await person();
        if (p?.orgRole !== 'admin')
          return void (await ack(ephemeral(plainMessage('Only organisation admins change Polarity’s settings.'))));
        await ack();
        await openView(client, command.trigger_id, adminModal(await d.settings.of(orgId)));
        return;
      }
      default:
        await ack(ephemeral({ ...helpMessage(), text: `I do not know "${sub}". ${helpMessage().text}` }));
    }
  });

  // ---- buttons -------------------------------------------------------------------------------------------------
  for (const linkAction of [ACTIONS.joinQuest, ACTIONS.openLink]) bolt.action(linkAction, async ({ ack }) => ack());

  bolt.action(ACTIONS.remindMe, async ({ ack, body, context, client }) => {
    await ack();
    const { installKey } = ctxOf(context);
    const b = body as { user: { id: string }; channel?: { id: string }; actions: { value?: string }[] };
    const questId = b.actions[0]?.value ?? '';
    const reply = (text: string) =>
      b.channel
        ? d.queue.postEphemeral(client, installKey, b.channel.id, b.user.id, plainMessage(text))
        : d.notifier.dm(installKey, b.user.id, plainMessage(text));
    if (!d.jobs) return reply('Reminders are not available on this server.');
    const payload = reminderPayload.safeParse({ installKey, userId: b.user.id, questId });
    if (!payload.success) return reply('This button does not belong to a quest.');
    await d.jobs.enqueue(REMINDER_JOB, payload.data, {
      startAfter: new Date(d.clock() + REMINDER_DELAY_MS),
      singletonKey: `${questId}:${installKey}:${b.user.id}`,
    });
    await reply('I will remind you about this quest in 15 minutes.');
  });

  bolt.action(ACTIONS.openAdmin, async ({ ack, body, context, client }) => {
    await ack();
    const { installKey, orgId } = ctxOf(context);
    const b = body as { user: { id: string; team_id?: string }; team?: { id: string } | null; trigger_id: string };
    const p = await linked(b.user.team_id ?? b.team?.id ?? '', b.user.id, orgId);
    if (p?.orgRole !== 'admin') {
      await d.notifier.dm(installKey, b.user.id, plainMessage('Only organisation admins change Polarity’s settings.'));
      return;
    }
    await openView(client, b.trigger_id, adminModal(await d.settings.of(orgId)));
  });

  bolt.action(ACTIONS.inviteTeammates, async ({ ack, body, context }) => {
    await ack();
    const { installKey, orgId } = ctxOf(context);
    const b = body as { user: { id: string; team_id?: string }; team?: { id: string } | null };
    const p = await linked(b.user.team_id ?? b.team?.id ?? '', b.user.id, orgId);
    if (p?.orgRole !== 'admin') {
      await d.notifier.dm(
        installKey,
        b.user.id,
        plainMessage('Only organisation admins invite people. Ask one of them for a link.'),
      );
      return;
    }
    const { token } = await d.accounts.services.invitations.create({
      orgId,
      teamId: null,
      role: 'member',
      kind: 'link',
      email: null,
      invitedBy: p.personId,
    });
    await d.notifier.dm(installKey, b.user.id, teammateInvitation(url(`/invitation#token=${token}`), INVITATION_DAYS));
  });

  bolt.action(ACTIONS.openTradeOff, async ({ ack, body, context, client }) => {
    await ack();
    const { installKey, orgId } = ctxOf(context);
    const b = body as { user: { id: string; team_id?: string }; team?: { id: string } | null; trigger_id: string };
    const p = await linked(b.user.team_id ?? b.team?.id ?? '', b.user.id, orgId);
    if (!p) return void (await d.notifier.dm(installKey, b.user.id, notLinked(signInUrl)));
    if (p.teams.length === 0) return void (await d.notifier.dm(installKey, b.user.id, plainMessage('Join a team first.')));
    await openView(client, b.trigger_id, tradeOffModal(p.teams));
  });

  bolt.action(ACTIONS.playQuest, async ({ ack, body, context }) => {
    await ack();
    const { installKey } = ctxOf(context);
    await d.notifier.dm(installKey, (body as { user: { id: string } }).user.id, scenarioList(d.service.scenarios()));
  });

  // ---- modals --------------------------------------------------------------------------------------------------
  bolt.view(VIEWS.tradeOff, async ({ ack, body, view, context }) => {
    const { installKey, orgId } = ctxOf(context);
    const v = view.state.values as Record<
      string,
      Record<string, { value?: string | null; selected_option?: { value: string } | null }>
    >;
    const teamId = v.team?.team?.selected_option?.value ?? '';
    const title = (v.title?.title?.value ?? '').trim();
    const cleanup = (v.cleanup?.cleanup?.value ?? '').trim();
    const content = tradeOffContent.safeParse({
      title,
      context: (v.context?.context?.value ?? '').trim(),
      because: (v.because?.because?.value ?? '').trim(),
      consequences: { good: [], bad: cleanup ? [`Cleanup: ${cleanup}`] : [] },
    });
    if (!title) return void (await ack({ response_action: 'errors', errors: { title: 'Name the trade-off.' } }));
    if (!content.success) {
      const issue = content.error.issues[0];
      const block = ['title', 'context', 'because'].includes(String(issue?.path[0])) ? String(issue?.path[0]) : 'title';
      await ack({ response_action: 'errors', errors: { [block]: issue?.message ?? 'not valid' } });
      return;
    }
    const p = await linked(body.user.team_id ?? body.team?.id ?? '', body.user.id, orgId);
    const member = p?.teams.find((t) => t.id === teamId);
    if (!p || !member) return void (await ack({ response_action: 'errors', errors: { team: 'You are not in this team.' } }));
    await ack();
    const record = await createTradeOff(d.ledgerDb, teamId, content.data as never, p.personId, new Date(d.clock()));
    await d.accounts.recordActivity({ orgId, personId: p.personId, kind: 'ledger' }).catch(() => undefined);
    await d.notifier.dm(
      installKey,
      body.user.id,
      plainMessage(
        `Trade-off #${record.number} “${title}” is recorded as a draft in ${member.name}'s ledger: ${url(`/teams/${teamId}/ledger/trade-offs`)}`,
      ),
    );
  });

  bolt.view(VIEWS.admin, async ({ ack, body, view, context, client }) => {
    const { installKey, orgId } = ctxOf(context);
    const p = await linked(body.user.team_id ?? body.team?.id ?? '', body.user.id, orgId);
    if (p?.orgRole !== 'admin')
      return void (await ack({
        response_action: 'errors',
        errors: { audience: 'Only organisation admins change these settings.' },
      }));
    const v = view.state.values as Record<
      string,
      Record<string, { selected_conversation?: string | null; selected_option?: { value: string } | null }>
    >;
    const audience = z.enum(insightsAudiences).safeParse(v.audience?.audience?.selected_option?.value);
    if (!audience.success)
      return void (await ack({ response_action: 'errors', errors: { audience: 'Choose who may see team insights.' } }));
    await ack();
    const channelId = v.channel?.channel?.selected_conversation ?? null;
    let name: string | null = null;
    if (channelId) {
      name = await d.queue
        .call(() => client.conversations.info({ channel: channelId }))
        .then((r) => (r.channel as { name?: string } | undefined)?.name ?? null)
        .catch(() => null);
    }
    const saved = await d.settings.change(orgId, p.personId, {
      announcementChannel: channelId ? { id: channelId, name } : null,
      insightsAudience: audience.data,
    });
    await d.notifier.dm(
      installKey,
      body.user.id,
      plainMessage(
        `Saved. Announcements: ${saved.announcementChannel ? `#${saved.announcementChannel.name ?? saved.announcementChannel.id}` : 'none'}. ` +
          `Team insights are shown to: ${saved.insightsAudience === 'admins' ? 'organisation admins only' : 'team leads and organisation admins'}.`,
      ),
    );
  });

  // ---- events --------------------------------------------------------------------------------------------------
  bolt.event('app_home_opened', async ({ event, body, context, client }) => {
    if (event.tab !== 'home') return;
    const { orgId } = ctxOf(context);
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const first = await d.db
      .insert(slackHomeVisits)
      .values({ teamId, slackUser: event.user, welcomedAt: new Date(d.clock()) })
      .onConflictDoNothing()
      .returning();
    const content = await homeContent(d, { teamId, userId: event.user }, orgId, first.length > 0, signInUrl);
    await d.queue.call(() =>
      client.views.publish({ user_id: event.user, view: checked(homeViewSchema, homeView(content), 'App Home') as never }),
    );
  });

  bolt.event('app_uninstalled', async ({ body }) => {
    const key = await keyOfEventBody(d.installations, body);
    if (key && (await d.installations.remove(key))) d.logger.info({ installKey: key }, 'Slack app uninstalled; tokens deleted');
  });

  bolt.event('tokens_revoked', async ({ event, body }) => {
    const key = await keyOfEventBody(d.installations, body);
    if (!key) return;
    const summary = await d.installations.summary(key);
    const bots = event.tokens.bot ?? [];
    await d.installations.revoke(key, {
      bot: bots.length > 0 && (summary?.botUserId === null || bots.includes(summary?.botUserId ?? '')),
      userIds: event.tokens.oauth ?? [],
    });
    d.logger.info({ installKey: key }, 'Slack tokens revoked; deleted');
  });

  bolt.error(async (e) => {
    d.logger.error({ err: e }, 'a Slack listener failed');
  });

  d.jobs?.register(REMINDER_JOB, reminderPayload, async (job) => {
    const lobby = await d.service.lobby(job.questId);
    if (!lobby || lobby.status === 'finished') return;
    const scenario = d.service.scenarios().find((s) => s.id === lobby.scenarioId);
    await d.notifier.dm(
      job.installKey,
      job.userId,
      questReminder({ title: scenario?.title ?? 'your quest', joinUrl: url(`/join/${lobby.invite}`), status: lobby.status }),
    );
  });

  return bolt;
}

async function keyOfEventBody(installations: SlackInstallations, body: unknown): Promise<string | null> {
  const b = body as {
    team_id?: string;
    enterprise_id?: string;
    is_enterprise_install?: boolean;
    authorizations?: { is_enterprise_install?: boolean }[];
  };
  return installations.keyFor({
    teamId: b.team_id,
    enterpriseId: b.enterprise_id,
    isEnterpriseInstall: b.is_enterprise_install ?? b.authorizations?.[0]?.is_enterprise_install ?? false,
  });
}

/** Bolt's logger interface over the product's pino logger (Bolt's debug chatter is dropped). */
export function boltLogger(l: SlackAppDeps['logger']) {
  const text = (msgs: unknown[]) => msgs.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: () => undefined,
    info: (...msgs: unknown[]) => l.info({}, text(msgs)),
    warn: (...msgs: unknown[]) => l.warn({}, text(msgs)),
    error: (...msgs: unknown[]) => l.error({}, text(msgs)),
    setLevel: () => undefined,
    getLevel: () => 'info' as never,
    setName: () => undefined,
  };
}
