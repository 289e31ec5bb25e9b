// Who in an organisation reads a team's insights, as its admins chose: the team's leads and the organisation's
// admins (the default), or the admins only. Either way the figures are aggregates over enough consenting people
// (server/insights/privacy); this decides only who reads them. The insights API enforces it; the web and Slack only
// point at what it would answer. No imports beyond types: server/store/schema.ts reads the values.
import type { OrgRole, TeamRole } from '../policy/rules.ts';

export const insightsAudiences = ['admins', 'leads_and_admins'] as const;
export type InsightsAudience = (typeof insightsAudiences)[number];

export const DEFAULT_INSIGHTS_AUDIENCE: InsightsAudience = 'leads_and_admins';

/** What a team lead is told when the organisation shows team insights to admins only. */
export const ADMINS_ONLY_REFUSAL = "Your organisation's admins have chosen to show team insights to admins only.";

/** Whether someone with these roles reads the insights of a team (teamRole: theirs in that team, if any). */
export function mayReadTeamInsights(
  audience: InsightsAudience,
  who: { orgRole: OrgRole | null; teamRole: TeamRole | null },
): boolean {
  if (who.orgRole === 'admin') return true;
  return audience === 'leads_and_admins' && who.teamRole === 'lead';
}
