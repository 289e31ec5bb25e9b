// The trade-off ledger as a Fastify plugin: `app.register(ledgerPlugin, { db, prefix: '/api' })` inside the context
// where server/policy's enforcePolicy runs with LEDGER_ROUTE_POLICY in its table. Routes live under
// /teams/:teamId/ledger/… (docs/LEDGER.md). The policy decides who is signed in and belongs to the team's
// organisation; the plugin then admits only the team's members and the organisation's admins.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessOf } from '../policy/enforce-policy.ts';
import { answerRefusal } from '../policy/refusal.ts';
import { commitmentRoutes } from './commitment-routes.ts';
import { IMPORT_BODY_LIMIT, itemRoutes } from './item-routes.ts';
import type { LedgerActor, LedgerContext } from './ledger-context.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import { LedgerError } from './ledger-error.ts';
import type { PracticeQuestHost } from './practice-quest-host.ts';
import { sprintRoutes } from './sprint-routes.ts';
import { tradeOffRoutes } from './trade-off-routes.ts';

export interface LedgerPluginOptions {
  db: LedgerDatabase;
  /** Who is asking. Default: what the policy established for the request (server/policy accessOf). */
  actorOf?: (request: FastifyRequest) => LedgerActor | Promise<LedgerActor>;
  /** The clock; tests pass their own. */
  now?: () => Date;
  /** Quest play, for starting a practice quest in the team (practice-quest-host.ts); without it that route says 404. */
  practiceQuests?: PracticeQuestHost;
}

/** The person the policy let through, with their roles in the team and its organisation. */
export function actorFromPolicy(request: FastifyRequest): LedgerActor {
  const access = accessOf(request);
  if (!access.person) throw new LedgerError('unauthorized', 'sign in first');
  return { personId: access.person.id, name: access.person.name, teamRole: access.teamRole, orgRole: access.orgRole };
}

function answerLedgerError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof LedgerError) {
    const body: { code: string; message: string; issues?: LedgerError['issues'] } = { code: error.code, message: error.message };
    if (error.issues) body.issues = error.issues;
    return reply.code(error.statusCode).type('application/json; charset=utf-8').send({ error: body });
  }
  const fe = error as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    const limit = request.routeOptions.bodyLimit;
    const message =
      limit === IMPORT_BODY_LIMIT
        ? `the request body is larger than ${Math.round(limit / 1_000_000)} MB; split the export`
        : `the request body is larger than ${Math.round(limit / 1024)} KB`;
    return answerLedgerError(new LedgerError('too_large', message), request, reply);
  }
  return answerRefusal(error, request, reply);
}

export async function ledgerPlugin(app: FastifyInstance, opts: LedgerPluginOptions): Promise<void> {
  const actorOf = opts.actorOf ?? actorFromPolicy;
  const admitted = async (request: FastifyRequest, lead: boolean): Promise<LedgerActor> => {
    const actor = await actorOf(request);
    if (actor.orgRole === 'admin') return actor;
    if (lead && actor.teamRole !== 'lead') {
      throw new LedgerError('not_allowed', "only this team's lead or an admin of its organisation may do this");
    }
    if (actor.teamRole === null) {
      throw new LedgerError('not_allowed', "only this team's members (or an admin of its organisation) use its ledger");
    }
    return actor;
  };
  const ctx: LedgerContext = {
    db: opts.db,
    now: opts.now ?? (() => new Date()),
    member: (request) => admitted(request, false),
    lead: (request) => admitted(request, true),
    practiceQuests: opts.practiceQuests ?? null,
  };
  app.setErrorHandler(answerLedgerError);
  itemRoutes(app, ctx);
  tradeOffRoutes(app, ctx);
  commitmentRoutes(app, ctx);
  sprintRoutes(app, ctx);
}
