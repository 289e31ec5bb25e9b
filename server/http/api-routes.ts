// The HTTP half of docs/API.md: scenarios, creating and joining quests, and what a player may read. Routes check
// shapes and identity, then hand over to the QuestService, which decides every rule of play.
import { readFileSync } from 'node:fs';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Outcome, Player, QuestService } from '../quests/quest-service.ts';
import { fromServiceError, HttpError, parsePart } from './errors.ts';
import { bearer, createQuestBody, emptyQuery, eventsQuery, inviteParams, joinBody, questParams } from './request-schemas.ts';

/** Requests per client address and minute. Creating and joining write rows, so they get the tighter budget. */
export interface HttpLimits {
  perMinute: number;
  createPerMinute: number;
  joinPerMinute: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { perMinute: 600, createPerMinute: 20, joinPerMinute: 60 };

/** Who plays: the signed-in person of a request, and where they may hold a quest. Absent on a server without accounts. */
export interface QuestPeople {
  /** The signed-in person if they take part (consent), else null: anonymous play with tokens alone. */
  personOf(request: FastifyRequest): Promise<{ id: string } | null>;
  /** The team's organisation if this person may hold a quest in the team, or why not. */
  teamPlace(personId: string, teamId: string): Promise<PlaceAnswer>;
  /**
   * Where this person's ad hoc quest goes: the organisation named, else the one they joined first; null when they
   * belong to none (the quest is then ad hoc in the demo organisation, linked to them).
   */
  adHocPlace(personId: string, orgId: string | undefined): Promise<PlaceAnswer | null>;
}

export type PlaceAnswer = { ok: true; orgId: string } | { ok: false; code: 'not_found' | 'not_allowed'; message: string };

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** The service's answer without its `ok`, or the HTTP error its refusal maps to. */
function settle<T extends object>(r: Outcome<T>): T {
  if (!r.ok) throw fromServiceError(r.error);
  const { ok: _ok, ...rest } = r;
  return rest as unknown as T;
}

export function apiRoutes(service: QuestService, limits: HttpLimits, people: QuestPeople | null = null) {
  /**
   * A quest's place, checked before anything is created: the body's team, or ad hoc in the creator's organisation.
   * Anonymous quests (nobody signed in and taking part) have none: they are ad hoc in the demo organisation.
   */
  async function placeOf(personId: string | undefined, body: { teamId?: string | undefined; orgId?: string | undefined }) {
    if (body.teamId !== undefined && body.orgId !== undefined) {
      throw new HttpError(400, 'invalid', 'send teamId for a team quest or orgId for an ad hoc one, not both');
    }
    if (!people || !personId) {
      if (body.teamId === undefined && body.orgId === undefined) return undefined;
      throw new HttpError(401, 'unauthorized', 'sign in, and choose to take part, to hold a quest in an organisation');
    }
    if (body.teamId !== undefined) {
      const place = await people.teamPlace(personId, body.teamId);
      if (!place.ok) throw fromServiceError(place);
      return { orgId: place.orgId, teamId: body.teamId };
    }
    const place = await people.adHocPlace(personId, body.orgId);
    if (!place) return undefined;
    if (!place.ok) throw fromServiceError(place);
    return { orgId: place.orgId, teamId: null };
  }

  async function playerOf(request: FastifyRequest): Promise<Player> {
    const header = request.headers.authorization;
    if (header === undefined) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <player token>');
    const token = bearer.safeParse(header);
    if (!token.success) throw new HttpError(401, 'unauthorized', 'the Authorization header must be Bearer <player token>');
    const { id } = parsePart(questParams, request.params, 'path');
    const player = await service.authenticate(id, token.data);
    if (!player) throw new HttpError(401, 'unauthorized', 'this token does not belong to a player of this quest');
    return player;
  }

  return async function register(app: FastifyInstance): Promise<void> {
    await app.register(rateLimit, {
      global: true,
      max: limits.perMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `too many requests; try again in ${context.after}`),
    });

    app.get('/health', async (request) => {
      parsePart(emptyQuery, request.query, 'query');
      return { ok: true, version: VERSION };
    });

    app.get('/scenarios', async (request) => {
      parsePart(emptyQuery, request.query, 'query');
      return { scenarios: service.scenarios() };
    });

    app.post(
      '/quests',
      { config: { rateLimit: { max: limits.createPerMinute, timeWindow: 60_000 } } },
      async (request, reply) => {
        parsePart(emptyQuery, request.query, 'query');
        const body = parsePart(createQuestBody, request.body, 'body');
        const personId = (await people?.personOf(request))?.id;
        const place = await placeOf(personId, body);
        const created = settle(
          await service.createQuest({
            scenarioId: body.scenarioId,
            hostName: body.name,
            ...(body.seed !== undefined ? { seed: body.seed } : {}),
            ...(personId ? { personId } : {}),
            ...(place ? { place } : {}),
          }),
        );
        return reply.code(201).send(created);
      },
    );

    app.get('/invites/:invite', async (request) => {
      const { invite } = parsePart(inviteParams, request.params, 'path');
      parsePart(emptyQuery, request.query, 'query');
      return settle(await service.inviteInfo(invite));
    });

    app.post(
      '/invites/:invite/join',
      { config: { rateLimit: { max: limits.joinPerMinute, timeWindow: 60_000 } } },
      async (request, reply) => {
        const { invite } = parsePart(inviteParams, request.params, 'path');
        parsePart(emptyQuery, request.query, 'query');
        const body = parsePart(joinBody, request.body, 'body');
        const personId = (await people?.personOf(request))?.id;
        return reply.code(201).send(settle(await service.join(invite, body.name, personId)));
      },
    );

    app.get('/quests/:id', async (request) => {
      const player = await playerOf(request);
      parsePart(emptyQuery, request.query, 'query');
      const snap = await service.snapshot(player);
      return { lobby: snap.lobby, version: snap.version, view: snap.view };
    });

    app.get('/quests/:id/events', async (request) => {
      const player = await playerOf(request);
      const q = parsePart(eventsQuery, request.query, 'query');
      return { events: await service.events(player, q.after, q.limit) };
    });

    app.get('/quests/:id/debrief', async (request) => {
      const player = await playerOf(request);
      parsePart(emptyQuery, request.query, 'query');
      return settle(await service.debrief(player)).debrief;
    });
  };
}
