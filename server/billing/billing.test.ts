import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import { CONSENT_NOTICE } from '../accounts/consent.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  type Browser,
  DRIVERS,
  openAccountsDatabase,
  startAccounts,
} from '../accounts/test-accounts.ts';
import { usageIdentifier } from './billing-service.ts';

const DAY = 86_400_000;
const STRIPE_SETTINGS = {
  secretKey: 'sk_test_polarity',
  webhookSecret: 'whsec_test_polarity',
  priceId: 'price_active_user',
  meterEventName: 'polarity_active_user',
};

/** Stripe's API as far as billing uses it, on a loopback port: records what it was asked. */
async function startStripeStub(): Promise<{
  server: Server;
  client: Stripe;
  requests: { path: string; form: URLSearchParams }[];
}> {
  const requests: { path: string; form: URLSearchParams }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    requests.push({ path: req.url ?? '', form });
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/checkout/sessions') {
      res.end(
        JSON.stringify({
          id: `cs_test_${requests.length}`,
          object: 'checkout.session',
          url: `https://checkout.stripe.test/c/${requests.length}`,
        }),
      );
    } else if (req.url === '/v1/billing/meter_events') {
      res.end(
        JSON.stringify({ object: 'billing.meter_event', event_name: form.get('event_name'), identifier: form.get('identifier') }),
      );
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `no stub for ${req.url}` } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const client = new Stripe(STRIPE_SETTINGS.secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  return { server, client, requests };
}

let unique = 0;
const address = (who: string) => `${who}.${++unique}@billing.example.com`;

