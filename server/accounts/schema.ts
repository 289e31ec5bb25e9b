// Who people are and where they belong: people, how they sign in, their sessions, organisations' memberships and
// teams, invitations, and each person's consent to take part. Organisations themselves live in server/store/schema.ts.
// Secrets (session ids, invitation and sign-in tokens) are stored only as SHA-256 hashes.
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../store/schema.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const people = pgTable('people', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** Lower-cased; null for demo people, who sign in without an address. */
  email: text('email').unique(),
  demo: boolean('demo').notNull().default(false),
  createdAt: createdAt(),
});

export const identityProviders = ['slack'] as const;

/** An external account (Slack) that signs a person in: the provider's subject, never its tokens. */
export const signInIdentities = pgTable(
  'sign_in_identities',
  {
    provider: text('provider', { enum: identityProviders }).notNull(),
    subject: text('subject').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index('sign_in_identities_person').on(t.personId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value, hex. */
    tokenHash: text('token_hash').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: moment('expires_at').notNull(),
  },
  (t) => [index('sessions_person').on(t.personId)],
);

/** Single-use email sign-in links. */
export const emailSignIns = pgTable('email_sign_ins', {
  tokenHash: text('token_hash').primaryKey(),
  email: text('email').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  createdAt: createdAt(),
  expiresAt: moment('expires_at').notNull(),
  usedAt: moment('used_at'),
});

/** A Slack sign-in in flight: what the callback must check (state, nonce, PKCE verifier). */
export const slackSignIns = pgTable('slack_sign_ins', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  createdAt: createdAt(),
  expiresAt: moment('expires_at').notNull(),
});

export const orgRoles = ['member', 'admin'] as const;
export type OrgRole = (typeof orgRoles)[number];

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: orgRoles }).notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.personId] }),
    index('memberships_person').on(t.personId),
    check('memberships_role_known', sql`${t.role} in ('member', 'admin')`),
  ],
);

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('teams_name_in_org').on(t.orgId, t.name),
    // Lets team_members prove that a team and a membership belong to the same organisation.
    unique('teams_id_org').on(t.id, t.orgId),
  ],
);

export const teamRoles = ['member', 'lead'] as const;
export type TeamRole = (typeof teamRoles)[number];

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id').notNull(),
    orgId: uuid('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    role: text('role', { enum: teamRoles }).notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.personId] }),
    index('team_members_person').on(t.personId),
    check('team_members_role_known', sql`${t.role} in ('member', 'lead')`),
    // A team member is always a member of the team's organisation; leaving the organisation leaves its teams.
    foreignKey({ name: 'team_members_team_fk', columns: [t.teamId, t.orgId], foreignColumns: [teams.id, teams.orgId] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'team_members_membership_fk',
      columns: [t.orgId, t.personId],
      foreignColumns: [memberships.orgId, memberships.personId],
    }).onDelete('cascade'),
  ],
);

export const invitationKinds = ['link', 'email'] as const;

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** The team the invited person joins as a member, if any. */
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    role: text('role', { enum: orgRoles }).notNull().default('member'),
    kind: text('kind', { enum: invitationKinds }).notNull(),
    /** Email invitations only: where the link was sent. */
    email: text('email'),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: moment('expires_at').notNull(),
    acceptedAt: moment('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => people.id, { onDelete: 'set null' }),
    revokedAt: moment('revoked_at'),
  },
  (t) => [
    index('invitations_org').on(t.orgId),
    check('invitations_email_matches_kind', sql`(${t.kind} = 'email') = (${t.email} is not null)`),
  ],
);

export const consentStatuses = ['taking_part', 'paused'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

/** A person who never opted in, or who withdrew, has no row: not taking part is the default. */
export const consents = pgTable(
  'consents',
  {
    personId: uuid('person_id')
      .primaryKey()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: consentStatuses }).notNull(),
    /** The version of the plain-words notice the person agreed to. */
    noticeVersion: text('notice_version').notNull(),
    givenAt: moment('given_at').notNull(),
    changedAt: moment('changed_at').notNull(),
  },
  (t) => [check('consents_status_known', sql`${t.status} in ('taking_part', 'paused')`)],
);
