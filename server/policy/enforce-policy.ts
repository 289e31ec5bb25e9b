// The one gate every accounts and billing route passes: a CSRF check on changes, then the route's rule from the
// policy table, decided in a preHandler before the handler runs. A route with no entry is refused for everyone, so
// forgetting to write a rule closes a route instead of opening it.
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput, Refusal } from './refusal.ts';
import { type Access, isScoped, missingScope, type PolicyDirectory, type PolicyEntry, type PolicyTable } from './rules.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not an id');
const scopeParams = z.object({ orgId: uuid.optional(), teamId: uuid.optional() });

const granted = new WeakMap<FastifyRequest, Access>();

/** What the policy established about this request; only routes behind enforcePolicy have it. */
export function accessOf(request: FastifyRequest): Access {
  const a = granted.get(request);
  if (!a) throw new Error(`no access decision for ${request.method} ${request.url}: the route is not behind the policy`);
  return a;
}

/** The signed-in person of a request the policy let through, for routes whose rule requires one. */
export function personOf(request: FastifyRequest): NonNullable<Access['person']> {
  const p = accessOf(request).person;
  if (!p) throw new Error('personOf() on a route that lets anonymous requests through');
  return p;
}

export function policyKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

export interface PolicyOptions {
  table: PolicyTable;
  directory: PolicyDirectory;
  /** @fastify/csrf-protection's check, in its callback form. */
  csrfProtection: (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;
}

/** Adds the policy's hooks to this encapsulation context: call it before registering the routes it guards. */
export function enforcePolicy(app: FastifyInstance, opts: PolicyOptions): void {
  const { table, directory } = opts;

  // A rule that cannot find its scope in the path is a programming error: it stops the start, not a request.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const entry = table[policyKey(method, route.url)];
      const problem = entry ? missingScope(entry.rule, route.url) : null;
      if (problem) throw new Error(`policy for ${method} ${route.url}: ${problem}`);
    }
  });

  app.addHook('onRequest', (request, reply, done) => {
    const entry = entryOf(table, request);
    if (SAFE_METHODS.has(request.method) || entry?.csrf === false) return done();
    opts.csrfProtection(request, reply, done);
  });

  app.addHook('preHandler', async (request) => {
    const entry = entryOf(table, request);
    if (!entry) {
      request.log.error({ route: request.routeOptions.url, method: request.method }, 'route has no policy entry; refused');
      throw new Refusal('not_allowed', 'this route has no access policy, so it is closed');
    }
    granted.set(request, await decide(entry, request, directory));
  });
}

function entryOf(table: PolicyTable, request: FastifyRequest): PolicyEntry | undefined {
  const url = request.routeOptions.url;
  return url === undefined ? undefined : table[policyKey(request.method, url)];
}

async function decide(entry: PolicyEntry, request: FastifyRequest, directory: PolicyDirectory): Promise<Access> {
  const person = await directory.authenticate(request.cookies ?? {});
  const access: Access = { person, orgId: null, teamId: null, orgRole: null, teamRole: null };
  if (entry.rule === 'anonymous') return access;
  if (!person) throw new Refusal('unauthorized', 'sign in first');
  if (!isScoped(entry.rule)) return access;

  const params = parseInput(scopeParams, request.params, 'path');
  if (params.teamId) {
    const orgId = await directory.teamOrg(params.teamId);
    const orgRole = orgId ? await directory.orgRole(person.id, orgId) : null;
    // Another organisation's team looks exactly like a team that does not exist.
    if (!orgId || !orgRole) throw new Refusal('not_found', 'there is no such team in your organisations');
    access.orgId = orgId;
    access.teamId = params.teamId;
    access.orgRole = orgRole;
    access.teamRole = await directory.teamRole(person.id, params.teamId);
  } else {
    const orgId = params.orgId as string;
    const orgRole = await directory.orgRole(person.id, orgId);
    if (!orgRole) throw new Refusal('not_found', 'there is no such organisation among yours');
    access.orgId = orgId;
    access.orgRole = orgRole;
  }

  if (entry.rule === 'org-admin' && access.orgRole !== 'admin') {
    throw new Refusal('not_allowed', 'only an admin of this organisation may do this');
  }
  if (entry.rule === 'team-lead' && access.teamRole !== 'lead' && access.orgRole !== 'admin') {
    throw new Refusal('not_allowed', "only this team's lead or an admin of its organisation may do this");
  }
  if (entry.writes) {
    const reason = await directory.readOnlyReason(access.orgId);
    if (reason) throw new Refusal('read_only', reason);
  }
  return access;
}