// The drivers run side by side: PGlite works in this process while PostgreSQL works in its own.
describe('billing', { concurrency: true }, () => {
  for (const driver of DRIVERS) {
    describe(`billing on ${driver}`, { concurrency: false }, () => {
      let d: AccountsTestDatabase;
      let h: AccountsHarness;
      let stripe: Awaited<ReturnType<typeof startStripeStub>>;
      let eventSeq = 0;
      before(async () => {
        d = await openAccountsDatabase(driver);
        stripe = await startStripeStub();
        h = await startAccounts(d.db, { config: { stripe: STRIPE_SETTINGS, billingEnforced: true }, stripe: stripe.client });
      });
      after(async () => {
        await h?.close();
        stripe?.server.close();
        await d?.destroy();
      });

      async function newOrg(name = 'Umbrella') {
        const admin = await h.person(address('admin'), 'Ada');
        const r = await admin.browser.request('POST', '/api/orgs', { json: { name } });
        assert.equal(r.status, 201, r.body);
        return { orgId: r.json.organisation.id as string, admin };
      }

      /** A webhook delivery as Stripe sends it, signed with the SDK's test helper at the accounts clock's time. */
      async function deliver(type: string, object: object, opts: { created?: number; signWith?: string; id?: string } = {}) {
        const event = {
          id: opts.id ?? `evt_${driver}_${++eventSeq}`,
          object: 'event',
          type,
          created: opts.created ?? Math.floor(h.time.now / 1000),
          livemode: false,
          pending_webhooks: 1,
          request: null,
          data: { object },
        };
        const payload = JSON.stringify(event);
        const signature = stripe.client.webhooks.generateTestHeaderString({
          payload,
          secret: opts.signWith ?? STRIPE_SETTINGS.webhookSecret,
          timestamp: Math.floor(h.time.now / 1000),
        });
        const r = await h.browser().request('POST', '/api/billing/webhook', {
          body: payload,
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        });
        return { ...r, event };
      }

      test('a new organisation has 14 trial days, and activity counts each person once a month', async () => {
        const { orgId, admin } = await newOrg();
        const p1 = await h.person(address('p1'));
        const p2 = await h.person(address('p2'));
        const start = h.time.now;
        const s0 = await admin.browser.request('GET', `/api/billing/${orgId}`);
        assert.equal(s0.status, 200, s0.body);
        assert.equal(s0.json.trial.daysLeft, 14);
        assert.equal(s0.json.standing.state, 'trial');
        assert.equal(s0.json.nextInvoice.amountCents, 0);
        assert.equal(s0.json.checkout.available, true);

        await h.accounts.recordActivity({ orgId, personId: p1.person.id, kind: 'quest' });
        await h.accounts.recordActivity({ orgId, personId: p1.person.id, kind: 'coach' });
        await h.accounts.recordActivity({ orgId, personId: p2.person.id, kind: 'ledger' });
        // Last month's activity belongs to last month.
        await h.accounts.recordActivity({ orgId, personId: admin.person.id, kind: 'quest', at: start - 10 * DAY });
        h.time.now = start + 3.5 * DAY;
        const s1 = (await admin.browser.request('GET', `/api/billing/${orgId}`)).json;
        assert.equal(s1.trial.daysLeft, 11);
        assert.deepEqual([s1.seats.activeUsers, s1.seats.billableActiveUsers], [2, 0]);

        // After the trial, people active again count toward the month's invoice: $20 each.
        h.time.now = start + 15 * DAY;
        await h.accounts.recordActivity({ orgId, personId: p1.person.id, kind: 'quest' });
        const s2 = (await admin.browser.request('GET', `/api/billing/${orgId}`)).json;
        assert.deepEqual([s2.seats.activeUsers, s2.seats.billableActiveUsers], [2, 1]);
        assert.equal(s2.nextInvoice.amountCents, 2000);
        assert.equal(s2.nextInvoice.billedOn, '2025-02-01T00:00:00.000Z');
        assert.equal(s2.standing.state, 'read_only');
        h.time.now = start;
      });

      test('a trial that ends unpaid makes the organisation read-only: changes refused, nothing deleted', async () => {
        const { orgId, admin } = await newOrg('Lapsed');
        const team = (await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Kept' } })).json.team.id;
        const member = await h.person(address('m'));
        await h.accounts.services.orgs.join(orgId, member.person.id, 'member');
        const start = h.time.now;
        h.time.now = start + 10 * DAY;
        const invite = (await admin.browser.request('POST', `/api/orgs/${orgId}/invitations`, { json: { kind: 'link' } })).json
          .link;
        h.time.now = start + 14 * DAY;
        try {
          const refused = await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'New' } });
          assert.equal(refused.status, 402);
          assert.equal(refused.json.error.code, 'read_only');
          assert.match(refused.json.error.message, /Lapsed is read-only: its free trial ended on .*Nothing has been deleted/);
          assert.equal((await admin.browser.request('PATCH', `/api/teams/${team}`, { json: { name: 'Renamed' } })).status, 402);
          const newcomer = await h.person(address('n'));
          const accept = await newcomer.browser.request('POST', `/api/invitations/${invite.split('#token=')[1]}/accept`);
          assert.equal(accept.status, 402);
          assert.equal(await h.accounts.services.orgs.orgRole(newcomer.person.id, orgId), null);
          const shown = await member.browser.request('GET', `/api/orgs/${orgId}`);
          assert.equal(shown.status, 200);
          assert.match(shown.json.readOnly, /read-only/);
          assert.deepEqual(
            shown.json.teams.map((t: { name: string }) => t.name),
            ['Kept'],
          );
          assert.equal((await h.accounts.questPlace(member.person.id, { orgId, teamId: null })).ok, false);
          // A person's own rights never lock.
          const consent = await member.browser.request('PUT', '/api/me/consent', {
            json: { status: 'taking_part', noticeVersion: CONSENT_NOTICE.version },
          });
          assert.equal(consent.status, 200);
          assert.equal((await member.browser.request('GET', '/api/me/export')).status, 200);
          assert.equal((await member.browser.request('DELETE', `/api/orgs/${orgId}/membership`)).status, 204);
          // And paying is how out of it: checkout still works.
          assert.equal((await admin.browser.request('POST', `/api/billing/${orgId}/checkout`)).status, 201);
        } finally {
          h.time.now = start;
        }
      });

      test('checkout opens a metered subscription billed by calendar month, for the organisation', async () => {
        const { orgId, admin } = await newOrg();
        const r = await admin.browser.request('POST', `/api/billing/${orgId}/checkout`);
        assert.equal(r.status, 201, r.body);
        assert.match(r.json.url, /^https:\/\/checkout\.stripe\.test\//);
        const sent = stripe.requests.at(-1) as { path: string; form: URLSearchParams };
        assert.equal(sent.path, '/v1/checkout/sessions');
        assert.equal(sent.form.get('mode'), 'subscription');
        assert.equal(sent.form.get('line_items[0][price]'), 'price_active_user');
        assert.equal(sent.form.get('line_items[0][quantity]'), null, 'a metered price takes no quantity');
        assert.equal(sent.form.get('client_reference_id'), orgId);
        assert.equal(sent.form.get('subscription_data[metadata][orgId]'), orgId);
        assert.equal(sent.form.get('subscription_data[billing_cycle_anchor]'), String(Date.UTC(2025, 1, 1) / 1000));
        assert.equal(sent.form.get('customer_email'), admin.person.email);
        assert.equal(sent.form.get('success_url'), `http://polarity.test/orgs/${orgId}/billing?checkout=done`);
        assert.equal(
          (await admin.browser.request('POST', `/api/billing/${orgId}/checkout`, { json: { plan: 'gold' } })).status,
          400,
        );
      });

      test('the webhook verifies Stripe’s signature, applies each event once, and ignores stale ones', async () => {
        const { orgId, admin } = await newOrg('Paying');
        const start = h.time.now;
        h.time.now = start + 20 * DAY;
        try {
          const session = {
            id: 'cs_1',
            object: 'checkout.session',
            client_reference_id: orgId,
            customer: `cus_${orgId}`,
            subscription: `sub_${orgId}`,
            metadata: { orgId },
          };
          const forged = await deliver('checkout.session.completed', session, { signWith: 'whsec_someone_else' });
          assert.equal(forged.status, 400);
          assert.match(forged.json.error.message, /signature/);
          assert.equal((await admin.browser.request('GET', `/api/billing/${orgId}`)).json.standing.state, 'read_only');
          const unsigned = await h
            .browser()
            .request('POST', '/api/billing/webhook', { body: '{}', headers: { 'content-type': 'application/json' } });
          assert.equal(unsigned.status, 400);

          const paid = await deliver('checkout.session.completed', session);
          assert.equal(paid.status, 200, paid.body);
          assert.deepEqual(paid.json, { received: true, applied: true });
          const summary = (await admin.browser.request('GET', `/api/billing/${orgId}`)).json;
          assert.deepEqual(
            [summary.standing.state, summary.subscription.status, summary.checkout.available],
            ['subscribed', 'active', false],
          );
          assert.equal((await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Back' } })).status, 201);

          const again = await deliver('checkout.session.completed', session, { id: paid.event.id });
          assert.deepEqual(again.json, { received: true, applied: false });

          const sub = {
            id: `sub_${orgId}`,
            object: 'subscription',
            customer: `cus_${orgId}`,
            status: 'canceled',
            metadata: { orgId },
          };
          const cancelled = await deliver('customer.subscription.deleted', sub, { created: Math.floor(h.time.now / 1000) + 60 });
          assert.equal(cancelled.json.applied, true);
          assert.equal((await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Nope' } })).status, 402);
          // An older "active" arriving late does not undo the cancellation.
          await deliver(
            'customer.subscription.updated',
            { ...sub, status: 'active' },
            { created: Math.floor(h.time.now / 1000) - 60 },
          );
          assert.equal((await admin.browser.request('GET', `/api/billing/${orgId}`)).json.subscription.status, 'canceled');

          const stranger = await deliver('checkout.session.completed', {
            ...session,
            client_reference_id: '00000000-0000-4000-8000-000000000000',
            metadata: {},
          });
          assert.deepEqual(stranger.json, { received: true, applied: false });

          // A signature older than Stripe's five-minute tolerance is refused.
          const payload = JSON.stringify({
            id: 'evt_old',
            object: 'event',
            type: 'invoice.paid',
            created: 1,
            data: { object: {} },
          });
          const old = stripe.client.webhooks.generateTestHeaderString({
            payload,
            secret: STRIPE_SETTINGS.webhookSecret,
            timestamp: Math.floor(h.time.now / 1000) - 600,
          });
          const stale = await h.browser().request('POST', '/api/billing/webhook', {
            body: payload,
            headers: { 'content-type': 'application/json', 'stripe-signature': old },
          });
          assert.equal(stale.status, 400);
        } finally {
          h.time.now = start;
        }
      });

      test('active people after the trial are reported to Stripe once each, without saying who they are', async () => {
        const { orgId } = await newOrg('Metered');
        const p1 = await h.person(address('u1'));
        const p2 = await h.person(address('u2'));
        const start = h.time.now;
        await h.accounts.recordActivity({ orgId, personId: p1.person.id, kind: 'quest' });
        h.time.now = start + 15 * DAY;
        try {
          await deliver('checkout.session.completed', {
            id: 'cs_m',
            object: 'checkout.session',
            client_reference_id: orgId,
            customer: 'cus_metered',
            subscription: 'sub_metered',
          });
          const before = stripe.requests.length;
          await h.accounts.recordActivity({ orgId, personId: p2.person.id, kind: 'coach' });
          const first = await h.accounts.reportUsage();
          assert.equal(first.reported, 1, 'only p2 was active after the trial');
          const meter = stripe.requests.slice(before).filter((r) => r.path === '/v1/billing/meter_events');
          assert.equal(meter.length, 1);
          const form = (meter[0] as { form: URLSearchParams }).form;
          assert.equal(form.get('event_name'), 'polarity_active_user');
          assert.equal(form.get('payload[stripe_customer_id]'), 'cus_metered');
          assert.equal(form.get('payload[value]'), '1');
          assert.equal(form.get('identifier'), usageIdentifier(orgId, '2025-01', p2.person.id));
          assert.ok(!JSON.stringify([...form]).includes(p2.person.id));
          await h.accounts.recordActivity({ orgId, personId: p2.person.id, kind: 'ledger' });
          assert.equal((await h.accounts.reportUsage()).reported, 0);
        } finally {
          h.time.now = start;
        }
      });

      test('without billing enforcement, and for the demo organisation, nothing ever locks', async () => {
        const free = await startAccounts(d.db, { config: { billingEnforced: false, stripe: null, sessionDays: 365 } });
        try {
          const admin = await free.person(address('free'));
          const orgId = (await admin.browser.request('POST', '/api/orgs', { json: { name: 'Self-hosted' } })).json.organisation
            .id;
          free.time.now += 90 * DAY;
          assert.equal(
            (await admin.browser.request('POST', `/api/orgs/${orgId}/teams`, { json: { name: 'Still' } })).status,
            201,
          );
          const summary = (await admin.browser.request('GET', `/api/billing/${orgId}`)).json;
          assert.equal(summary.standing.state, 'unbilled');
          assert.equal(summary.checkout.available, false);
          assert.equal((await admin.browser.request('POST', `/api/billing/${orgId}/checkout`)).status, 404);
        } finally {
          await free.close();
        }
        const demoOrg = await h.accounts.services.orgs.demo();
        const start = h.time.now;
        h.time.now += 400 * DAY;
        assert.equal(await h.accounts.readOnlyReason(demoOrg.id), null);
        h.time.now = start;
      });

      test('bad billing requests change nothing', async () => {
        const { orgId, admin } = await newOrg();
        const b: Browser = admin.browser;
        assert.equal((await b.request('GET', '/api/billing/not-an-id')).status, 400);
        assert.equal((await b.request('GET', `/api/billing/${orgId}?month=2025-01`)).status, 400);
        const notJson = await h.browser().request('POST', '/api/billing/webhook', {
          body: 'hello',
          headers: { 'content-type': 'text/plain', 'stripe-signature': 't=1,v1=x' },
        });
        assert.equal(notJson.status, 400);
        assert.equal((await b.request('GET', `/api/billing/${orgId}`)).json.standing.state, 'trial');
      });
    });
  }
});
