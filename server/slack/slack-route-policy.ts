// Who may call each Slack admin route: an organisation's admins only. Merged into server/policy/route-policy.ts.
// Slack's own endpoints (/slack/events, /slack/oauth_redirect) are outside /api: Slack's signature, and the install
// state bound to the admin's session, are their proof.
import type { PolicyTable } from '../policy/rules.ts';

export const SLACK_ROUTE_POLICY: PolicyTable = {
  'GET /api/orgs/:orgId/slack': { rule: 'org-admin' },
  'GET /api/orgs/:orgId/slack/install': { rule: 'org-admin', writes: true },
  'PUT /api/orgs/:orgId/slack/settings': { rule: 'org-admin', writes: true },
};
