// Billing for organisations: whether one may keep working (trial, subscribed, or read-only), who was active in a
// month, the admin's summary, Stripe Checkout, the Stripe webhook and the usage Stripe bills from. Stripe is the
// source of truth for payment; this module only remembers what Stripe last said and never deletes anything.
import { createHash } from 'node:crypto';
import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type Stripe from 'stripe';
import type { AccountsDatabase } from '../accounts/accounts-database.ts';
import { Refusal } from '../policy/refusal.ts';
import { organisations } from '../store/schema.ts';
import {
  type InvoicePreview,
  invoicePreview,
  monthOf,
  type Standing,
  standingOf,
  startOfNextMonth,
  trialDaysLeft,
  trialEndsAt,
} from './pricing.ts';
import { monthlyActivity, orgSubscriptions, stripeEvents } from './schema.ts';

export type ActivityKind = 'quest' | 'coach' | 'ledger';

export interface StripeSettings {
  webhookSecret: string;
  priceId: string;
  meterEventName: string;
}

export interface BillingOptions {
  /** An organisation whose trial ended unpaid turns read-only only when this is on. */
  enforced: boolean;
  /** The Stripe client and its settings, or null when Stripe is not configured. */
  stripe: { client: Stripe; settings: StripeSettings } | null;
  publicUrl: string;
  demoSlug: string;
  logger: FastifyBaseLogger;
}

export interface BillingSummary {
  organisation: { id: string; name: string };
  standing: Standing;
  trial: { endsAt: Date; daysLeft: number };
  seats: { month: string; activeUsers: number; billableActiveUsers: number };
  subscription: { status: string } | null;
  nextInvoice: InvoicePreview;
  checkout: { available: boolean };
}

const SUBSCRIPTION_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

/** Stable per organisation, month and person, and says nothing about the person to Stripe. */
export function usageIdentifier(orgId: string, month: string, subject: string): string {
  return `polarity-${createHash('sha256').update(`${orgId}:${month}:${subject}`).digest('hex').slice(0, 40)}`;
}

