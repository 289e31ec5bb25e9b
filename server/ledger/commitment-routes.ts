// Commitments, their alerts, and the team's trust timeline over HTTP.
import type { FastifyInstance } from 'fastify';
import { deliveriesOf } from './alert-delivery.ts';
import { commitmentAlerts } from './commitment-alerts.ts';
import { closeCommitment, createCommitment, getCommitment, listCommitments, renegotiateCommitment } from './commitment-store.ts';
import { getItem } from './item-store.ts';
import { type LedgerContext, parsePart } from './ledger-context.ts';
import { LedgerError } from './ledger-error.ts';
import {
  commitmentParams,
  createCommitmentBody,
  dropBody,
  emptyQuery,
  honourBody,
  renegotiateBody,
  teamParams,
  trustEventBody,
} from './ledger-requests.ts';
import { getSettings } from './settings-store.ts';
import { listSprints } from './sprint-store.ts';
import { getTradeOff, listTradeOffs } from './trade-off-store.ts';
import { listTrustEvents, recordTrustEvent } from './trust-event-store.ts';
import { trustTimeline } from './trust-timeline.ts';

/** A recorded moment may be written down a little after it happened, never before. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function commitmentRoutes(app: FastifyInstance, ctx: LedgerContext): void {
  const base = '/teams/:teamId/ledger';

  app.get(`${base}/commitments`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    return { commitments: await listCommitments(ctx.db, teamId) };
  });

  app.post(`${base}/commitments`, async (request, reply) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(createCommitmentBody, request.body, 'body');
    const actor = await ctx.member(request);
    if (body.itemId) await getItem(ctx.db, teamId, body.itemId);
    if (body.tradeOffId) await getTradeOff(ctx.db, teamId, body.tradeOffId);
    const created = await createCommitment(ctx.db, teamId, body, actor.personId, ctx.now());
    return reply.code(201).send({ commitment: created });
  });

  app.get(`${base}/commitments/:commitmentId`, async (request) => {
    const { teamId, commitmentId } = parsePart(commitmentParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    return { commitment: await getCommitment(ctx.db, teamId, commitmentId) };
  });

  app.post(`${base}/commitments/:commitmentId/renegotiate`, async (request) => {
    const { teamId, commitmentId } = parsePart(commitmentParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(renegotiateBody, request.body, 'body');
    const actor = await ctx.member(request);
    return { commitment: await renegotiateCommitment(ctx.db, teamId, commitmentId, body, actor.personId, ctx.now()) };
  });

  app.post(`${base}/commitments/:commitmentId/honour`, async (request) => {
    const { teamId, commitmentId } = parsePart(commitmentParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(honourBody, request.body, 'body');
    await ctx.member(request);
    return { commitment: await closeCommitment(ctx.db, teamId, commitmentId, 'honoured', body?.note ?? null, ctx.now()) };
  });

  app.post(`${base}/commitments/:commitmentId/drop`, async (request) => {
    const { teamId, commitmentId } = parsePart(commitmentParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(dropBody, request.body, 'body');
    await ctx.member(request);
    return { commitment: await closeCommitment(ctx.db, teamId, commitmentId, 'dropped', body.reason, ctx.now()) };
  });

  app.get(`${base}/alerts`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    const now = ctx.now();
    const [commitments, sprints, settings] = await Promise.all([
      listCommitments(ctx.db, teamId),
      listSprints(ctx.db, teamId),
      getSettings(ctx.db, teamId),
    ]);
    const alerts = commitmentAlerts(commitments, sprints, now, settings.dueSoonDays);
    // When this alert (same kind, same due date) was sent to its owner, if it has been.
    const sent = await deliveriesOf(
      ctx.db,
      alerts.map((a) => a.commitmentId),
    );
    const sentAt = (a: (typeof alerts)[number]) =>
      sent.find((d) => d.commitmentId === a.commitmentId && d.kind === a.kind && d.dueOn === a.dueOn)?.deliveredAt ?? null;
    return { at: now, alerts: alerts.map((a) => ({ ...a, deliveredAt: sentAt(a) })) };
  });

  app.get(`${base}/trust-timeline`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    const [commitments, sprints, tradeOffs, recorded] = await Promise.all([
      listCommitments(ctx.db, teamId),
      listSprints(ctx.db, teamId),
      listTradeOffs(ctx.db, teamId),
      listTrustEvents(ctx.db, teamId),
    ]);
    return trustTimeline({ commitments, sprints, tradeOffs, recorded });
  });

  app.post(`${base}/trust-events`, async (request, reply) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(trustEventBody, request.body, 'body');
    const actor = await ctx.member(request);
    const now = ctx.now();
    const at = body.at ?? now;
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw new LedgerError('invalid', "body field 'at': a moment is recorded after it happens, not before");
    const event = await recordTrustEvent(ctx.db, teamId, { kind: body.kind, at, note: body.note }, actor.personId, now);
    return reply.code(201).send({ event });
  });
}
