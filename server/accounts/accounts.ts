// Everything accounts and billing do, built once from the database, the settings, a logger and a clock. The routes
// use the services; other parts of the server (quests, the coach, the ledger, the socket) use the small public
// surface at the bottom: who is signed in, whether someone takes part, where a quest may be held, activity.
import fastifyCookie from '@fastify/cookie';
import type { FastifyBaseLogger } from 'fastify';
import Stripe from 'stripe';
import { type ActivityKind, Billing } from '../billing/billing-service.ts';
import type { SignedInPerson } from '../policy/rules.ts';
import type { AccountsConfig } from './accounts-config.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import { type AccountsLimits, AttemptLimiter, DEFAULT_ACCOUNTS_LIMITS } from './attempt-limiter.ts';
import { Consents } from './consent.ts';
import { EmailSignIn } from './email-sign-in.ts';
import { Invitations } from './invitations.ts';
import { type Mailer, mailerFor } from './mailer.ts';
import { DEMO_SLUG, Organisations } from './organisations.ts';
import { ParticipationCounts } from './participation.ts';
import { People } from './people.ts';
import { PersonalData, type PersonalDataSource } from './personal-data.ts';
import { Sessions } from './sessions.ts';
import { SlackSignIn } from './slack-sign-in.ts';

export interface AccountsOptions {
  db: AccountsDatabase;
  config: AccountsConfig;
  logger: FastifyBaseLogger;
  /** Milliseconds since the epoch; tests move it by hand. */
  clock?: () => number;
  /** Overrides the mailer the configuration implies (tests capture messages this way). */
  mailer?: Mailer | null;
  /** Overrides the Stripe client built from STRIPE_SECRET_KEY (tests point one at a local stub). */
  stripe?: Stripe;
  limits?: Partial<AccountsLimits>;
}

export type Limiters = { [K in keyof AccountsLimits]: AttemptLimiter };

export interface AccountsServices {
  config: AccountsConfig;
  clock: () => number;
  logger: FastifyBaseLogger;
  people: People;
  sessions: Sessions;
  orgs: Organisations;
  invitations: Invitations;
  consents: Consents;
  participation: ParticipationCounts;
  personalData: PersonalData;
  billing: Billing;
  emailSignIn: EmailSignIn;
  slackSignIn: SlackSignIn | null;
  mailer: Mailer | null;
  limits: Limiters;
}

export type QuestPlace = { ok: true } | { ok: false; code: 'not_found' | 'not_allowed' | 'read_only'; message: string };

export interface Accounts {
  services: AccountsServices;
  /** The person a request's cookies sign in, or null: for other routes. */
  authenticate(cookies: Record<string, string | undefined>): Promise<SignedInPerson | null>;
  /** The same from a raw Cookie header: for the Socket.IO handshake (socket.handshake.headers.cookie). */
  authenticateCookieHeader(header: string | undefined): Promise<SignedInPerson | null>;
  /** Whether quests, the coach and the ledger may record this person now. */
  isTakingPart(personId: string): Promise<boolean>;
  /** Whether this person may hold or join a quest here: a team of theirs, or ad hoc (teamId null) in their organisation. */
  questPlace(personId: string, place: { orgId: string; teamId: string | null }): Promise<QuestPlace>;
  /** Why the organisation may not change anything now (trial ended unpaid), or null. */
  readOnlyReason(orgId: string): Promise<string | null>;
  /** Counts the person as active this month: taking part in a quest, using the coach or the ledger. */
  recordActivity(activity: { orgId: string; personId: string; kind: ActivityKind; at?: number }): Promise<void>;
  /** recordActivity for someone who may have paused or withdrawn since: false, and nothing recorded, if not taking part. */
  recordIfTakingPart(activity: { orgId: string; personId: string; kind: ActivityKind; at?: number }): Promise<boolean>;
  /** Adds a service's records to each person's export, withdrawal and account deletion. */
  registerPersonalData(source: PersonalDataSource): void;
  /** Sends Stripe the active people it has not been told about. */
  reportUsage(): Promise<{ reported: number }>;
}

export function createAccounts(opts: AccountsOptions): Accounts {
  const { db, config, logger } = opts;
  const clock = opts.clock ?? Date.now;
  const people = new People(db, clock);
  const sessions = new Sessions(db, clock, { days: config.sessionDays, secure: config.secureCookies });
  const orgs = new Organisations(db, clock);
  const consents = new Consents(db, clock);
  const mailer = opts.mailer === undefined ? mailerFor(config, logger) : opts.mailer;
  const stripeClient = opts.stripe ?? (config.stripe ? new Stripe(config.stripe.secretKey, { maxNetworkRetries: 2 }) : null);
  const billing = new Billing(db, clock, {
    enforced: config.billingEnforced,
    stripe: config.stripe && stripeClient ? { client: stripeClient, settings: config.stripe } : null,
    publicUrl: config.publicUrl,
    demoSlug: DEMO_SLUG,
    logger,
  });
  const budgets = { ...DEFAULT_ACCOUNTS_LIMITS, ...opts.limits };
  const limits = Object.fromEntries(
    Object.entries(budgets).map(([k, budget]) => [k, new AttemptLimiter(budget, clock)]),
  ) as Limiters;
  const services: AccountsServices = {
    config,
    clock,
    logger,
    people,
    sessions,
    orgs,
    invitations: new Invitations(db, clock, orgs),
    consents,
    participation: new ParticipationCounts(db),
    personalData: new PersonalData(db, clock, { people, orgs, consents, sessions, billing }),
    billing,
    emailSignIn: new EmailSignIn(db, clock, people, mailer, config.publicUrl),
    slackSignIn: config.slack ? new SlackSignIn(db, clock, people, config.slack, config.publicUrl) : null,
    mailer,
    limits,
  };

  return {
    services,
    authenticate: (cookies) => sessions.personFor(cookies[sessions.cookieName]),
    authenticateCookieHeader: (header) =>
      sessions.personFor(header ? fastifyCookie.parse(header)[sessions.cookieName] : undefined),
    isTakingPart: (personId) => consents.isTakingPart(personId),
    async questPlace(personId, place) {
      const role = await orgs.orgRole(personId, place.orgId);
      if (!role) return { ok: false, code: 'not_found', message: 'there is no such organisation among yours' };
      if (place.teamId) {
        const teamOrg = await orgs.teamOrg(place.teamId);
        if (teamOrg !== place.orgId) return { ok: false, code: 'not_found', message: 'this organisation has no such team' };
        if (!(await orgs.teamRole(personId, place.teamId)) && role !== 'admin') {
          return { ok: false, code: 'not_allowed', message: 'only members of this team hold its quests' };
        }
      }
      const reason = await billing.readOnlyReason(place.orgId);
      if (reason) return { ok: false, code: 'read_only', message: reason };
      if (!(await consents.isTakingPart(personId))) {
        return { ok: false, code: 'not_allowed', message: 'you have not chosen to take part: see My data to opt in' };
      }
      return { ok: true };
    },
    readOnlyReason: (orgId) => billing.readOnlyReason(orgId),
    recordActivity: (activity) => billing.recordActivity(activity),
    async recordIfTakingPart(activity) {
      if (!(await consents.isTakingPart(activity.personId))) return false;
      await billing.recordActivity(activity);
      return true;
    },
    registerPersonalData: (source) => services.personalData.register(source),
    reportUsage: () => billing.reportUsage(),
  };
}
