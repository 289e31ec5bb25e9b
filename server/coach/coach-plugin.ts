// The coach's HTTP routes, all under /api/me/coach: a person's own debriefs, questions and history, and deleting
// them. No route takes a person id; whose data it is comes from currentPerson(request) alone, so a lead, an admin
// or anyone else reaches only their own coaching, and another person's debrief id answers 404 like one that does
// not exist. Register it without a prefix: await app.register(coachPlugin, { coach, currentPerson }).
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { answerError, HttpError, parsePart } from '../http/errors.ts';
import { answerRefusal } from '../policy/refusal.ts';
import { type Coach, CoachRefusal, MAX_QUESTION_LENGTH } from './coach.ts';
import { PLAYBOOK } from './playbook/playbook.ts';

export const COACH_ROUTE_PREFIX = '/api/me/coach';

export interface CoachPluginOptions {
  coach: Coach;
  /** The signed-in person making the request, or null; accounts provides it from the session. */
  currentPerson: (request: FastifyRequest) => Promise<{ id: string } | null> | { id: string } | null;
  /**
   * A CSRF check for POST and DELETE (accounts' app.csrfProtection, in its callback form), needed whenever the
   * person is identified by a cookie and the plugin is not already behind accounts' policy.
   */
  csrfProtection?: (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;
}

const emptyQuery = z.strictObject({});
const askBody = z.strictObject({
  question: z
    .string({ error: 'the question must be text' })
    .trim()
    .min(1, 'ask a question: it must not be empty')
    .max(MAX_QUESTION_LENGTH, `a question is at most ${MAX_QUESTION_LENGTH} characters`),
});
const debriefParams = z.strictObject({ debriefId: z.string() });

const STATUS = { invalid: 400, not_found: 404, rate_limited: 429 } as const;
const CHANGES = new Set(['POST', 'DELETE', 'PUT', 'PATCH']);

export const coachPlugin: FastifyPluginAsync<CoachPluginOptions> = async (app: FastifyInstance, opts) => {
  const { coach } = opts;
  const people = new WeakMap<FastifyRequest, string>();
  const me = (request: FastifyRequest) => people.get(request) as string;

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof CoachRefusal)
      return answerError(new HttpError(STATUS[error.code], error.code, error.message), request, reply);
    // Refusals of the policy and CSRF check in front of these routes keep their own codes (401, 403 csrf).
    return answerRefusal(error as Error, request, reply);
  });

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(`${COACH_ROUTE_PREFIX}/`)) {
      throw new Error(
        `coach routes live under ${COACH_ROUTE_PREFIX}; refusing to add ${route.url} (register the plugin without a prefix)`,
      );
    }
  });

  if (opts.csrfProtection) {
    const check = opts.csrfProtection;
    app.addHook('onRequest', (request, reply, done) => (CHANGES.has(request.method) ? check(request, reply, done) : done()));
  }

  app.addHook('preHandler', async (request, reply) => {
    const person = await opts.currentPerson(request);
    if (!person) throw new HttpError(401, 'unauthorized', 'sign in to see your coaching');
    people.set(request, person.id);
    // Private to one person: never kept by a shared cache or the browser's back-forward cache.
    reply.header('cache-control', 'no-store');
  });

  app.get(`${COACH_ROUTE_PREFIX}/debriefs`, async (request) => {
    parsePart(emptyQuery, request.query, 'query');
    return { debriefs: await coach.listDebriefs(me(request)) };
  });

  app.get(`${COACH_ROUTE_PREFIX}/debriefs/:debriefId`, async (request) => {
    parsePart(emptyQuery, request.query, 'query');
    const { debriefId } = parsePart(debriefParams, request.params, 'path');
    const found = await coach.readDebrief(me(request), debriefId);
    if (!found) throw new HttpError(404, 'not_found', 'there is no such debrief among yours');
    return { debrief: { ...found.debrief, id: found.id, createdAt: found.createdAt, readAt: found.readAt } };
  });

  app.post(`${COACH_ROUTE_PREFIX}/ask`, async (request) => {
    parsePart(emptyQuery, request.query, 'query');
    const { question } = parsePart(askBody, request.body, 'body');
    return { answer: await coach.ask(me(request), question) };
  });

  app.get(`${COACH_ROUTE_PREFIX}/history`, async (request) => {
    parsePart(emptyQuery, request.query, 'query');
    return { questions: await coach.history(me(request)) };
  });

  app.get(`${COACH_ROUTE_PREFIX}/topics`, async (request) => {
    parsePart(emptyQuery, request.query, 'query');
    return { topics: PLAYBOOK.map((e) => ({ id: e.id, title: e.title, topics: e.topics })) };
  });

  app.delete(`${COACH_ROUTE_PREFIX}/data`, async (request, reply) => {
    parsePart(emptyQuery, request.query, 'query');
    await coach.erase(me(request));
    return reply.code(204).send();
  });
};
