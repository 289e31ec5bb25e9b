// Sign in with Slack, which is OpenID Connect: the issuer's metadata is discovered (https://slack.com by default),
// and every sign-in carries a state bound to the browser by a cookie, a nonce bound into the ID token, and a PKCE
// verifier, all checked by openid-client. Only the ID token's claims are used; Slack's access token is dropped.

import { eq, lt } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { Refusal } from '../policy/refusal.ts';
import { hashToken } from '../quests/identity.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import type { People, Person } from './people.ts';
import { slackSignIns } from './schema.ts';

const SIGN_IN_MINUTES = 10;
const SLACK_TEAM_CLAIM = 'https://slack.com/team_id';

export interface SlackSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Plain http is allowed only to an issuer on this machine: the stub provider the tests run. */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class SlackSignIn {
  private configuration: Promise<oidc.Configuration> | null = null;
  readonly redirectUri: string;

  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
    private readonly people: People,
    private readonly settings: SlackSettings,
    publicUrl: string,
  ) {
    this.redirectUri = `${publicUrl}/api/auth/slack/callback`;
  }

  /** Discovered once; a failed discovery is forgotten so the next sign-in tries again. */
  private discover(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.issuer);
      this.configuration = oidc
        .discovery(
          issuer,
          this.settings.clientId,
          this.settings.clientSecret,
          undefined,
          isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .then((config) => {
          // openid-client trusts an ID token from the token endpoint on TLS alone (OIDC Core 3.1.3.7); checking its
          // signature against the issuer's keys as well costs one cached JWKS fetch.
          oidc.enableNonRepudiationChecks(config);
          return config;
        })
        .catch((e: unknown) => {
          this.configuration = null;
          throw e;
        });
    }
    return this.configuration;
  }

  /** Where to send the browser, and the state to keep in its cookie until it comes back. */
  async start(returnTo: string): Promise<{ url: string; state: string }> {
    let config: oidc.Configuration;
    try {
      config = await this.discover();
    } catch (e) {
      throw new Refusal('conflict', `Slack cannot be reached to sign in right now (${(e as Error).message}); try again shortly`);
    }
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const now = this.clock();
    await this.db.delete(slackSignIns).where(lt(slackSignIns.expiresAt, new Date(now)));
    await this.db.insert(slackSignIns).values({
      stateHash: hashToken(state),
      codeVerifier,
      nonce,
      returnTo,
      createdAt: new Date(now),
      expiresAt: new Date(now + SIGN_IN_MINUTES * 60_000),
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * Completes the sign-in Slack redirected back with. The state must match this browser's cookie and a sign-in
   * this server started; it is used up whether or not the rest succeeds.
   */
  async finish(query: Record<string, string>, cookieState: string | undefined): Promise<{ person: Person; returnTo: string }> {
    const state = query.state;
    if (!state || !cookieState || state !== cookieState) {
      throw new Refusal('not_allowed', 'this sign-in was not started in this browser');
    }
    const [pending] = await this.db
      .delete(slackSignIns)
      .where(eq(slackSignIns.stateHash, hashToken(state)))
      .returning();
    if (!pending) throw new Refusal('gone', 'this sign-in was already used or never started');
    if (pending.expiresAt.getTime() <= this.clock()) throw new Refusal('gone', 'this sign-in took too long; start again');
    if (query.error) throw new Refusal('not_allowed', `Slack did not sign you in (${query.error})`);

    const config = await this.discover();
    const callback = new URL(this.redirectUri);
    for (const [k, v] of Object.entries(query)) callback.searchParams.set(k, v);
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (e) {
      throw new Refusal('not_allowed', `Slack's answer did not check out: ${(e as Error).message}`);
    }
    if (!claims) throw new Refusal('not_allowed', 'Slack sent no ID token');
    const team = typeof claims[SLACK_TEAM_CLAIM] === 'string' ? (claims[SLACK_TEAM_CLAIM] as string) : null;
    const person = await this.people.withIdentity({
      provider: 'slack',
      // Slack user ids are unique within a workspace, so the workspace is part of the subject.
      subject: team ? `${team}/${claims.sub}` : claims.sub,
      name: typeof claims.name === 'string' ? claims.name : null,
      email: typeof claims.email === 'string' ? claims.email : null,
      emailVerified: claims.email_verified === true,
    });
    return { person, returnTo: pending.returnTo };
  }
}
