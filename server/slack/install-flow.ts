// "Add to Slack": OAuth v2. An organisation admin starts it from the web (GET /api/orgs/:orgId/slack/install); the
// state is random, signed with the state secret, stored hashed with the organisation and the admin, and used up by
// the callback, which must come back in the same admin's browser session. The code is exchanged with oauth.v2.access;
// the installation (tokens sealed) belongs to that organisation. Org-wide installs are keyed by their enterprise.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Installation } from '@slack/oauth';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { eq, lt } from 'drizzle-orm';
import type { Accounts } from '../accounts/accounts.ts';
import { type InstallationSummary, SlackInstallationError, type SlackInstallations } from './installations.ts';
import { slackInstallStates } from './schema.ts';
import { BOT_SCOPES, type SlackConfig } from './slack-config.ts';
import type { SlackDatabase } from './slack-database.ts';

const STATE_MINUTES = 10;

export class InstallRefusal extends Error {}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

interface V2Access {
  ok: boolean;
  app_id?: string;
  authed_user?: { id: string; scope?: string; access_token?: string; refresh_token?: string; expires_in?: number };
  scope?: string;
  token_type?: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  bot_user_id?: string;
  team?: { id: string; name?: string } | null;
  enterprise?: { id: string; name?: string } | null;
  is_enterprise_install?: boolean;
}

export class InstallFlow {
  constructor(
    private readonly db: SlackDatabase,
    private readonly config: SlackConfig,
    private readonly installations: SlackInstallations,
    private readonly accounts: Accounts,
    private readonly publicUrl: string,
    private readonly clientOptions: WebClientOptions,
    private readonly clock: () => number,
  ) {}

  get redirectUri(): string {
    return `${this.publicUrl}/slack/oauth_redirect`;
  }

  private sign(nonce: string): string {
    return createHmac('sha256', this.config.stateSecret).update(nonce).digest('base64url');
  }

  /** The Slack authorisation URL for an admin of the organisation (the route's policy checked that). */
  async start(orgId: string, personId: string): Promise<string> {
    const nonce = randomBytes(24).toString('base64url');
    const state = `${nonce}.${this.sign(nonce)}`;
    const now = this.clock();
    await this.db.delete(slackInstallStates).where(lt(slackInstallStates.expiresAt, new Date(now)));
    await this.db.insert(slackInstallStates).values({
      stateHash: hash(state),
      orgId,
      personId,
      createdAt: new Date(now),
      expiresAt: new Date(now + STATE_MINUTES * 60_000),
    });
    const url = new URL(this.config.authorizeUrl);
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('scope', BOT_SCOPES.join(','));
    url.searchParams.set('state', state);
    url.searchParams.set('redirect_uri', this.redirectUri);
    return url.href;
  }

  /** Completes an install Slack redirected back with; the state is used up whether or not the rest succeeds. */
  async finish(
    query: { code?: string; state?: string; error?: string },
    cookieHeader: string | undefined,
  ): Promise<{ orgId: string; personId: string; installation: InstallationSummary; botToken: string | null }> {
    const state = query.state ?? '';
    const [nonce, signature] = state.split('.');
    const expected = nonce ? this.sign(nonce) : '';
    if (
      !nonce ||
      !signature ||
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      throw new InstallRefusal('this install was not started by Polarity');
    }
    const [pending] = await this.db
      .delete(slackInstallStates)
      .where(eq(slackInstallStates.stateHash, hash(state)))
      .returning();
    if (!pending) throw new InstallRefusal('this install link was already used or never started; start again from Polarity');
    if (pending.expiresAt.getTime() <= this.clock()) throw new InstallRefusal('this install took too long; start again');
    const person = await this.accounts.authenticateCookieHeader(cookieHeader);
    if (!person || person.id !== pending.personId) {
      throw new InstallRefusal('finish the install in the browser you started it from, signed in as the same person');
    }
    if ((await this.accounts.services.orgs.orgRole(person.id, pending.orgId)) !== 'admin') {
      throw new InstallRefusal('only an admin of the organisation can connect it to Slack');
    }
    if (query.error) throw new InstallRefusal(`Slack did not install the app (${query.error})`);
    if (!query.code) throw new InstallRefusal('Slack sent no authorisation code');

    const client = new WebClient(undefined, this.clientOptions);
    let r: V2Access;
    try {
      r = (await client.oauth.v2.access({
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        code: query.code,
        redirect_uri: this.redirectUri,
      })) as unknown as V2Access;
    } catch (e) {
      throw new InstallRefusal(`Slack refused the install code: ${(e as Error).message}`);
    }
    if (!r.authed_user?.id || !r.access_token || !r.bot_user_id) throw new InstallRefusal('Slack’s answer had no bot token');
    const now = Math.floor(this.clock() / 1000);
    const enterprise = r.is_enterprise_install === true;
    const installation: Installation<'v2', boolean> = {
      team: enterprise
        ? undefined
        : ((r.team ? { id: r.team.id, ...(r.team.name ? { name: r.team.name } : {}) } : undefined) as never),
      enterprise: r.enterprise ? { id: r.enterprise.id, ...(r.enterprise.name ? { name: r.enterprise.name } : {}) } : undefined,
      isEnterpriseInstall: enterprise,
      appId: r.app_id,
      tokenType: 'bot',
      authVersion: 'v2',
      user: {
        id: r.authed_user.id,
        token: r.authed_user.access_token,
        scopes: r.authed_user.scope?.split(','),
        ...(r.authed_user.refresh_token ? { refreshToken: r.authed_user.refresh_token } : {}),
        ...(r.authed_user.expires_in ? { expiresAt: now + r.authed_user.expires_in } : {}),
      },
      bot: {
        token: r.access_token,
        scopes: (r.scope ?? '').split(',').filter((s) => s !== ''),
        id: r.bot_user_id,
        userId: r.bot_user_id,
        ...(r.refresh_token ? { refreshToken: r.refresh_token } : {}),
        ...(r.expires_in ? { expiresAt: now + r.expires_in } : {}),
      },
    };
    let summary: InstallationSummary;
    try {
      summary = await this.installations.install(installation, { orgId: pending.orgId, personId: person.id });
    } catch (e) {
      if (e instanceof SlackInstallationError) throw new InstallRefusal(e.message);
      throw e;
    }
    return { orgId: pending.orgId, personId: person.id, installation: summary, botToken: r.access_token };
  }
}
