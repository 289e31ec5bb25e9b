// Slack's tables: one row per installation of the app (a workspace, or a whole Enterprise Grid organisation for an
// org-wide install), the workspaces seen under an org-wide install, the install flows in flight, the Events API
// deliveries already handled, each organisation's announcement channel, and who has been welcomed in App Home.
// Tokens are sealed (AES-256-GCM, server/coach/keyring.ts) and bound to their row: a sealed value moved to another
// installation does not open.
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from '../accounts/schema.ts';
import { organisations } from '../store/schema.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const slackInstallations = pgTable(
  'slack_installations',
  {
    /** 'E:<enterprise id>' for an org-wide install, 'T:<team id>' for a workspace: what Slack's requests name. */
    installKey: text('install_key').primaryKey(),
    enterpriseId: text('enterprise_id'),
    teamId: text('team_id'),
    isEnterpriseInstall: boolean('is_enterprise_install').notNull(),
    /** The Polarity organisation whose admin installed the app. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    installedBy: uuid('installed_by').references(() => people.id, { onDelete: 'set null' }),
    installerSlackUser: text('installer_slack_user').notNull(),
    name: text('name').notNull().default(''),
    appId: text('app_id'),
    botUserId: text('bot_user_id'),
    /** The key that sealed `sealed`: tokens, refresh tokens and expiry times, as one sealed JSON value. */
    keyId: text('key_id').notNull(),
    sealed: text('sealed').notNull(),
    installedAt: createdAt(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('slack_installations_org').on(t.orgId),
    check(
      'slack_installations_key_matches',
      sql`(${t.isEnterpriseInstall} and ${t.installKey} = 'E:' || ${t.enterpriseId}) or (not ${t.isEnterpriseInstall} and ${t.installKey} = 'T:' || ${t.teamId})`,
    ),
  ],
);

/** Workspaces under an org-wide install, learnt from the requests they send: a person's DM is reached through it. */
export const slackWorkspaces = pgTable('slack_workspaces', {
  teamId: text('team_id').primaryKey(),
  installKey: text('install_key')
    .notNull()
    .references(() => slackInstallations.installKey, { onDelete: 'cascade' }),
  seenAt: moment('seen_at').notNull().defaultNow(),
});

/** An "Add to Slack" in flight: bound to the organisation and the admin who started it, single use. */
export const slackInstallStates = pgTable('slack_install_states', {
  stateHash: text('state_hash').primaryKey(),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  expiresAt: moment('expires_at').notNull(),
});

/** Events API deliveries already taken: a retried delivery (X-Slack-Retry-Num) is acknowledged and not run again. */
export const slackDeliveries = pgTable(
  'slack_deliveries',
  {
    eventId: text('event_id').primaryKey(),
    receivedAt: moment('received_at').notNull(),
  },
  (t) => [index('slack_deliveries_received').on(t.receivedAt)],
);

/** The channel that gets announcements. Who reads team insights is the organisation's (organisations.insights_audience). */
export const slackOrgSettings = pgTable('slack_org_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  announcementChannelId: text('announcement_channel_id'),
  announcementChannelName: text('announcement_channel_name'),
  updatedAt: moment('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => people.id, { onDelete: 'set null' }),
});

/** Slack users who have seen the App Home welcome (keyed by workspace and user), so it shows once. */
export const slackHomeVisits = pgTable(
  'slack_home_visits',
  {
    teamId: text('team_id').notNull(),
    slackUser: text('slack_user').notNull(),
    welcomedAt: moment('welcomed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.slackUser] })],
);
