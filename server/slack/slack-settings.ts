// What an organisation's admins set from Slack (or the web's Slack page): the channel that gets announcements, kept
// here, and who reads team insights, which is the organisation's own setting (organisations.insights_audience,
// server/accounts/insights-audience.ts) that the insights API enforces. Slack reads and writes that one setting, so
// the links it offers and what the API answers cannot disagree.
import { eq } from 'drizzle-orm';
import { DEFAULT_INSIGHTS_AUDIENCE, type InsightsAudience } from '../accounts/insights-audience.ts';
import { organisations } from '../store/schema.ts';
import { slackOrgSettings } from './schema.ts';
import type { SlackDatabase } from './slack-database.ts';

export interface SlackSettings {
  announcementChannel: { id: string; name: string | null } | null;
  insightsAudience: InsightsAudience;
}

export const AUDIENCE_WORDS: Record<InsightsAudience, string> = {
  admins: 'Organisation admins only',
  leads_and_admins: 'Team leads (their own team) and organisation admins',
};

export class SlackSettingsStore {
  constructor(
    private readonly db: SlackDatabase,
    private readonly clock: () => number,
  ) {}

  async of(orgId: string, db: SlackDatabase = this.db): Promise<SlackSettings> {
    const [row] = await db
      .select({
        insightsAudience: organisations.insightsAudience,
        channelId: slackOrgSettings.announcementChannelId,
        channelName: slackOrgSettings.announcementChannelName,
      })
      .from(organisations)
      .leftJoin(slackOrgSettings, eq(slackOrgSettings.orgId, organisations.id))
      .where(eq(organisations.id, orgId));
    return {
      announcementChannel: row?.channelId ? { id: row.channelId, name: row.channelName } : null,
      insightsAudience: row?.insightsAudience ?? DEFAULT_INSIGHTS_AUDIENCE,
    };
  }

  /** Both settings change together or not at all. */
  async change(
    orgId: string,
    personId: string,
    change: { announcementChannel?: { id: string; name: string | null } | null; insightsAudience?: InsightsAudience },
  ): Promise<SlackSettings> {
    return this.db.transaction(async (tx) => {
      if (change.insightsAudience) {
        await tx.update(organisations).set({ insightsAudience: change.insightsAudience }).where(eq(organisations.id, orgId));
      }
      if (change.announcementChannel !== undefined) {
        const row = {
          orgId,
          announcementChannelId: change.announcementChannel?.id ?? null,
          announcementChannelName: change.announcementChannel?.name ?? null,
          updatedAt: new Date(this.clock()),
          updatedBy: personId,
        };
        await tx.insert(slackOrgSettings).values(row).onConflictDoUpdate({ target: slackOrgSettings.orgId, set: row });
      }
      return this.of(orgId, tx);
    });
  }
}
