// The Fastify plugin for insights: the organisation dashboard (admins), a team's report (its leads and admins, or
// admins only when the organisation chose so: organisations.insights_audience), a person's own page and their
// choice to share strengths. Encapsulated like the accounts plugin: it brings its own
// cookie parsing and CSRF check (the same cookie and secret, so the token from GET /api/auth/session works here),
// enforces INSIGHTS_ROUTE_POLICY, registers insights with the person's data export and withdrawal, and folds finished
// quests into the roll-ups on a timer and, given the quest service, as soon as a quest ends. Register it on the root,
// beside accountsPlugin (it guards itself with the accounts' guardRoutes, so the two cannot drift apart):
//   await http.register(insightsPlugin, { db, accounts, privacy, participants, scenarios })
// The server (server/app.ts) instead calls insightsRoutes() on its one context already behind guardRoutes().
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.ts';
import { guardRoutes } from '../accounts/accounts-plugin.ts';
import { ADMINS_ONLY_REFUSAL, mayReadTeamInsights } from '../accounts/insights-audience.ts';
import { accessOf, personOf } from '../policy/enforce-policy.ts';
import { parseInput, Refusal } from '../policy/refusal.ts';
import type { QuestService } from '../quests/quest-service.ts';
import type { InsightsDatabase } from './insights-database.ts';
import { INSIGHTS_ROUTE_POLICY } from './insights-route-policy.ts';
import { type InsightsDirectory, InsightsError, InsightsService } from './insights-service.ts';
import type { PrivacyConfig } from './privacy/privacy-config.ts';
import type { ParticipantSource, ScenarioFacts } from './quest-participants.ts';
import { RollupUpdater } from './rollup-updater.ts';

export interface InsightsPluginOptions {
  db: InsightsDatabase;
  accounts: Accounts;
  privacy: PrivacyConfig;
  participants: ParticipantSource;
  scenarios: ScenarioFacts;
  /** Groups of teams, when the organisation has them (accounts has none yet): teams then sit under the organisation. */
  groups?: InsightsDirectory['groups'];
  /** How often finished quests are folded into the roll-ups; 0 turns the timer off. */
  foldEveryMs?: number;
  clock?: () => number;
  /** The quest service's change feed: a quest is folded as soon as it ends, besides the timer. */
  quests?: Pick<QuestService, 'onChange'>;
  /** The durable quest-ended job (server/jobs/quest-ended.ts): when given, folding runs there instead of on the feed. */
  questEnded?: { add(name: string, reaction: (questId: string) => Promise<void>): void };
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not an id');
const emptyQuery = z.strictObject({});
const orgParams = z.strictObject({ orgId: uuid });
const teamParams = z.strictObject({ teamId: uuid });
const sharingBody = z.strictObject({
  teamId: uuid,
  share: z.boolean({ error: 'share must be true (show my strengths to this team’s leads) or false (stop)' }),
});

/** The accounts services as the directory insights reads. */
export function accountsDirectory(accounts: Accounts, groups?: InsightsDirectory['groups']): InsightsDirectory {
  const s = accounts.services;
  return {
    organisation: async (orgId) => {
      const o = await s.orgs.get(orgId);
      return o ? { id: o.id, name: o.name } : null;
    },
    teams: async (orgId) => (await s.orgs.teams(orgId)).map((t) => ({ id: t.id, name: t.name })),
    groups: groups ?? (async () => []),
    teamOrg: (teamId) => s.orgs.teamOrg(teamId),
    isTeamMember: async (personId, teamId) => (await s.orgs.teamRole(personId, teamId)) !== null,
    personName: async (personId) => (await s.people.byId(personId))?.name ?? null,
  };
}

function refusalOf(e: unknown): never {
  if (e instanceof InsightsError) throw new Refusal(e.code, e.message);
  throw e;
}

export const insightsPlugin: FastifyPluginAsync<InsightsPluginOptions> = async (app: FastifyInstance, opts) => {
  await guardRoutes(app, opts.accounts, INSIGHTS_ROUTE_POLICY);
  insightsRoutes(app, opts);
};

/**
 * Folds a quest into the roll-ups when its quest_ended event is committed. Fire and forget: the change feed must not
 * wait on insights, and a failed fold is logged and retried by the timer's foldPending().
 */
export function foldWhenQuestsEnd(
  quests: Pick<QuestService, 'onChange'>,
  updater: Pick<RollupUpdater, 'foldQuest'>,
  logger: FastifyBaseLogger,
): () => void {
  return quests.onChange((change) => {
    if (!change.events.some((e) => e.event.type === 'quest_ended')) return;
    updater
      .foldQuest(change.questId)
      .catch((e: unknown) => logger.warn({ err: e, questId: change.questId }, 'folding an ended quest into insights failed'));
  });
}

/**
 * The insights routes, the personal-data registration and the folding, on a context already behind a policy that
 * covers INSIGHTS_ROUTE_POLICY (guardRoutes with PRODUCT_ROUTE_POLICY in the server).
 */
export function insightsRoutes(app: FastifyInstance, opts: InsightsPluginOptions): void {
  const s = opts.accounts.services;
  const clock = opts.clock ?? s.clock;
  const service = new InsightsService(opts.db, opts.privacy, accountsDirectory(opts.accounts, opts.groups), clock);
  const updater = new RollupUpdater(opts.db, { participants: opts.participants, scenarios: opts.scenarios, clock });
  opts.accounts.registerPersonalData(service.personalData());

  app.get('/api/orgs/:orgId/insights', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const { orgId } = parseInput(orgParams, request.params, 'path');
    return service.orgDashboard(orgId).catch(refusalOf);
  });

  app.get('/api/teams/:teamId/insights', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const { teamId } = parseInput(teamParams, request.params, 'path');
    // The policy let a lead or an admin through; the organisation's admins may have narrowed it to themselves.
    const access = accessOf(request);
    const audience = await s.orgs.insightsAudience(access.orgId as string);
    if (!mayReadTeamInsights(audience, access)) throw new Refusal('not_allowed', ADMINS_ONLY_REFUSAL);
    return service.leadReport(teamId).catch(refusalOf);
  });

  app.get('/api/me/insights', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    return service.personal(personOf(request).id);
  });

  app.put('/api/me/insights/sharing', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const { teamId, share } = parseInput(sharingBody, request.body, 'body');
    return { sharedWith: await service.setSharing(personOf(request).id, teamId, share).catch(refusalOf) };
  });

  const every = opts.foldEveryMs ?? 30_000;
  if (every > 0) {
    let timer: NodeJS.Timeout | null = null;
    let running = false;
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        if (running) return;
        running = true;
        updater
          .foldPending()
          .catch((e: unknown) => s.logger.warn({ err: e }, 'folding quests into insights failed; will retry'))
          .finally(() => {
            running = false;
          });
      }, every);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }

  if (opts.questEnded) {
    opts.questEnded.add('insights-fold', async (questId) => {
      await updater.foldQuest(questId);
    });
  } else if (opts.quests) {
    const quests = opts.quests;
    let unsubscribe: (() => void) | null = null;
    app.addHook('onReady', async () => {
      unsubscribe = foldWhenQuestsEnd(quests, updater, s.logger);
    });
    app.addHook('onClose', async () => {
      unsubscribe?.();
    });
  }
}
