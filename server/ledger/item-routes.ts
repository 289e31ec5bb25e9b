// The backlog half of the ledger's HTTP API: settings, items, the one ranking, CSV import and practice quests.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { rankBacklog, scoreItem } from './backlog-ranking.ts';
import { planImport } from './csv-import.ts';
import {
  assertItemsExist,
  createItem,
  externalKeys,
  findItems,
  getItem,
  importItems,
  listItems,
  updateItem,
} from './item-store.ts';
import { type LedgerContext, parsePart } from './ledger-context.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import { LedgerError } from './ledger-error.ts';
import type { LedgerItem, NewItem } from './ledger-item.ts';
import {
  createItemBody,
  emptyQuery,
  importBody,
  itemParams,
  itemsQuery,
  MAX_CSV_CHARS,
  patchItemBody,
  practiceQuestBody,
  scoresQuery,
  settingsChange,
  startPracticeQuestBody,
  teamParams,
} from './ledger-requests.ts';
import { DEFAULT_SETTINGS } from './ledger-settings.ts';
import { generatePracticeQuest, type PracticeQuest } from './practice-quest.ts';
import { getSettings, saveSettings } from './settings-store.ts';

/** Room for a 2,000,000-character CSV in a JSON string, with escapes. */
export const IMPORT_BODY_LIMIT = MAX_CSV_CHARS * 2 + 64 * 1024;

async function checkItem(db: LedgerDatabase, teamId: string, item: NewItem, selfId: string | null): Promise<void> {
  if (item.kind === 'feature' && item.debt !== null) {
    throw new LedgerError('invalid', 'business terms (debt) belong to tech-debt items; set kind to debt or leave debt out');
  }
  const slows = item.debt?.slows ?? [];
  if (selfId !== null && slows.includes(selfId)) throw new LedgerError('invalid', 'debt.slows: an item cannot slow itself');
  await assertItemsExist(db, teamId, slows, 'debt.slows');
}

function withScores(item: LedgerItem, settings: Awaited<ReturnType<typeof getSettings>>) {
  return {
    item,
    scores: {
      rice: scoreItem(item, settings, 'rice'),
      ice: scoreItem(item, settings, 'ice'),
      wsjf: scoreItem(item, settings, 'wsjf'),
    },
  };
}

export function itemRoutes(app: FastifyInstance, ctx: LedgerContext): void {
  const base = '/teams/:teamId/ledger';

  app.get(`${base}/settings`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    return { settings: await getSettings(ctx.db, teamId), defaults: DEFAULT_SETTINGS };
  });

  app.put(`${base}/settings`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const changes = parsePart(settingsChange, request.body, 'body');
    await ctx.lead(request);
    return { settings: await saveSettings(ctx.db, teamId, changes, ctx.now()) };
  });

  app.get(`${base}/items`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    const filter = parsePart(itemsQuery, request.query, 'query');
    await ctx.member(request);
    return { items: await listItems(ctx.db, teamId, filter) };
  });

  app.post(`${base}/items`, async (request, reply) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(createItemBody, request.body, 'body');
    await ctx.member(request);
    const item: NewItem = { ...body, externalKey: null, source: 'manual' };
    await checkItem(ctx.db, teamId, item, null);
    const created = await createItem(ctx.db, teamId, item, ctx.now());
    return reply.code(201).send(withScores(created, await getSettings(ctx.db, teamId)));
  });

  app.get(`${base}/items/:itemId`, async (request) => {
    const { teamId, itemId } = parsePart(itemParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    await ctx.member(request);
    return withScores(await getItem(ctx.db, teamId, itemId), await getSettings(ctx.db, teamId));
  });

  app.patch(`${base}/items/:itemId`, async (request) => {
    const { teamId, itemId } = parsePart(itemParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const changes = parsePart(patchItemBody, request.body, 'body');
    await ctx.member(request);
    const current = await getItem(ctx.db, teamId, itemId);
    const { id: _id, teamId: _team, createdAt: _c, updatedAt: _u, ...fields } = current;
    const next: NewItem = { ...fields, ...changes };
    await checkItem(ctx.db, teamId, next, itemId);
    const updated = await updateItem(ctx.db, teamId, itemId, next, ctx.now());
    return withScores(updated, await getSettings(ctx.db, teamId));
  });

  app.get(`${base}/scores`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    const { method } = parsePart(scoresQuery, request.query, 'query');
    await ctx.member(request);
    const settings = await getSettings(ctx.db, teamId);
    return rankBacklog(await listItems(ctx.db, teamId, { status: 'open' }), settings, method ?? settings.method);
  });

  app.post(`${base}/import`, { bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(importBody, request.body, 'body');
    await ctx.member(request);
    const plan = planImport(body.csv, {
      source: body.source,
      mapping: body.mapping,
      ...(body.debtMarkers ? { debtMarkers: body.debtMarkers } : {}),
      existingKeys: await externalKeys(ctx.db, teamId, body.source),
    });
    const imported = body.dryRun
      ? []
      : await importItems(
          ctx.db,
          teamId,
          plan.rows.map((r) => r.item),
          ctx.now(),
        );
    return reply.code(body.dryRun || imported.length === 0 ? 200 : 201).send({
      dryRun: body.dryRun,
      imported: imported.length,
      items: plan.rows.map((r, i) => ({
        line: r.line,
        id: imported[i]?.id ?? null,
        key: r.item.externalKey,
        title: r.item.title,
        kind: r.item.kind,
        status: r.item.status,
      })),
      problems: plan.problems,
      columns: plan.columns,
    });
  });

  app.post(`${base}/practice-quest`, async (request) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(practiceQuestBody, request.body, 'body');
    await ctx.member(request);
    return practiceQuestOf(ctx, teamId, body);
  });

  // The same scenario, started as a quest in the team with the asking member as its host: the answer is POST
  // /api/quests's, so the client stores the player token and goes to the lobby.
  app.post(`${base}/practice/quests`, async (request, reply) => {
    const { teamId } = parsePart(teamParams, request.params, 'path');
    parsePart(emptyQuery, request.query, 'query');
    const body = parsePart(startPracticeQuestBody, request.body, 'body');
    const actor = await ctx.member(request);
    if (!ctx.practiceQuests) throw new LedgerError('not_found', 'this server does not run quests');
    const quest = await practiceQuestOf(ctx, teamId, body);
    const started = await ctx.practiceQuests.start({
      personId: actor.personId,
      teamId,
      hostName: body.name ?? actor.name,
      quest,
    });
    return reply.code(201).send(started);
  });
}

async function practiceQuestOf(
  ctx: LedgerContext,
  teamId: string,
  body: z.output<typeof practiceQuestBody>,
): Promise<PracticeQuest> {
  const items = await findItems(ctx.db, teamId, body.itemIds);
  const missing = body.itemIds.filter((id) => !items.some((i) => i.id === id));
  if (missing.length > 0) throw new LedgerError('not_found', `no item ${missing.join(', ')} in this team's ledger`);
  const settings = await getSettings(ctx.db, teamId);
  const ordered = body.itemIds.map((id) => items.find((i) => i.id === id) as LedgerItem);
  return generatePracticeQuest({
    teamName: body.teamName,
    items: ordered,
    settings,
    method: body.method ?? settings.method,
    capacity: body.capacity,
    thirdRole: body.thirdRole,
    ...(body.names ? { names: body.names } : {}),
    generatedAt: ctx.now(),
  });
}
