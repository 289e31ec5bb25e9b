// The Fastify plugin for accounts and billing: /api/auth, /api/me, /api/orgs, /api/teams, /api/invitations and
// /api/billing. It is encapsulated (its cookies, CSRF check, policy and error handler stay inside it), so register
// it on the root without a prefix:
//   await http.register(accountsPlugin, { db: opened.store.db, config: readAccountsConfig(process.env, …), logger })
// or build the services first with createAccounts() and register { accounts } to share them with other parts.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { billingRoutes } from '../billing/billing-routes.ts';
import { enforcePolicy } from '../policy/enforce-policy.ts';
import { answerRefusal } from '../policy/refusal.ts';
import { ROUTE_POLICY } from '../policy/route-policy.ts';
import type { PolicyTable } from '../policy/rules.ts';
import { type Accounts, type AccountsOptions, createAccounts } from './accounts.ts';
import { authRoutes } from './auth-routes.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { meRoutes } from './me-routes.ts';
import { organisationRoutes } from './organisation-routes.ts';
import { csrfCookieName } from './sessions.ts';

export type AccountsPluginOptions = (
  | AccountsOptions
  /** Services already built with createAccounts(), shared with the rest of the server. */
  | { accounts: Accounts }
) & {
  /** How often active people are reported to Stripe (when Stripe is configured); 0 turns the timer off. */
  usageReportEveryMs?: number;
};

/**
 * Puts this encapsulation context behind the accounts' sessions, CSRF check and the policy table: cookies signed with
 * COOKIE_SECRET, the same CSRF cookie as /api/auth/session (so its token works here too), the refusal error handler,
 * and enforcePolicy() with the accounts as its directory. Call it first in a plugin, before its routes; other
 * modules' plugins (insights, ledger, coach) can use it for their own tables.
 */
export async function guardRoutes(app: FastifyInstance, accounts: Accounts, table: PolicyTable): Promise<void> {
  const s = accounts.services;
  if (app.hasRequestDecorator('cookies')) {
    throw new Error(
      'register this plugin where @fastify/cookie is not registered yet: it brings its own, signed with COOKIE_SECRET',
    );
  }
  await app.register(fastifyCookie, { secret: s.config.cookieSecret });
  await app.register(fastifyCsrfProtection, {
    cookieKey: csrfCookieName(s.config.secureCookies),
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: s.config.secureCookies, signed: true },
    // Only the header: a form field could be sent by another site's form, a custom header cannot.
    getToken: (request) => {
      const h = request.headers['x-csrf-token'];
      return typeof h === 'string' ? h : undefined;
    },
  });
  app.setErrorHandler(answerRefusal);
  enforcePolicy(app, {
    table,
    directory: {
      authenticate: (cookies) => accounts.authenticate(cookies),
      orgRole: (personId, orgId) => s.orgs.orgRole(personId, orgId),
      teamOrg: (teamId) => s.orgs.teamOrg(teamId),
      teamRole: (personId, teamId) => s.orgs.teamRole(personId, teamId),
      readOnlyReason: (orgId) => s.billing.readOnlyReason(orgId),
    },
    csrfProtection: app.csrfProtection,
  });
}

export const accountsPlugin: FastifyPluginAsync<AccountsPluginOptions> = async (app: FastifyInstance, opts) => {
  const accounts = 'accounts' in opts ? opts.accounts : createAccounts(opts);
  await guardRoutes(app, accounts, ROUTE_POLICY);
  accountsRoutes(app, accounts, opts);
};

/**
 * The accounts and billing routes (and the Stripe usage timer) on a context already behind guardRoutes(): the server
 * (server/app.ts) uses it to put these routes and the other modules' behind one guard with one policy table.
 */
export function accountsRoutes(app: FastifyInstance, accounts: Accounts, opts: { usageReportEveryMs?: number } = {}): void {
  const s = accounts.services;
  authRoutes(app, s);
  meRoutes(app, s);
  organisationRoutes(app, s);
  invitationRoutes(app, s);
  billingRoutes(app, s);

  const every = opts.usageReportEveryMs ?? 15 * 60_000;
  if (s.config.stripe && every > 0) {
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        accounts.reportUsage().catch((e: unknown) => s.logger.warn({ err: e }, 'reporting usage to Stripe failed; will retry'));
      }, every);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }
}
