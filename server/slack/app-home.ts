// What a person's App Home shows: their next quest, XP, coach inbox (titles only, in their own tab), the team
// insights they may be pointed at, and, on the first visit, the welcome. Everything here is the person's own.
import { and, eq, inArray } from 'drizzle-orm';
import { mayReadTeamInsights } from '../accounts/insights-audience.ts';
import { readOwnQuests } from '../insights/dashboard-query.ts';
import { personalReport } from '../insights/report/personal-report.ts';
import { players, quests } from '../store/schema.ts';
import type { SlackAppDeps } from './slack-app.ts';
import type { HomeContent } from './slack-messages.ts';

export async function homeContent(
  d: SlackAppDeps,
  user: { teamId: string; userId: string },
  orgId: string,
  welcome: boolean,
  signInUrl: string,
): Promise<HomeContent> {
  const p = await d.people.inOrg(user, orgId);
  if (!p) return { welcome, signInUrl, person: null };
  const url = (path: string) => `${d.publicUrl}${path}`;
  const [next] = await d.db
    .select({ id: quests.id, scenarioId: quests.scenarioId, status: quests.status })
    .from(players)
    .innerJoin(quests, eq(quests.id, players.questId))
    .where(and(eq(players.personId, p.personId), inArray(quests.status, ['lobby', 'running', 'paused'])))
    .orderBy(quests.createdAt)
    .limit(1);
  const takingPart = await d.accounts.isTakingPart(p.personId);
  const own = takingPart ? await readOwnQuests(d.insightsDb, p.personId) : [];
  const xp = own.length > 0 ? personalReport(own).xp : null;
  const inbox = takingPart ? await d.coach.listDebriefs(p.personId) : [];
  const audience = (await d.settings.of(orgId)).insightsAudience;
  const insights = p.teams
    .filter((t) => mayReadTeamInsights(audience, { orgRole: p.orgRole, teamRole: t.role }))
    .map((t) => ({ label: t.name, url: url(`/teams/${t.id}/insights`) }));
  if (p.orgRole === 'admin') insights.push({ label: 'Whole organisation', url: url(`/orgs/${orgId}/insights`) });
  const scenario = next ? d.service.scenarios().find((s) => s.id === next.scenarioId) : undefined;
  return {
    welcome,
    signInUrl,
    person: {
      name: p.name,
      nextQuest: next ? { title: scenario?.title ?? next.scenarioId, url: url(`/quests/${next.id}`), status: next.status } : null,
      xp: xp ? { total: xp.total, level: xp.level, nextLevelAt: xp.nextLevelAt } : null,
      inbox: inbox.map((i) => ({ title: `${i.scenarioTitle} — ${i.roleName}`, unread: i.unread, url: url('/me/coach') })),
      insights,
      isAdmin: p.orgRole === 'admin',
      coachUrl: url('/me/coach'),
      myDataUrl: url('/me'),
    },
  };
}
