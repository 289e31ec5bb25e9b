// Who a Slack user is in Polarity. A person links their Slack account by signing in with Slack once (server/accounts:
// the identity's subject is '<team id>/<user id>'); nothing else links them, so a Slack user is never guessed to be
// someone by name or address.
import { and, eq, like } from 'drizzle-orm';
import type { Accounts } from '../accounts/accounts.ts';
import { signInIdentities } from '../accounts/schema.ts';
import type { SlackDatabase } from './slack-database.ts';

export interface SlackUser {
  teamId: string;
  userId: string;
}

export interface LinkedPerson {
  personId: string;
  name: string;
  orgId: string;
  orgRole: 'member' | 'admin';
  teams: { id: string; name: string; role: 'member' | 'lead' }[];
}

export class SlackPeople {
  constructor(
    private readonly db: SlackDatabase,
    private readonly accounts: Accounts,
  ) {}

  /** The Polarity person behind a Slack user, or null when they never signed in with Slack. */
  async personId(user: SlackUser): Promise<string | null> {
    const [row] = await this.db
      .select({ personId: signInIdentities.personId })
      .from(signInIdentities)
      .where(and(eq(signInIdentities.provider, 'slack'), eq(signInIdentities.subject, `${user.teamId}/${user.userId}`)));
    return row?.personId ?? null;
  }

  /** The person with their place in the installing organisation; null when unlinked or not a member there. */
  async inOrg(user: SlackUser, orgId: string): Promise<LinkedPerson | null> {
    const personId = await this.personId(user);
    if (!personId) return null;
    const places = await this.accounts.services.orgs.placesOf(personId);
    const place = places.find((p) => p.org.id === orgId);
    const person = await this.accounts.services.people.byId(personId);
    if (!place || !person) return null;
    return {
      personId,
      name: person.name,
      orgId,
      orgRole: place.role,
      teams: place.teams.map((t) => ({ id: t.id, name: t.name, role: t.role })),
    };
  }

  /** The Slack accounts a person linked, for DMs to them. */
  async slackUsersOf(personId: string): Promise<SlackUser[]> {
    const rows = await this.db
      .select({ subject: signInIdentities.subject })
      .from(signInIdentities)
      .where(
        and(
          eq(signInIdentities.provider, 'slack'),
          eq(signInIdentities.personId, personId),
          like(signInIdentities.subject, '%/%'),
        ),
      );
    return rows.map((r) => {
      const [teamId, userId] = r.subject.split('/') as [string, string];
      return { teamId, userId };
    });
  }
}
