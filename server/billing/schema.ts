// What billing needs to remember: each organisation's Stripe subscription, who was active in which month, and
// which Stripe events were already applied. The trial needs no row: it runs 14 days from the organisation's creation.
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../store/schema.ts';

const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const orgSubscriptions = pgTable('org_subscriptions', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  stripeCustomerId: text('stripe_customer_id').unique(),
  stripeSubscriptionId: text('stripe_subscription_id').unique(),
  /** Stripe's subscription status, as last reported by a webhook. */
  status: text('status'),
  /** When Stripe created the event that set status: older events arriving late change nothing. */
  statusAt: moment('status_at'),
  updatedAt: moment('updated_at').notNull().defaultNow(),
});

/**
 * One row per organisation, month and active person. `subject` is the person's id while they take part; when they
 * withdraw it becomes a random value, so the month's count of active people stays and nothing points back to them.
 */
export const monthlyActivity = pgTable(
  'monthly_activity',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** The UTC month, 'YYYY-MM'. */
    month: text('month').notNull(),
    subject: text('subject').notNull(),
    quest: boolean('quest').notNull().default(false),
    coach: boolean('coach').notNull().default(false),
    ledger: boolean('ledger').notNull().default(false),
    firstAt: moment('first_at').notNull(),
    lastAt: moment('last_at').notNull(),
    /** When this active person was reported to Stripe as one unit of usage; null until then. */
    reportedAt: moment('reported_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.month, t.subject] }),
    index('monthly_activity_unreported').on(t.orgId).where(sql`${t.reportedAt} is null`),
    check('monthly_activity_month_format', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);

/** Stripe delivers events at least once: an event id seen before is acknowledged and not applied again. */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: moment('received_at').notNull(),
});
