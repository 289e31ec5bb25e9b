// Trade-off records over HTTP: write, propose, sign off, accept, supersede, and export as MADR Markdown.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type LedgerContext, parsePart } from './ledger-context.ts';
import {
  acceptBody,
  editTradeOffBody,
  emptyBody,
  emptyQuery,
  teamParams,
  tradeOffContent,
  tradeOffParams,
} from './ledger-requests.ts';
import { adrNumber, madrMarkdown } from './madr-export.ts';
import { priceRisk, totalExpectedCost } from './risk-pricing.ts';
import { problemsBeforeProposing, type TradeOffRecord, unsignedBearers } from './trade-off-record.ts';
import {
  acceptTradeOff,
  createTradeOff,
  editTradeOff,
  getTradeOff,
  listTradeOffs,
  proposeTradeOff,
  signTradeOff,
  supersedeTradeOff,
  tradeOffNumbers,
} from './trade-off-store.ts';

/** A record as clients see it: with every risk priced, the total, who still has to sign, and what blocks proposing. */
export function tradeOffView(record: TradeOffRecord) {
  return {
    ...record,
    pricedRisks: record.content.risks.map(priceRisk),
    totalExpectedCost: totalExpectedCost(record.content.risks),
    awaitingSignOff:
      record.status === 'proposed' ? unsignedBearers(record).map((b) => ({ personId: b.personId, name: b.name })) : [],
    problemsBeforeProposing: record.status === 'draft' ? problemsBeforeProposing(record.content) : [],
  };
}

const contentBody = z.strictObject({ content: tradeOffContent });

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'trade-off'
  );
}

export function tradeOffRoutes(app: FastifyInstance, ctx: LedgerContext): void {
  const base = '/teams/:teamId/ledger/trade-offs';

  app.get(base, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    return { tradeOffs: (await listTradeOffs(ctx.db, teamId)).map(tradeOffView) };
  });

  app.post(base, async (request, reply) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const { content } = parsePart(contentBody, request.body, 'body');
    const actor = await ctx.member(request);
    const record = await createTradeOff(ctx.db, teamId, content, actor.personId, ctx.now());
    return reply.code(201).send({ tradeOff: tradeOffView(record) });
  });

  app.get(`${base}/:tradeOffId`, async (request) => {
    const { teamId, tradeOffId } = parsePart(tradeOffParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    return { tradeOff: tradeOffView(await getTradeOff(ctx.db, teamId, tradeOffId)) };
  });

  app.patch(`${base}/:tradeOffId`, async (request) => {
    const { teamId, tradeOffId } = parsePart(tradeOffParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(editTradeOffBody, request.body, 'body');
    await ctx.member(request);
    const current = await getTradeOff(ctx.db, teamId, tradeOffId);
    // The changed fields replace the current ones; the whole content is then checked as if written afresh.
    const { content } = parsePart(contentBody, { content: { ...current.content, ...body.content } }, 'body');
    return { tradeOff: tradeOffView(await editTradeOff(ctx.db, teamId, tradeOffId, body.revision, content, ctx.now())) };
  });

  app.post(`${base}/:tradeOffId/propose`, async (request) => {
    const { teamId, tradeOffId } = parsePart(tradeOffParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    parsePart(emptyBody, request.body, 'body');
    await ctx.member(request);
    return { tradeOff: tradeOffView(await proposeTradeOff(ctx.db, teamId, tradeOffId, ctx.now())) };
  });

  app.post(`${base}/:tradeOffId/sign-off`, async (request) => {
    const { teamId, tradeOffId } = parsePart(tradeOffParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    parsePart(emptyBody, request.body, 'body');
    const actor = await ctx.member(request);
    return { tradeOff: tradeOffView(await signTradeOff(ctx.db, teamId, tradeOffId, actor.personId, ctx.now())) };
  });

  app.post(`${base}/:tradeOffId/accept`, async (request) => {
    const { teamId, tradeOffId } = parsePart(tradeOffParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(acceptBody, request.body, 'body');
    const actor = await ctx.member(request);
    const now = ctx.now();
    const record = await acceptTradeOff(ctx.db, teamId, tradeOffId, actor.personId, body?.decidedAt ?? now, now);
    return { tradeOff: tradeOffView(record) };
  });

  app.post(`${base}/:tradeOffId/supersede`, async (request, reply) => {
    const { teamId, tradeOffId } = parsePart(tradeOffParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    parsePart(emptyBody, request.body, 'body');
    const actor = await ctx.member(request);
    const draft = await supersedeTradeOff(ctx.db, teamId, tradeOffId, actor.personId, ctx.now());
    return reply.code(201).send({ tradeOff: tradeOffView(draft) });
  });

  app.get(`${base}/:tradeOffId/export`, async (request, reply) => {
    const { teamId, tradeOffId } = parsePart(tradeOffParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    const record = await getTradeOff(ctx.db, teamId, tradeOffId);
    const linked = [record.supersedes, record.supersededBy].filter((id): id is string => id !== null);
    const numbers = await tradeOffNumbers(ctx.db, teamId, linked);
    const supersedesNumber = record.supersedes ? numbers.get(record.supersedes) : undefined;
    const supersededByNumber = record.supersededBy ? numbers.get(record.supersededBy) : undefined;
    const markdown = madrMarkdown(record, {
      ...(supersedesNumber !== undefined ? { supersedesNumber } : {}),
      ...(supersededByNumber !== undefined ? { supersededByNumber } : {}),
    });
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `attachment; filename="${adrNumber(record.number)}-${slug(record.content.title)}.md"`)
      .send(markdown);
  });
}
