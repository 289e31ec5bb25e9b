// The organisation admin's Slack page (web/src/slack): install status, "Add to Slack", the announcement channel, and
// who reads team insights (the organisation's setting, also on its web page). Every route is org-admin
// (SLACK_ROUTE_POLICY).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { insightsAudiences } from '../accounts/insights-audience.ts';
import { personOf } from '../policy/enforce-policy.ts';
import { parseInput, Refusal } from '../policy/refusal.ts';
import type { Slack } from './slack.ts';
import { AUDIENCE_WORDS } from './slack-settings.ts';

const orgParams = z.strictObject({
  orgId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not an id'),
});
const emptyQuery = z.strictObject({});
const settingsBody = z
  .strictObject({
    announcementChannel: z
      .strictObject({
        id: z.string().regex(/^[CG][A-Z0-9]{2,20}$/, 'a Slack channel id looks like C0123ABCD'),
        name: z.string().trim().min(1).max(80).nullable().default(null),
      })
      .nullable()
      .optional(),
    insightsAudience: z.enum(insightsAudiences).optional(),
  })
  .refine((b) => b.announcementChannel !== undefined || b.insightsAudience !== undefined, 'change at least one setting');

export function slackAdminRoutes(api: FastifyInstance, slack: Slack): void {
  api.get('/api/orgs/:orgId/slack', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const { orgId } = parseInput(orgParams, request.params, 'path');
    const installations = await slack.installations.forOrg(orgId);
    return {
      enabled: slack.status.enabled,
      mode: slack.status.mode,
      installations: installations.map((i) => ({
        installKey: i.installKey,
        name: i.name,
        orgWide: i.isEnterpriseInstall,
        teamId: i.teamId,
        enterpriseId: i.enterpriseId,
        installedAt: i.installedAt.toISOString(),
      })),
      settings: await slack.settings.of(orgId),
      audiences: insightsAudiences.map((value) => ({ value, label: AUDIENCE_WORDS[value] })),
    };
  });

  // A browser navigates here from "Add to Slack": it is sent on to Slack with a state bound to this admin.
  api.get('/api/orgs/:orgId/slack/install', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    const { orgId } = parseInput(orgParams, request.params, 'path');
    if (!slack.installFlow) throw new Refusal('not_found', 'Slack is not set up on this server: see docs/SLACK.md');
    return reply.redirect(await slack.installFlow.start(orgId, personOf(request).id));
  });

  api.put('/api/orgs/:orgId/slack/settings', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const { orgId } = parseInput(orgParams, request.params, 'path');
    const body = parseInput(settingsBody, request.body, 'body');
    return {
      settings: await slack.settings.change(orgId, personOf(request).id, {
        ...(body.announcementChannel !== undefined ? { announcementChannel: body.announcementChannel } : {}),
        ...(body.insightsAudience ? { insightsAudience: body.insightsAudience } : {}),
      }),
    };
  });
}