export class Billing {
  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
    private readonly opts: BillingOptions,
  ) {}

  private async org(orgId: string): Promise<{ id: string; name: string; slug: string; createdAt: Date } | null> {
    const [o] = await this.db.select().from(organisations).where(eq(organisations.id, orgId));
    return o ?? null;
  }

  private async subscription(orgId: string): Promise<typeof orgSubscriptions.$inferSelect | null> {
    const [s] = await this.db.select().from(orgSubscriptions).where(eq(orgSubscriptions.orgId, orgId));
    return s ?? null;
  }

  async standing(orgId: string): Promise<Standing> {
    const org = await this.org(orgId);
    if (!org) throw new Refusal('not_found', 'there is no such organisation');
    const sub = await this.subscription(orgId);
    return standingOf({
      now: this.clock(),
      orgName: org.name,
      trialEndsAt: trialEndsAt(org.createdAt),
      subscriptionStatus: sub?.status ?? null,
      exempt:
        org.slug === this.opts.demoSlug
          ? { why: 'the shared demo organisation is never billed' }
          : this.opts.enforced
            ? null
            : { why: 'billing is switched off on this server' },
    });
  }

  /** For the policy and for other services: why the organisation may not change anything now, or null. */
  async readOnlyReason(orgId: string): Promise<string | null> {
    const s = await this.standing(orgId);
    return s.readOnly ? s.message : null;
  }

  /**
   * Marks a person active in an organisation this month: call it when they take part in a quest, use the coach or
   * write in the ledger. Idempotent: a month counts a person once whatever they did and however often.
   */
  async recordActivity(a: { orgId: string; personId: string; kind: ActivityKind; at?: number }): Promise<void> {
    if (!UUID.test(a.orgId) || !UUID.test(a.personId)) throw new Error('recordActivity needs an organisation id and a person id');
    const at = new Date(a.at ?? this.clock());
    await this.db
      .insert(monthlyActivity)
      .values({ orgId: a.orgId, month: monthOf(at), subject: a.personId, [a.kind]: true, firstAt: at, lastAt: at })
      .onConflictDoUpdate({
        target: [monthlyActivity.orgId, monthlyActivity.month, monthlyActivity.subject],
        set: {
          [a.kind]: true,
          firstAt: sql`least(${monthlyActivity.firstAt}, excluded.first_at)`,
          lastAt: sql`greatest(${monthlyActivity.lastAt}, excluded.last_at)`,
        },
      });
  }

  async summary(orgId: string): Promise<BillingSummary> {
    const org = await this.org(orgId);
    if (!org) throw new Refusal('not_found', 'there is no such organisation');
    const now = this.clock();
    const month = monthOf(now);
    const ends = trialEndsAt(org.createdAt);
    const rows = await this.db
      .select({ lastAt: monthlyActivity.lastAt })
      .from(monthlyActivity)
      .where(and(eq(monthlyActivity.orgId, orgId), eq(monthlyActivity.month, month)));
    const billable = rows.filter((r) => r.lastAt.getTime() >= ends.getTime()).length;
    const sub = await this.subscription(orgId);
    const standing = await this.standing(orgId);
    return {
      organisation: { id: org.id, name: org.name },
      standing,
      trial: { endsAt: ends, daysLeft: trialDaysLeft(ends, now) },
      seats: { month, activeUsers: rows.length, billableActiveUsers: billable },
      subscription: sub?.status ? { status: sub.status } : null,
      nextInvoice: invoicePreview(month, standing.state === 'unbilled' ? 0 : billable),
      checkout: { available: this.opts.stripe !== null && standing.state !== 'subscribed' && standing.state !== 'unbilled' },
    };
  }

  /** A Stripe Checkout page where an admin subscribes the organisation; billing periods are calendar months. */
  async checkout(orgId: string, admin: { email: string | null }): Promise<{ url: string }> {
    const stripe = this.opts.stripe;
    if (!stripe) throw new Refusal('not_found', 'payment through Stripe is not set up on this server');
    const standing = await this.standing(orgId);
    if (standing.state === 'unbilled') throw new Refusal('conflict', `nothing to pay: ${standing.why}`);
    if (standing.state === 'subscribed') throw new Refusal('conflict', 'this organisation is already subscribed');
    const sub = await this.subscription(orgId);
    const back = `${this.opts.publicUrl}/orgs/${orgId}/billing`;
    const session = await stripe.client.checkout.sessions.create({
      mode: 'subscription',
      // A metered price: Stripe adds up the active people this server reports (reportUsage) and bills each month.
      line_items: [{ price: stripe.settings.priceId }],
      client_reference_id: orgId,
      metadata: { orgId },
      subscription_data: {
        metadata: { orgId },
        billing_cycle_anchor: Math.floor(startOfNextMonth(this.clock()).getTime() / 1000),
      },
      ...(sub?.stripeCustomerId ? { customer: sub.stripeCustomerId } : admin.email ? { customer_email: admin.email } : {}),
      success_url: `${back}?checkout=done`,
      cancel_url: `${back}?checkout=cancelled`,
    });
    if (!session.url) throw new Error('Stripe created a Checkout session without a URL');
    return { url: session.url };
  }

  /**
   * Verifies and applies one webhook delivery. A bad signature changes nothing; an event seen before is
   * acknowledged without being applied again; events about unknown organisations are acknowledged and logged.
   */
  async webhook(rawBody: Buffer, signature: string | undefined): Promise<{ received: true; applied: boolean }> {
    const stripe = this.opts.stripe;
    if (!stripe) throw new Refusal('not_found', 'Stripe is not set up on this server');
    if (!signature) throw new Refusal('invalid', 'the Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = stripe.client.webhooks.constructEvent(
        rawBody,
        signature,
        stripe.settings.webhookSecret,
        300,
        undefined,
        this.clock(),
      );
    } catch (e) {
      throw new Refusal('invalid', `the Stripe signature does not verify: ${(e as Error).message}`);
    }
    return this.db.transaction(async (tx) => {
      const fresh = await tx
        .insert(stripeEvents)
        .values({ id: event.id, type: event.type, receivedAt: new Date(this.clock()) })
        .onConflictDoNothing()
        .returning({ id: stripeEvents.id });
      if (fresh.length === 0) return { received: true as const, applied: false };
      const applied = await this.apply(tx, event);
      return { received: true as const, applied };
    });
  }

  private async apply(tx: AccountsDatabase, event: Stripe.Event): Promise<boolean> {
    const at = new Date(event.created * 1000);
    if (event.type === 'checkout.session.completed') {
      const session = event.data.object as Stripe.Checkout.Session;
      const orgId = session.client_reference_id ?? session.metadata?.orgId ?? null;
      if (!orgId || !UUID.test(orgId) || !(await this.orgExists(tx, orgId))) {
        this.opts.logger.warn({ eventId: event.id, orgId }, 'Stripe checkout for an unknown organisation; ignored');
        return false;
      }
      const subscriptionId = idOf(session.subscription);
      await tx
        .insert(orgSubscriptions)
        .values({
          orgId,
          stripeCustomerId: idOf(session.customer),
          stripeSubscriptionId: subscriptionId,
          status: 'active',
          statusAt: at,
          updatedAt: at,
        })
        .onConflictDoUpdate({
          target: orgSubscriptions.orgId,
          set: {
            stripeCustomerId: idOf(session.customer),
            stripeSubscriptionId: subscriptionId,
            // A subscription event newer than this checkout already told us the real status: keep it.
            status: sql`case when ${orgSubscriptions.statusAt} is null or ${orgSubscriptions.statusAt} <= ${at}
              then 'active' else ${orgSubscriptions.status} end`,
            statusAt: sql`greatest(${orgSubscriptions.statusAt}, ${at})`,
            updatedAt: at,
          },
        });
      return true;
    }
    if (SUBSCRIPTION_EVENTS.has(event.type)) {
      const sub = event.data.object as Stripe.Subscription;
      const orgId = await this.orgOfSubscription(tx, sub);
      if (!orgId) {
        this.opts.logger.warn(
          { eventId: event.id, subscription: sub.id },
          'Stripe subscription of an unknown organisation; ignored',
        );
        return false;
      }
      await tx
        .insert(orgSubscriptions)
        .values({
          orgId,
          stripeCustomerId: idOf(sub.customer),
          stripeSubscriptionId: sub.id,
          status: sub.status,
          statusAt: at,
          updatedAt: at,
        })
        .onConflictDoUpdate({
          target: orgSubscriptions.orgId,
          set: {
            stripeCustomerId: idOf(sub.customer),
            stripeSubscriptionId: sub.id,
            status: sub.status,
            statusAt: at,
            updatedAt: at,
          },
          // Stripe does not promise order: an event older than the status we hold changes nothing.
          setWhere: sql`${orgSubscriptions.statusAt} is null or ${orgSubscriptions.statusAt} <= ${at}`,
        });
      return true;
    }
    return false;
  }

  private async orgExists(tx: AccountsDatabase, orgId: string): Promise<boolean> {
    const [o] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId));
    return Boolean(o);
  }

  private async orgOfSubscription(tx: AccountsDatabase, sub: Stripe.Subscription): Promise<string | null> {
    const fromMetadata = sub.metadata?.orgId;
    if (fromMetadata && UUID.test(fromMetadata) && (await this.orgExists(tx, fromMetadata))) return fromMetadata;
    const [bySubscription] = await tx
      .select({ orgId: orgSubscriptions.orgId })
      .from(orgSubscriptions)
      .where(eq(orgSubscriptions.stripeSubscriptionId, sub.id));
    if (bySubscription) return bySubscription.orgId;
    const customer = idOf(sub.customer);
    if (!customer) return null;
    const [byCustomer] = await tx
      .select({ orgId: orgSubscriptions.orgId })
      .from(orgSubscriptions)
      .where(eq(orgSubscriptions.stripeCustomerId, customer));
    return byCustomer?.orgId ?? null;
  }

  /**
   * Tells Stripe about every active person not reported yet, one meter event each, for subscribed organisations.
   * The event identifier is stable per organisation, month and person, so a retry after a crash is not billed twice.
   */
  async reportUsage(): Promise<{ reported: number }> {
    const stripe = this.opts.stripe;
    if (!stripe) return { reported: 0 };
    const due = await this.db
      .select({
        orgId: monthlyActivity.orgId,
        month: monthlyActivity.month,
        subject: monthlyActivity.subject,
        lastAt: monthlyActivity.lastAt,
        customer: orgSubscriptions.stripeCustomerId,
        status: orgSubscriptions.status,
        orgCreatedAt: organisations.createdAt,
      })
      .from(monthlyActivity)
      .innerJoin(orgSubscriptions, eq(orgSubscriptions.orgId, monthlyActivity.orgId))
      .innerJoin(organisations, eq(organisations.id, monthlyActivity.orgId))
      .where(and(isNull(monthlyActivity.reportedAt), gte(monthlyActivity.month, monthOf(this.clock() - 35 * 86_400_000))));
    let reported = 0;
    for (const row of due) {
      if (!row.customer || !row.status || !['active', 'trialing', 'past_due'].includes(row.status)) continue;
      // Activity inside the free trial is never billed.
      if (row.lastAt.getTime() < trialEndsAt(row.orgCreatedAt).getTime()) continue;
      await stripe.client.billing.meterEvents.create({
        event_name: stripe.settings.meterEventName,
        identifier: usageIdentifier(row.orgId, row.month, row.subject),
        timestamp: Math.floor(row.lastAt.getTime() / 1000),
        payload: { stripe_customer_id: row.customer, value: '1' },
      });
      await this.db
        .update(monthlyActivity)
        .set({ reportedAt: new Date(this.clock()) })
        .where(
          and(
            eq(monthlyActivity.orgId, row.orgId),
            eq(monthlyActivity.month, row.month),
            eq(monthlyActivity.subject, row.subject),
          ),
        );
      reported += 1;
    }
    return { reported };
  }

  /** The person's own activity records, for their data export. */
  async activityOf(
    personId: string,
  ): Promise<{ orgId: string; month: string; quest: boolean; coach: boolean; ledger: boolean; firstAt: Date; lastAt: Date }[]> {
    const rows = await this.db.select().from(monthlyActivity).where(eq(monthlyActivity.subject, personId));
    return rows.map(({ orgId, month, quest, coach, ledger, firstAt, lastAt }) => ({
      orgId,
      month,
      quest,
      coach,
      ledger,
      firstAt,
      lastAt,
    }));
  }

  /** On withdrawal: the months keep their count of active people, but nothing links a row to the person any more. */
  async anonymise(personId: string, db: AccountsDatabase = this.db): Promise<void> {
    await db
      .update(monthlyActivity)
      .set({ subject: sql`'withdrawn:' || gen_random_uuid()::text` })
      .where(eq(monthlyActivity.subject, personId));
  }
}
