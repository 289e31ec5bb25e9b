// Messages Polarity starts on its own (not in answer to a Slack request): debrief notices, commitment alerts, quest
// reminders, the install checklist. Each send first authorises the installation through InstallProvider.authorize,
// which refreshes a rotated token that expires within two hours and stores the new one sealed, so a reminder that
// runs at night with an expired token still goes out. People are reached only in their own DM with the app.
import type { InstallProvider } from '@slack/oauth';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { DebriefDelivery, DeliveredDebrief } from '../coach/debrief-delivery.ts';
import type { AlertDelivery, TeamAlert } from '../ledger/alert-delivery.ts';
import type { MessagePayload } from './block-kit.ts';
import type { ChannelQueue } from './channel-queue.ts';
import type { SlackInstallations } from './installations.ts';
import { commitmentAlert, debriefReady } from './slack-messages.ts';
import type { SlackPeople } from './slack-people.ts';

export function queryOfKey(installKey: string): {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
} {
  const id = installKey.slice(2);
  return installKey.startsWith('E:')
    ? { teamId: undefined, enterpriseId: id, isEnterpriseInstall: true }
    : { teamId: id, enterpriseId: undefined, isEnterpriseInstall: false };
}

export class SlackNotifier {
  constructor(
    private readonly installer: InstallProvider,
    private readonly installations: SlackInstallations,
    private readonly people: SlackPeople,
    private readonly queue: ChannelQueue,
    private readonly clientOptions: WebClientOptions,
  ) {}

  /** A client with the installation's bot token, refreshed first when it is about to expire. */
  async clientFor(installKey: string): Promise<WebClient> {
    const auth = await this.installer.authorize(queryOfKey(installKey) as never);
    if (!auth.botToken) throw new Error(`installation ${installKey} has no bot token`);
    return new WebClient(auth.botToken, this.clientOptions);
  }

  /** A DM from the app to one Slack user of an installation. */
  async dm(installKey: string, userId: string, message: MessagePayload): Promise<void> {
    const client = await this.clientFor(installKey);
    await this.queue.post(client, installKey, userId, message);
  }

  /** A DM to every Slack account the person linked in a workspace that has the app; how many were reached. */
  async dmPerson(personId: string, message: MessagePayload): Promise<number> {
    let reached = 0;
    for (const user of await this.people.slackUsersOf(personId)) {
      const key = await this.installations.keyForTeam(user.teamId);
      if (!key) continue;
      await this.dm(key, user.userId, message);
      reached += 1;
    }
    return reached;
  }
}

/** "Your debrief is ready", by DM to the person only, with a link: never any of the debrief's content. */
export class SlackDebriefDelivery implements DebriefDelivery {
  readonly name = 'slack';
  constructor(
    private readonly notifier: () => SlackNotifier | null,
    private readonly publicUrl: string,
  ) {}

  async deliverDebrief(personId: string, _debrief: DeliveredDebrief): Promise<void> {
    const notifier = this.notifier();
    if (!notifier) return;
    await notifier.dmPerson(personId, debriefReady(`${this.publicUrl}/me/coach`));
  }
}

/** A commitment alert, by DM to the commitment's owner: the person it is about and who must act on it. */
export class SlackAlertDelivery implements AlertDelivery {
  readonly name = 'slack';
  constructor(
    private readonly notifier: () => SlackNotifier | null,
    private readonly publicUrl: string,
  ) {}

  async deliverAlert(alert: TeamAlert): Promise<void> {
    const notifier = this.notifier();
    if (!notifier || alert.ownerPersonId === null) return;
    await notifier.dmPerson(
      alert.ownerPersonId,
      commitmentAlert(alert, `${this.publicUrl}/teams/${alert.teamId}/ledger/commitments`),
    );
  }
}
