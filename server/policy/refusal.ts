// How accounts, billing and the policy say no: `{ error: { code, message, issues? } }` with a 4xx status, the shape
// docs/API.md promises. Two codes are added to the API's list: read_only (402, the organisation's trial ended
// unpaid) and csrf (403, the X-CSRF-Token header is missing or stale: fetch GET /api/auth/session and retry).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { answerError, issuesOf } from '../http/errors.ts';

export type RefusalCode =
  | 'invalid'
  | 'unauthorized'
  | 'read_only'
  | 'not_allowed'
  | 'csrf'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'rate_limited';

const STATUS: Record<RefusalCode, number> = {
  invalid: 400,
  unauthorized: 401,
  read_only: 402,
  not_allowed: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
};

export interface Issue {
  path: string;
  message: string;
}

export class Refusal extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly extra: { issues?: Issue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'Refusal';
    this.statusCode = STATUS[code];
  }
}

/** Parses one part of a request, or refuses with a 400 naming every problem in it. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'path'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = issuesOf(r.error);
  const first = issues[0] as Issue;
  const where = first.path === '(root)' ? `the request ${part}` : `${part} field '${first.path}'`;
  throw new Refusal('invalid', `${where}: ${first.message}`, { issues });
}

const CSRF_MESSAGE =
  'this request needs the X-CSRF-Token header: fetch GET /api/auth/session and send its csrfToken with every change';

/** The error handler of the accounts plugin: refusals and CSRF failures here, everything else as the API does it. */
export function answerRefusal(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof Refusal) {
    const body: { code: RefusalCode; message: string; issues?: Issue[] } = { code: error.code, message: error.message };
    if (error.extra.issues) body.issues = error.extra.issues;
    if (error.extra.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.extra.retryAfterSeconds));
    return reply.code(error.statusCode).type('application/json; charset=utf-8').send({ error: body });
  }
  const code = (error as FastifyError).code;
  if (code === 'FST_CSRF_MISSING_SECRET' || code === 'FST_CSRF_INVALID_TOKEN') {
    return answerRefusal(new Refusal('csrf', CSRF_MESSAGE), request, reply);
  }
  return answerError(error, request, reply);
}
