// Installations of the Slack app, as Bolt's InstallationStore. One row per install key: 'E:<enterprise>' for an
// org-wide (Enterprise Grid) install, which every workspace of the enterprise shares, and 'T:<team>' for a workspace.
// Tokens are sealed per row; token rotation (InstallProvider.authorize) stores refreshed tokens through here.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { eq } from 'drizzle-orm';
import type { Keyring } from '../coach/keyring.ts';
import { slackInstallations, slackWorkspaces } from './schema.ts';
import type { SlackDatabase } from './slack-database.ts';

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

/** What is sealed: every token and what goes with it. */
interface SealedTokens {
  bot: AnyInstallation['bot'] | null;
  user: AnyInstallation['user'];
  incomingWebhook: AnyInstallation['incomingWebhook'] | null;
  enterpriseUrl: string | null;
  enterpriseName: string | null;
}

export interface InstallationSummary {
  installKey: string;
  orgId: string;
  enterpriseId: string | null;
  teamId: string | null;
  isEnterpriseInstall: boolean;
  name: string;
  installedAt: Date;
  installedBy: string | null;
  installerSlackUser: string;
  botUserId: string | null;
}

export class SlackInstallationError extends Error {}

export function installKeyOf(i: {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string {
  if (i.isEnterpriseInstall) {
    if (!i.enterpriseId) throw new SlackInstallationError('an org-wide install needs its enterprise id');
    return `E:${i.enterpriseId}`;
  }
  if (!i.teamId) throw new SlackInstallationError('a workspace install needs its team id');
  return `T:${i.teamId}`;
}

const sealContext = (installKey: string) => `slack_installations:${installKey}`;

export class SlackInstallations implements InstallationStore {
  constructor(
    private readonly db: SlackDatabase,
    /** Null when Slack is off: installations can be listed, but no token can be sealed or opened. */
    private readonly sealing: Keyring | null,
    private readonly clock: () => number,
  ) {}

  private keyring(): Keyring {
    if (!this.sealing) throw new SlackInstallationError('Slack is not configured on this server, so its tokens cannot be read');
    return this.sealing;
  }

  /** A new install (or a reinstall) for a Polarity organisation, from the OAuth callback. */
  async install(installation: AnyInstallation, owner: { orgId: string; personId: string }): Promise<InstallationSummary> {
    const installKey = installKeyOf({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    const now = new Date(this.clock());
    const sealed = this.keyring().seal(this.tokensOf(installation), sealContext(installKey));
    const row = {
      installKey,
      enterpriseId: installation.enterprise?.id ?? null,
      teamId: installation.isEnterpriseInstall ? null : (installation.team?.id ?? null),
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
      orgId: owner.orgId,
      installedBy: owner.personId,
      installerSlackUser: installation.user.id,
      name: (installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name) ?? '',
      appId: installation.appId ?? null,
      botUserId: installation.bot?.userId ?? null,
      keyId: sealed.keyId,
      sealed: sealed.sealed,
      installedAt: now,
      updatedAt: now,
    };
    // A reinstall by the same organisation replaces the tokens; a workspace connected elsewhere is left alone, even
    // when two organisations race to install it.
    const written = await this.db
      .insert(slackInstallations)
      .values(row)
      .onConflictDoUpdate({
        target: slackInstallations.installKey,
        set: { ...row, installKey: undefined, installedAt: undefined },
        setWhere: eq(slackInstallations.orgId, owner.orgId),
      })
      .returning({ installKey: slackInstallations.installKey });
    if (written.length === 0) {
      throw new SlackInstallationError(
        'this Slack workspace is already connected to another Polarity organisation; remove the app there first',
      );
    }
    if (installation.team?.id && installation.isEnterpriseInstall) await this.noteWorkspace(installation.team.id, installKey);
    return (await this.summary(installKey)) as InstallationSummary;
  }

  private tokensOf(i: AnyInstallation): SealedTokens {
    return {
      bot: i.bot ?? null,
      user: i.user,
      incomingWebhook: i.incomingWebhook ?? null,
      enterpriseUrl: i.enterpriseUrl ?? null,
      enterpriseName: i.enterprise?.name ?? null,
    };
  }

  /** Bolt's InstallProvider calls this after refreshing rotated tokens: only the sealed tokens change. */
  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const installKey = installKeyOf({
      isEnterpriseInstall: installation.isEnterpriseInstall,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    const sealed = this.keyring().seal(this.tokensOf(installation), sealContext(installKey));
    const updated = await this.db
      .update(slackInstallations)
      .set({ keyId: sealed.keyId, sealed: sealed.sealed, updatedAt: new Date(this.clock()) })
      .where(eq(slackInstallations.installKey, installKey))
      .returning({ installKey: slackInstallations.installKey });
    if (updated.length === 0) {
      throw new SlackInstallationError(`installation ${installKey} was removed while its tokens were being refreshed`);
    }
  }

  /** The install key a request's source belongs to: the enterprise's for org-wide installs, else the workspace's. */
  async keyFor(query: {
    enterpriseId?: string | undefined;
    teamId?: string | undefined;
    isEnterpriseInstall?: boolean;
  }): Promise<string | null> {
    const candidates: string[] = [];
    if (query.isEnterpriseInstall && query.enterpriseId) candidates.push(`E:${query.enterpriseId}`);
    if (query.teamId) candidates.push(`T:${query.teamId}`);
    if (query.enterpriseId && !query.isEnterpriseInstall) candidates.push(`E:${query.enterpriseId}`);
    for (const key of candidates) {
      const [row] = await this.db
        .select({ installKey: slackInstallations.installKey })
        .from(slackInstallations)
        .where(eq(slackInstallations.installKey, key));
      if (row) return row.installKey;
    }
    if (query.teamId) {
      const [ws] = await this.db.select().from(slackWorkspaces).where(eq(slackWorkspaces.teamId, query.teamId));
      if (ws) return ws.installKey;
    }
    return null;
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    const key = await this.keyFor(query);
    if (!key) throw new SlackInstallationError('this workspace has not installed Polarity');
    return this.byKey(key);
  }

  async byKey(installKey: string): Promise<AnyInstallation> {
    const [row] = await this.db.select().from(slackInstallations).where(eq(slackInstallations.installKey, installKey));
    if (!row) throw new SlackInstallationError(`installation ${installKey} does not exist`);
    const t = this.keyring().open<SealedTokens>({ keyId: row.keyId, sealed: row.sealed }, sealContext(installKey));
    return {
      team: row.isEnterpriseInstall ? undefined : { id: row.teamId as string, name: row.name },
      enterprise: row.enterpriseId
        ? { id: row.enterpriseId, ...(t.enterpriseName ? { name: t.enterpriseName } : {}) }
        : undefined,
      user: t.user,
      ...(t.bot ? { bot: t.bot } : {}),
      ...(t.incomingWebhook ? { incomingWebhook: t.incomingWebhook } : {}),
      ...(row.appId ? { appId: row.appId } : {}),
      ...(t.enterpriseUrl ? { enterpriseUrl: t.enterpriseUrl } : {}),
      tokenType: 'bot',
      isEnterpriseInstall: row.isEnterpriseInstall,
      authVersion: 'v2',
    } as AnyInstallation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const key = await this.keyFor(query);
    if (key) await this.remove(key);
  }

  async remove(installKey: string): Promise<boolean> {
    const gone = await this.db
      .delete(slackInstallations)
      .where(eq(slackInstallations.installKey, installKey))
      .returning({ installKey: slackInstallations.installKey });
    return gone.length > 0;
  }

  /**
   * tokens_revoked: the bot token revoked removes the installation (nothing can be sent without it); only user
   * tokens revoked drops those from the sealed record.
   */
  async revoke(installKey: string, revoked: { bot: boolean; userIds: readonly string[] }): Promise<void> {
    if (revoked.bot) {
      await this.remove(installKey);
      return;
    }
    if (revoked.userIds.length === 0) return;
    const installation = await this.byKey(installKey).catch(() => null);
    if (!installation || !revoked.userIds.includes(installation.user.id)) return;
    const { token: _t, refreshToken: _r, expiresAt: _e, ...user } = installation.user;
    await this.storeInstallation({ ...installation, user: { ...user, token: undefined } } as AnyInstallation);
  }

  async noteWorkspace(teamId: string, installKey: string): Promise<void> {
    if (!installKey.startsWith('E:')) return;
    await this.db
      .insert(slackWorkspaces)
      .values({ teamId, installKey, seenAt: new Date(this.clock()) })
      .onConflictDoUpdate({ target: slackWorkspaces.teamId, set: { installKey, seenAt: new Date(this.clock()) } });
  }

  async summary(installKey: string): Promise<InstallationSummary | null> {
    const [row] = await this.db.select().from(slackInstallations).where(eq(slackInstallations.installKey, installKey));
    return row ? summaryOf(row) : null;
  }

  async forOrg(orgId: string): Promise<InstallationSummary[]> {
    const rows = await this.db.select().from(slackInstallations).where(eq(slackInstallations.orgId, orgId));
    return rows.map(summaryOf);
  }

  /** The install that reaches a workspace (its own, or its enterprise's org-wide install). */
  async keyForTeam(teamId: string): Promise<string | null> {
    return this.keyFor({ teamId });
  }
}

function summaryOf(row: typeof slackInstallations.$inferSelect): InstallationSummary {
  return {
    installKey: row.installKey,
    orgId: row.orgId,
    enterpriseId: row.enterpriseId,
    teamId: row.teamId,
    isEnterpriseInstall: row.isEnterpriseInstall,
    name: row.name,
    installedAt: row.installedAt,
    installedBy: row.installedBy,
    installerSlackUser: row.installerSlackUser,
    botUserId: row.botUserId,
  };
}
