// Billing for an organisation's admins: the trial, this month's active people, the next invoice, and paying with
// Stripe Checkout when the server has Stripe. A trial that ended unpaid leaves the organisation read-only; this
// page says so and how to lift it.
import { useCallback, useEffect, useState } from 'react';
import { accountsApi, type BillingSummary } from '../api/accounts.ts';
import { Link, organisationPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { SignedInOnly } from './SignedInOnly.tsx';
import { reasonOf, useLoad } from './use-load.ts';

export function BillingScreen({ orgId }: { orgId: string }) {
  return <SignedInOnly>{() => <Billing orgId={orgId} />}</SignedInOnly>;
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

function Billing({ orgId }: { orgId: string }) {
  const billing = useLoad(useCallback(() => accountsApi.billing(orgId), [orgId]));
  const name = billing.data?.organisation.name;
  useEffect(() => {
    document.title = name ? `Billing for ${name} · Polarity` : 'Billing · Polarity';
  }, [name]);
  const checkout = new URLSearchParams(location.search).get('checkout');

  if (billing.error) {
    const refused = billing.error.status === 403 || billing.error.status === 404;
    return (
      <div className="page narrow">
        <ErrorState
          title="Billing could not be opened"
          message={refused ? `${billing.error.message} Only the organisation’s admins see billing.` : billing.error.message}
          onRetry={refused ? undefined : billing.reload}
        >
          <Link href={organisationPath(orgId)} className="btn btn-secondary">
            Back to the organisation
          </Link>
        </ErrorState>
      </div>
    );
  }
  if (!billing.data) return <Loading label="Loading billing…" />;
  const b = billing.data;
  return (
    <div className="page narrow">
      <div className="page-head">
        <p className="eyebrow">
          <Link href={organisationPath(orgId)}>{b.organisation.name}</Link>
        </p>
        <h1>Billing</h1>
        <p className="lede">$20 per active person per month, after a free 14-day trial. Only people who take part count.</p>
      </div>
      {checkout === 'done' && (
        <p className="notice notice-calm" role="status">
          Thank you: Stripe is confirming the subscription. This page shows it once Stripe tells us.
        </p>
      )}
      {checkout === 'cancelled' && (
        <p className="notice" role="status">
          Checkout was cancelled; nothing was charged.
        </p>
      )}
      <Standing b={b} />
      <section className="card" aria-labelledby="seats-title">
        <h2 id="seats-title" className="card-title">
          This month ({b.seats.month})
        </h2>
        <dl className="billing-facts">
          <div>
            <dt>Active people</dt>
            <dd className="num">{b.seats.activeUsers}</dd>
          </div>
          <div>
            <dt>Billable (active after the trial)</dt>
            <dd className="num">{b.seats.billableActiveUsers}</dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="invoice-title">
        <h2 id="invoice-title" className="card-title">
          Next invoice
        </h2>
        <p className="billing-amount num">{money(b.nextInvoice.amountCents, b.nextInvoice.currency)}</p>
        <p className="muted">
          {b.nextInvoice.activeUsers} active {b.nextInvoice.activeUsers === 1 ? 'person' : 'people'} ×{' '}
          {money(b.nextInvoice.pricePerActiveUserCents, b.nextInvoice.currency)}, for {day(b.nextInvoice.periodStart)} to{' '}
          {day(b.nextInvoice.periodEnd)}; billed on {day(b.nextInvoice.billedOn)}.
        </p>
      </section>
      <Checkout b={b} orgId={orgId} />
    </div>
  );
}

function Standing({ b }: { b: BillingSummary }) {
  const s = b.standing;
  if (s.state === 'read_only') {
    return (
      <div className="banner-box banner-box-danger" role="status">
        <h2>Read-only</h2>
        <p>{s.message}</p>
        <p>Subscribe below to make changes again. Reading, exporting and everyone’s own choices keep working.</p>
      </div>
    );
  }
  if (s.state === 'trial') {
    return (
      <p className="notice notice-calm">
        Free trial: <strong>{b.trial.daysLeft === 1 ? '1 day' : `${b.trial.daysLeft} days`} left</strong> (ends{' '}
        {day(b.trial.endsAt)}).
      </p>
    );
  }
  if (s.state === 'subscribed') {
    return <p className="notice notice-calm">Subscribed{b.subscription ? ` (${b.subscription.status})` : ''}.</p>;
  }
  return <p className="notice notice-calm">Not billed: {'why' in s ? s.why : 'billing is off'}.</p>;
}

function Checkout({ b, orgId }: { b: BillingSummary; orgId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (b.standing.state === 'subscribed' || b.standing.state === 'unbilled') return null;
  if (!b.checkout.available) {
    return <p className="muted">Paying online is not set up on this server. Ask whoever runs it to configure Stripe.</p>;
  }
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const { url } = await accountsApi.checkout(orgId);
      location.assign(url);
    } catch (e) {
      setError(reasonOf(e));
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="checkout-title">
      <h2 id="checkout-title" className="card-title">
        Subscribe
      </h2>
      <p>Stripe asks for the card; you are billed monthly, in arrears, for the people who were active.</p>
      <button type="button" className="btn btn-primary" onClick={go} disabled={busy}>
        {busy ? 'Opening Stripe…' : 'Subscribe with Stripe Checkout'}
      </button>
      <ActionError message={error} />
    </section>
  );
}
