// Who may call each ledger route, in the policy module's vocabulary (server/policy/rules.ts). The policy lets in the
// members of the team's organisation; the ledger itself then admits only the team's own members and the
// organisation's admins (ledger-plugin.ts), and changing settings needs the team's lead.
import type { PolicyTable } from '../policy/rules.ts';

const read = { rule: 'org-member' } as const;
const write = { rule: 'org-member', writes: true } as const;
const L = '/api/teams/:teamId/ledger';

export const LEDGER_ROUTE_POLICY: PolicyTable = {
  [`GET ${L}/settings`]: read,
  [`PUT ${L}/settings`]: { rule: 'team-lead', writes: true },
  [`GET ${L}/items`]: read,
  [`POST ${L}/items`]: write,
  [`GET ${L}/items/:itemId`]: read,
  [`PATCH ${L}/items/:itemId`]: write,
  [`GET ${L}/scores`]: read,
  [`POST ${L}/import`]: write,
  // Generating a practice quest writes nothing, so it works in a read-only organisation too.
  [`POST ${L}/practice-quest`]: read,
  // Starting one creates a quest in the team, which a read-only organisation may not.
  [`POST ${L}/practice/quests`]: write,
  [`GET ${L}/trade-offs`]: read,
  [`POST ${L}/trade-offs`]: write,
  [`GET ${L}/trade-offs/:tradeOffId`]: read,
  [`PATCH ${L}/trade-offs/:tradeOffId`]: write,
  [`POST ${L}/trade-offs/:tradeOffId/propose`]: write,
  [`POST ${L}/trade-offs/:tradeOffId/sign-off`]: write,
  [`POST ${L}/trade-offs/:tradeOffId/accept`]: write,
  [`POST ${L}/trade-offs/:tradeOffId/supersede`]: write,
  [`GET ${L}/trade-offs/:tradeOffId/export`]: read,
  [`GET ${L}/commitments`]: read,
  [`POST ${L}/commitments`]: write,
  [`GET ${L}/commitments/:commitmentId`]: read,
  [`POST ${L}/commitments/:commitmentId/renegotiate`]: write,
  [`POST ${L}/commitments/:commitmentId/honour`]: write,
  [`POST ${L}/commitments/:commitmentId/drop`]: write,
  [`GET ${L}/alerts`]: read,
  [`GET ${L}/trust-timeline`]: read,
  [`POST ${L}/trust-events`]: write,
  [`GET ${L}/sprints`]: read,
  [`POST ${L}/sprints`]: write,
  [`GET ${L}/sprints/:sprintId`]: read,
  [`POST ${L}/sprints/:sprintId/items`]: write,
  [`POST ${L}/sprints/:sprintId/items/:itemId/remove`]: write,
};
