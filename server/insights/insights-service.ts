// Insights as the routes use it: the organisation dashboard, a team lead's report, a person's own page, the choice to
// share one's strengths with a team's leads, and the person's insights data for export and erasure. Reads go to the
// roll-ups only; the raw event log is read by the updater, never by a request.
import { and, eq } from 'drizzle-orm';
import {
  completeMonths,
  readHistory,
  readOrgWindow,
  readOwnQuests,
  readStrengthShares,
  readTeamQuests,
} from './dashboard-query.ts';
import type { InsightsDatabase } from './insights-database.ts';
import type { PrivacyConfig } from './privacy/privacy-config.ts';
import type { OrgWindow, SharedPerson, UnitHistory } from './report/inputs.ts';
import { type LeadReport, leadReport } from './report/lead-report.ts';
import { type OrgDashboard, orgDashboard } from './report/org-dashboard.ts';
import type { OrgStructure } from './report/org-window.ts';
import { type PersonalReport, personalReport } from './report/personal-report.ts';
import { bumpVersion } from './rollup-updater.ts';
import { insightOrgVersions, insightPersonQuests, insightStrengthShares, insightTeamPeople } from './schema.ts';

/** What insights needs to know about organisations, teams and people; accounts answers it. */
export interface InsightsDirectory {
  organisation(orgId: string): Promise<{ id: string; name: string } | null>;
  teams(orgId: string): Promise<readonly { id: string; name: string }[]>;
  /** Groups of teams, when the organisation has them; teams outside any group sit directly under it. */
  groups(orgId: string): Promise<readonly { id: string; name: string; teamIds: readonly string[] }[]>;
  teamOrg(teamId: string): Promise<string | null>;
  isTeamMember(personId: string, teamId: string): Promise<boolean>;
  personName(personId: string): Promise<string | null>;
}

export class InsightsError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_allowed',
    message: string,
  ) {
    super(message);
    this.name = 'InsightsError';
  }
}

export interface PersonalView extends PersonalReport {
  /** The teams this person lets see their strengths, by their own choice. */
  sharedWith: { teamId: string; sharedAt: Date }[];
}

/** How many organisation windows a process keeps. */
const WINDOW_CACHE_SIZE = 200;

export class InsightsService {
  private readonly clock: () => number;
  /** Windows read from the roll-ups, kept until the organisation's roll-up version or structure moves. */
  private readonly windows = new Map<string, { version: number; window: OrgWindow }>();

  constructor(
    private readonly db: InsightsDatabase,
    private readonly privacy: PrivacyConfig,
    private readonly directory: InsightsDirectory,
    clock?: () => number,
  ) {
    this.clock = clock ?? Date.now;
  }

  private months(): string[] {
    return completeMonths(this.clock(), this.privacy.windowMonths);
  }

  private async structure(orgId: string): Promise<OrgStructure> {
    const org = await this.directory.organisation(orgId);
    if (!org) throw new InsightsError('not_found', 'there is no such organisation');
    const [teams, groups] = await Promise.all([this.directory.teams(orgId), this.directory.groups(orgId)]);
    return { orgId, name: org.name, teams, groups };
  }

  /**
   * The organisation's window: from this process's cache when neither the roll-ups (their version, one primary-key
   * read) nor the structure (team and group names and places) changed since it was read, else from the roll-ups.
   */
  async orgWindow(structure: OrgStructure, months: readonly string[]): Promise<OrgWindow> {
    const key = JSON.stringify([structure, months]);
    const [row] = await this.db
      .select({ version: insightOrgVersions.version })
      .from(insightOrgVersions)
      .where(eq(insightOrgVersions.orgId, structure.orgId));
    const version = row?.version ?? 0;
    const cached = this.windows.get(key);
    if (cached && cached.version === version) return cached.window;
    const window = await readOrgWindow(this.db, structure, months);
    this.windows.delete(key);
    this.windows.set(key, { version, window });
    if (this.windows.size > WINDOW_CACHE_SIZE) this.windows.delete(this.windows.keys().next().value as string);
    return window;
  }

  async orgDashboard(orgId: string): Promise<OrgDashboard> {
    const structure = await this.structure(orgId);
    return orgDashboard(this.privacy, await this.orgWindow(structure, this.months()));
  }

