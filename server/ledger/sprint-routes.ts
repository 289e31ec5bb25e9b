// Sprint planning over HTTP: sprints, what is planned into them, and the quality budget.
import type { FastifyInstance } from 'fastify';
import { getItem } from './item-store.ts';
import { type LedgerContext, parsePart } from './ledger-context.ts';
import { LedgerError } from './ledger-error.ts';
import {
  createSprintBody,
  emptyQuery,
  planItemBody,
  sprintItemParams,
  sprintParams,
  teamParams,
  unplanItemBody,
} from './ledger-requests.ts';
import { qualityBudget, sprintBudget } from './quality-budget.ts';
import { getSettings } from './settings-store.ts';
import type { Sprint } from './sprint-plan.ts';
import { createSprint, getSprint, listSprints, planItem, unplanItem } from './sprint-store.ts';

export function sprintRoutes(app: FastifyInstance, ctx: LedgerContext): void {
  const base = '/teams/:teamId/ledger/sprints';

  const withBudget = async (teamId: string, sprint: Sprint) => {
    const settings = await getSettings(ctx.db, teamId);
    return { sprint, budget: sprintBudget(sprint, settings.qualityShare) };
  };

  app.get(base, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    const [sprints, settings] = await Promise.all([listSprints(ctx.db, teamId), getSettings(ctx.db, teamId)]);
    return { sprints, qualityBudget: qualityBudget(sprints, settings, ctx.now()) };
  });

  app.post(base, async (request, reply) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(createSprintBody, request.body, 'body');
    await ctx.member(request);
    const sprint = await createSprint(ctx.db, teamId, body, ctx.now());
    return reply.code(201).send(await withBudget(teamId, sprint));
  });

  app.get(`${base}/:sprintId`, async (request) => {
    const { teamId, sprintId } = parsePart(sprintParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    return withBudget(teamId, await getSprint(ctx.db, teamId, sprintId));
  });

  app.post(`${base}/:sprintId/items`, async (request, reply) => {
    const { teamId, sprintId } = parsePart(sprintParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(planItemBody, request.body, 'body');
    const actor = await ctx.member(request);
    const item = await getItem(ctx.db, teamId, body.itemId);
    if (item.status !== 'open')
      throw new LedgerError('conflict', `"${item.title}" is ${item.status}; only open items are planned`);
    const points = body.points ?? item.points;
    if (points === null) throw new LedgerError('invalid', `"${item.title}" has no estimate: give points`);
    const sprint = await planItem(
      ctx.db,
      teamId,
      sprintId,
      { itemId: item.id, points, reason: body.reason ?? null },
      actor.personId,
      ctx.now(),
    );
    return reply.code(201).send(await withBudget(teamId, sprint));
  });

  app.post(`${base}/:sprintId/items/:itemId/remove`, async (request) => {
    const { teamId, sprintId, itemId } = parsePart(sprintItemParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(unplanItemBody, request.body, 'body');
    const actor = await ctx.member(request);
    const sprint = await unplanItem(ctx.db, teamId, sprintId, itemId, body?.reason ?? null, actor.personId, ctx.now());
    return withBudget(teamId, sprint);
  });
}
