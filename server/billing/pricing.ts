// The price and the trial as plain arithmetic on dates, so every rule can be tested without a database or a clock.
// An organisation tries Polarity for 14 days from its creation; after that it pays $20 a month for each person who
// was active in that month (took part in a quest, used the coach or the ledger) after the trial ended. Months are
// calendar months in UTC, billed in arrears on the first of the next month.

export const TRIAL_DAYS = 14;
export const PRICE_PER_ACTIVE_USER_CENTS = 2000;
export const CURRENCY = 'usd';
const DAY = 86_400_000;

/** Stripe subscription statuses under which the organisation may keep working. */
const PAYING = new Set(['active', 'trialing', 'past_due']);

export function trialEndsAt(orgCreatedAt: Date): Date {
  return new Date(orgCreatedAt.getTime() + TRIAL_DAYS * DAY);
}

/** Whole days left, counting a started day as a day; 0 once the trial is over. */
export function trialDaysLeft(endsAt: Date, now: number): number {
  return Math.max(0, Math.ceil((endsAt.getTime() - now) / DAY));
}

/** 'YYYY-MM' of a moment, in UTC. */
export function monthOf(at: number | Date): string {
  return new Date(at).toISOString().slice(0, 7);
}

export function monthBounds(month: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) };
}

export function startOfNextMonth(now: number): Date {
  return monthBounds(monthOf(now)).end;
}

export type Standing =
  | { state: 'trial'; readOnly: false }
  | { state: 'subscribed'; readOnly: false }
  | { state: 'unbilled'; readOnly: false; why: string }
  | { state: 'read_only'; readOnly: true; message: string };

export interface StandingFacts {
  now: number;
  orgName: string;
  trialEndsAt: Date;
  subscriptionStatus: string | null;
  /** Billing is switched off (no Stripe), or this is the shared demo organisation. */
  exempt: { why: string } | null;
}

export function standingOf(f: StandingFacts): Standing {
  if (f.exempt) return { state: 'unbilled', readOnly: false, why: f.exempt.why };
  if (f.subscriptionStatus && PAYING.has(f.subscriptionStatus)) return { state: 'subscribed', readOnly: false };
  if (f.now < f.trialEndsAt.getTime()) return { state: 'trial', readOnly: false };
  const ended = f.trialEndsAt.toISOString().slice(0, 10);
  const lapsed = f.subscriptionStatus ? ` and the subscription is ${f.subscriptionStatus.replace(/_/g, ' ')}` : '';
  return {
    state: 'read_only',
    readOnly: true,
    message:
      `${f.orgName} is read-only: its free trial ended on ${ended}${lapsed}. Nothing has been deleted: everyone can ` +
      'still read and export their data. An admin can subscribe under Billing to carry on.',
  };
}

export interface InvoicePreview {
  periodStart: Date;
  periodEnd: Date;
  /** People active this month after the trial ended: the ones this invoice counts. */
  activeUsers: number;
  pricePerActiveUserCents: number;
  amountCents: number;
  currency: string;
  /** When Stripe bills the month: the first of the next month. */
  billedOn: Date;
}

export function invoicePreview(month: string, billableActiveUsers: number): InvoicePreview {
  const { start, end } = monthBounds(month);
  return {
    periodStart: start,
    periodEnd: end,
    activeUsers: billableActiveUsers,
    pricePerActiveUserCents: PRICE_PER_ACTIVE_USER_CENTS,
    amountCents: billableActiveUsers * PRICE_PER_ACTIVE_USER_CENTS,
    currency: CURRENCY,
    billedOn: end,
  };
}