  async leadReport(teamId: string): Promise<LeadReport> {
    const orgId = await this.directory.teamOrg(teamId);
    if (!orgId) throw new InsightsError('not_found', 'there is no such team');
    const structure = await this.structure(orgId);
    const team = structure.teams.find((t) => t.id === teamId);
    if (!team) throw new InsightsError('not_found', 'there is no such team');
    const months = this.months();
    const last = months[months.length - 1] as string;
    const [y, m] = last.split('-').map(Number) as [number, number];
    const windowEnd = new Date(Date.UTC(y, m, 1) - 1);
    const group = structure.groups.find((g) => g.teamIds.includes(teamId));
    const [org, teamQuests, shares, ...histories] = await Promise.all([
      this.orgWindow(structure, months),
      readTeamQuests(this.db, orgId, teamId, months),
      readStrengthShares(this.db, teamId),
      readHistory(this.db, { unitId: teamId, orgId, teamIds: [teamId] }, windowEnd),
      readHistory(this.db, { unitId: orgId, orgId, teamIds: 'all' }, windowEnd),
      ...(group ? [readHistory(this.db, { unitId: group.id, orgId, teamIds: group.teamIds }, windowEnd)] : []),
    ]);
    const shared: SharedPerson[] = [];
    for (const s of shares) {
      // A share outlives nothing: someone who left the team is no longer shown to its leads.
      if (!(await this.directory.isTeamMember(s.personId, teamId))) continue;
      const name = await this.directory.personName(s.personId);
      if (!name) continue;
      const own = await readOwnQuests(this.db, s.personId, 20);
      shared.push({ personId: s.personId, name, sharedAt: s.sharedAt.getTime(), quests: own });
    }
    return leadReport({
      config: this.privacy,
      org,
      team,
      teamQuests,
      histories: histories as UnitHistory[],
      shared,
    });
  }

  async personal(personId: string): Promise<PersonalView> {
    const [own, sharedWith] = await Promise.all([readOwnQuests(this.db, personId), this.sharingOf(personId)]);
    return { ...personalReport(own), sharedWith };
  }

  async sharingOf(personId: string): Promise<{ teamId: string; sharedAt: Date }[]> {
    return this.db
      .select({ teamId: insightStrengthShares.teamId, sharedAt: insightStrengthShares.sharedAt })
      .from(insightStrengthShares)
      .where(eq(insightStrengthShares.personId, personId));
  }

  /** The person's own choice: share their strengths with this team's leads, or stop sharing. */
  async setSharing(personId: string, teamId: string, share: boolean): Promise<{ teamId: string; sharedAt: Date }[]> {
    if (share) {
      if (!(await this.directory.isTeamMember(personId, teamId))) {
        throw new InsightsError('not_allowed', 'you can share your strengths only with the leads of a team you are in');
      }
      await this.db
        .insert(insightStrengthShares)
        .values({ personId, teamId, sharedAt: new Date(this.clock()) })
        .onConflictDoNothing();
    } else {
      await this.db
        .delete(insightStrengthShares)
        .where(and(eq(insightStrengthShares.personId, personId), eq(insightStrengthShares.teamId, teamId)));
    }
    return this.sharingOf(personId);
  }

  /** For the person's data export and withdrawal (accounts' PersonalDataSource). */
  personalData() {
    return {
      name: 'insights',
      export: async (personId: string) => ({
        note: 'Your own counts per quest, the XP they earned, and whom you chose to show your strengths to.',
        quests: await this.db
          .select({
            questId: insightPersonQuests.questId,
            endedAt: insightPersonQuests.endedAt,
            role: insightPersonQuests.role,
            facts: insightPersonQuests.facts,
            xp: insightPersonQuests.xp,
          })
          .from(insightPersonQuests)
          .where(eq(insightPersonQuests.personId, personId)),
        sharedWith: await this.sharingOf(personId),
      }),
      // Team figures already computed over groups of 5 or more stay, as the consent notice says; the person's own
      // rows and their place in the distinct-people counts go, so later figures no longer count them.
      erase: async (personId: string) => {
        await this.db.transaction(async (tx) => {
          const orgs = await tx
            .selectDistinct({ orgId: insightTeamPeople.orgId })
            .from(insightTeamPeople)
            .where(eq(insightTeamPeople.personId, personId));
          for (const o of orgs) await bumpVersion(tx as unknown as InsightsDatabase, o.orgId);
          await tx.delete(insightPersonQuests).where(eq(insightPersonQuests.personId, personId));
          await tx.delete(insightTeamPeople).where(eq(insightTeamPeople.personId, personId));
          await tx.delete(insightStrengthShares).where(eq(insightStrengthShares.personId, personId));
        });
      },
    };
  }
}
