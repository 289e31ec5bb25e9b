// Who may call each insights route, in the policy table's own terms. A lead reads their team's report (an admin of
// the organisation may too), unless the organisation shows team insights to admins only: the handler then refuses
// leads (server/accounts/insights-audience.ts). Only admins read the organisation dashboard; a person's own page and
// sharing choice are theirs alone, and their handlers never take a person id. Merge these entries into
// server/policy/route-policy.ts or let insightsPlugin enforce them on its own routes (it does).
import type { PolicyTable } from '../policy/rules.ts';

export const INSIGHTS_ROUTE_POLICY: PolicyTable = {
  'GET /api/orgs/:orgId/insights': { rule: 'org-admin' },
  'GET /api/teams/:teamId/insights': { rule: 'team-lead' },
  'GET /api/me/insights': { rule: 'self' },
  'PUT /api/me/insights/sharing': { rule: 'self' },
};
