// /api/billing: the admin's summary, Stripe Checkout, and the Stripe webhook. The webhook is the one route without
// a session or CSRF token: Stripe proves itself with a signature over the exact bytes it sent, so its body is kept
// raw (and may be larger than the API's usual 16 KB).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccountsServices } from '../accounts/accounts.ts';
import { emptyBody, emptyQuery, orgParams } from '../accounts/request-schemas.ts';
import { personOf } from '../policy/enforce-policy.ts';
import { parseInput, Refusal } from '../policy/refusal.ts';

const WEBHOOK_BODY_LIMIT = 512 * 1024;
const signatureHeader = z.string().max(4096).optional();

export function billingRoutes(app: FastifyInstance, s: AccountsServices): void {
  app.get('/api/billing/:orgId', async (request) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    return s.billing.summary(orgId);
  });

  app.post('/api/billing/:orgId/checkout', async (request, reply) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    return reply.code(201).send(await s.billing.checkout(orgId, { email: personOf(request).email }));
  });

  app.register(async (raw) => {
    raw.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    raw.post('/api/billing/webhook', { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request) => {
      parseInput(emptyQuery, request.query, 'query');
      if (!Buffer.isBuffer(request.body)) throw new Refusal('invalid', 'send the Stripe event as application/json');
      const signature = parseInput(signatureHeader, request.headers['stripe-signature'], 'body');
      return s.billing.webhook(request.body, signature);
    });
  });
}
