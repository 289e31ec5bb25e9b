// How the HTTP API says no. Every refusal is `{ error: { code, message, issues? } }` with a 4xx status; bad input
// never reaches a 5xx, whichever layer catches it (zod, Fastify's JSON parser, the body limit, the rate limiter).
// The one 5xx besides `internal` is 503 `busy`: a race lost to other writers, worth retrying after Retry-After.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServiceError } from '../quests/quest-service.ts';

export type ErrorCode = ServiceError['code'] | 'too_large' | 'unauthorized' | 'internal';

export interface Issue {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  not_allowed: 403,
  not_found: 404,
  conflict: 409,
  finished: 409,
  wrong_phase: 409,
  too_early: 409,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  busy: 503,
};

/** Seconds to wait before sending again, for refusals that mean "not now" rather than "no". */
const RETRY_AFTER: Partial<Record<ErrorCode, number>> = { busy: 1 };

export function fromServiceError(e: ServiceError): HttpError {
  return new HttpError(STATUS[e.code] ?? 400, e.code, e.message);
}

export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message:
      i.code === 'unrecognized_keys'
        ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`
        : i.message,
  }));
}

/** Parses one part of a request, or throws a 400 that names every problem in it. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'path'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = issuesOf(r.error);
  const first = issues[0] as Issue;
  const where = first.path === '(root)' ? `the request ${part}` : `${part} field '${first.path}'`;
  throw new HttpError(400, 'invalid', `${where}: ${first.message}`, issues);
}

function send(reply: FastifyReply, e: HttpError): FastifyReply {
  const body: { code: ErrorCode; message: string; issues?: Issue[] } = { code: e.code, message: e.message };
  if (e.issues) body.issues = e.issues;
  const retryAfter = RETRY_AFTER[e.code];
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return reply.code(e.statusCode).type('application/json; charset=utf-8').send({ error: body });
}

/** Turns whatever was thrown into the documented error shape; only a fault of ours becomes a 500. */
export function answerError(error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HttpError) return send(reply, error);
  const status = (error as FastifyError).statusCode;
  const code = (error as FastifyError).code;
  if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(reply, new HttpError(413, 'too_large', 'the request body is larger than 16 KB'));
  }
  if (status === 429) return send(reply, new HttpError(429, 'rate_limited', error.message || 'too many requests; slow down'));
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return send(reply, new HttpError(400, 'invalid', 'send the body as JSON with Content-Type: application/json'));
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return send(reply, new HttpError(400, 'invalid', 'the JSON body is empty'));
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return send(reply, new HttpError(400, 'invalid', `the body is not valid JSON: ${error.message}`));
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const mapped: ErrorCode =
      status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : status === 403 ? 'not_allowed' : 'invalid';
    return send(reply, new HttpError(status, mapped, error.message));
  }
  request.log.error({ err: error }, 'request failed');
  return send(
    reply,
    new HttpError(500, 'internal', 'something went wrong on the server; the request changed nothing we know of'),
  );
}
