// Every route behind the policy, and who it is for. A route missing here is refused for everyone (fail closed);
// docs/ACCOUNTS.md lists the same table in words, and server/policy/route-matrix.test.ts checks every cell.
// ROUTE_POLICY is the accounts plugin's; PRODUCT_ROUTE_POLICY adds quests, the ledger, the coach and insights.
import { INSIGHTS_ROUTE_POLICY } from '../insights/insights-route-policy.ts';
import { LEDGER_ROUTE_POLICY } from '../ledger/ledger-route-policy.ts';
import { SLACK_ROUTE_POLICY } from '../slack/slack-route-policy.ts';
import type { PolicyEntry, PolicyTable } from './rules.ts';

export const ROUTE_POLICY: PolicyTable = {
  // Signing in and out.
  'GET /api/auth/session': { rule: 'anonymous' },
  'GET /api/auth/slack/start': { rule: 'anonymous' },
  'GET /api/auth/slack/callback': { rule: 'anonymous' },
  'POST /api/auth/email': { rule: 'anonymous' },
  'POST /api/auth/email/verify': { rule: 'anonymous' },
  'POST /api/auth/demo': { rule: 'anonymous' },
  'POST /api/auth/sign-out': { rule: 'anonymous' },

  // A person's own account, consent and data: always allowed, read-only organisations or not.
  'GET /api/me': { rule: 'self' },
  'PATCH /api/me': { rule: 'self' },
  'DELETE /api/me': { rule: 'self' },
  'GET /api/me/consent': { rule: 'self' },
  'PUT /api/me/consent': { rule: 'self' },
  'GET /api/me/export': { rule: 'self' },
  'POST /api/me/withdraw': { rule: 'self' },

  // Organisations and their people.
  'POST /api/orgs': { rule: 'signed-in' },
  'GET /api/orgs/:orgId': { rule: 'org-member' },
  'PATCH /api/orgs/:orgId': { rule: 'org-admin', writes: true },
  'GET /api/orgs/:orgId/members': { rule: 'org-member' },
  'PATCH /api/orgs/:orgId/members/:personId': { rule: 'org-admin', writes: true },
  'DELETE /api/orgs/:orgId/members/:personId': { rule: 'org-admin', writes: true },
  // Leaving is the person's own right, so it works in a read-only organisation too.
  'DELETE /api/orgs/:orgId/membership': { rule: 'org-member' },
  'GET /api/orgs/:orgId/participation': { rule: 'org-admin' },
  'POST /api/orgs/:orgId/teams': { rule: 'org-admin', writes: true },
  'POST /api/orgs/:orgId/invitations': { rule: 'org-admin', writes: true },
  'GET /api/orgs/:orgId/invitations': { rule: 'org-admin' },
  'DELETE /api/orgs/:orgId/invitations/:invitationId': { rule: 'org-admin', writes: true },

  // Teams.
  'GET /api/teams/:teamId': { rule: 'org-member' },
  'PATCH /api/teams/:teamId': { rule: 'team-lead', writes: true },
  'DELETE /api/teams/:teamId': { rule: 'org-admin', writes: true },
  'PUT /api/teams/:teamId/members/:personId': { rule: 'team-lead', writes: true },
  'DELETE /api/teams/:teamId/members/:personId': { rule: 'team-lead', writes: true },
  'PUT /api/teams/:teamId/leads/:personId': { rule: 'org-admin', writes: true },
  'DELETE /api/teams/:teamId/leads/:personId': { rule: 'org-admin', writes: true },
  'GET /api/teams/:teamId/participation': { rule: 'team-lead' },
  'POST /api/teams/:teamId/invitations': { rule: 'team-lead', writes: true },

  // Invitations by token: the token is the proof; accepting checks the organisation is writable itself.
  'GET /api/invitations/:token': { rule: 'anonymous' },
  'POST /api/invitations/:token/accept': { rule: 'signed-in' },

  // Billing. Checkout stays open in a read-only organisation: it is how the organisation gets out of it.
  'GET /api/billing/:orgId': { rule: 'org-admin' },
  'POST /api/billing/:orgId/checkout': { rule: 'org-admin' },
  'POST /api/billing/webhook': { rule: 'anonymous', csrf: false },
};

// Quest play: anyone may hold or join a quest, as before accounts; a player proves who they are with the per-quest
// player token (Authorization: Bearer), never a cookie, so no CSRF check applies.
export const QUEST_ROUTE_POLICY: PolicyTable = {
  'GET /api/health': { rule: 'anonymous' },
  'GET /api/scenarios': { rule: 'anonymous' },
  'POST /api/quests': { rule: 'anonymous', csrf: false },
  'GET /api/invites/:invite': { rule: 'anonymous' },
  'POST /api/invites/:invite/join': { rule: 'anonymous', csrf: false },
  'GET /api/quests/:id': { rule: 'anonymous' },
  'GET /api/quests/:id/events': { rule: 'anonymous' },
  'GET /api/quests/:id/debrief': { rule: 'anonymous' },
  // Push-to-talk transcription (server/transcription): whether it is on, and a player's recording, by player token.
  'GET /api/transcription': { rule: 'anonymous' },
  'POST /api/quests/:id/transcriptions': { rule: 'anonymous', csrf: false },
};

// A person's own coaching (server/coach): no person id in any path, so only one's own.
const COACH = '/api/me/coach';
export const COACH_ROUTE_POLICY: PolicyTable = {
  [`GET ${COACH}/debriefs`]: { rule: 'self' },
  [`GET ${COACH}/debriefs/:debriefId`]: { rule: 'self' },
  [`POST ${COACH}/ask`]: { rule: 'self' },
  [`GET ${COACH}/history`]: { rule: 'self' },
  [`GET ${COACH}/topics`]: { rule: 'self' },
  [`DELETE ${COACH}/data`]: { rule: 'self' },
};

/** Several modules' tables as one; a route named twice is a mistake that stops the start. */
export function combinePolicies(...tables: PolicyTable[]): PolicyTable {
  const all: Record<string, PolicyEntry> = {};
  for (const table of tables) {
    for (const [route, entry] of Object.entries(table)) {
      if (route in all) throw new Error(`the policy names ${route} twice`);
      all[route] = entry;
    }
  }
  return all;
}

/** The one table every API route of the server goes through (server/app.ts). */
export const PRODUCT_ROUTE_POLICY: PolicyTable = combinePolicies(
  ROUTE_POLICY,
  QUEST_ROUTE_POLICY,
  LEDGER_ROUTE_POLICY,
  COACH_ROUTE_POLICY,
  INSIGHTS_ROUTE_POLICY,
  SLACK_ROUTE_POLICY,
);
