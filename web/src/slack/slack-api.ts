// The Slack admin page's calls (server/slack/slack-admin-routes.ts), through the signed-in client (cookie, CSRF, errors).
import { signedInRequest } from '../api/accounts.ts';

export type InsightsAudience = 'admins' | 'leads_and_admins';

export interface SlackSettings {
  announcementChannel: { id: string; name: string | null } | null;
  insightsAudience: InsightsAudience;
}

export interface SlackStatus {
  enabled: boolean;
  mode: 'http' | 'socket' | null;
  installations: {
    installKey: string;
    name: string;
    orgWide: boolean;
    teamId: string | null;
    enterpriseId: string | null;
    installedAt: string;
  }[];
  settings: SlackSettings;
  audiences: { value: InsightsAudience; label: string }[];
}

const at = encodeURIComponent;

export const slackApi = {
  status: (orgId: string) => signedInRequest<SlackStatus>('GET', `/api/orgs/${at(orgId)}/slack`),
  /** A browser navigation, not a fetch: the server sends the browser on to Slack. */
  installPath: (orgId: string) => `/api/orgs/${at(orgId)}/slack/install`,
  saveSettings: (orgId: string, change: Partial<SlackSettings>) =>
    signedInRequest<{ settings: SlackSettings }>('PUT', `/api/orgs/${at(orgId)}/slack/settings`, change).then((r) => r.settings),
};
