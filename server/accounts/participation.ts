// The only thing a lead or an admin learns about who takes part: how many, for a whole team or organisation, and
// only when that tells them nothing about any one person. A count is shown when both the people taking part and
// the people not taking part number at least MINIMUM_GROUP: otherwise "all but two" or "only three" would let
// anyone who knows the team work out individual choices by subtraction.
import { and, count, eq } from 'drizzle-orm';
import type { AccountsDatabase } from './accounts-database.ts';
import { CONSENT_NOTICE, MINIMUM_GROUP } from './consent.ts';
import { consents, memberships, teamMembers } from './schema.ts';

export interface ParticipationCount {
  /** Everyone in the group, taking part or not: the team's or organisation's size, which members already see. */
  people: number;
  /** How many take part, or null when showing it could point at individuals. */
  takingPart: number | null;
  minimumGroup: number;
  note: string;
}

export function shownCount(people: number, takingPart: number): ParticipationCount {
  const shown = takingPart >= MINIMUM_GROUP && people - takingPart >= MINIMUM_GROUP;
  return {
    people,
    takingPart: shown ? takingPart : null,
    minimumGroup: MINIMUM_GROUP,
    note: shown
      ? `counts over groups of at least ${MINIMUM_GROUP}; nobody's own choice can be read from them`
      : `hidden: shown only when at least ${MINIMUM_GROUP} people take part and at least ${MINIMUM_GROUP} do not`,
  };
}

export class ParticipationCounts {
  constructor(private readonly db: AccountsDatabase) {}

  async team(teamId: string): Promise<ParticipationCount> {
    const [all] = await this.db.select({ n: count() }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
    const [taking] = await this.db
      .select({ n: count() })
      .from(teamMembers)
      .innerJoin(consents, eq(consents.personId, teamMembers.personId))
      .where(and(eq(teamMembers.teamId, teamId), ...takingPartNow()));
    return shownCount(Number(all?.n ?? 0), Number(taking?.n ?? 0));
  }

  async org(orgId: string): Promise<ParticipationCount> {
    const [all] = await this.db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId));
    const [taking] = await this.db
      .select({ n: count() })
      .from(memberships)
      .innerJoin(consents, eq(consents.personId, memberships.personId))
      .where(and(eq(memberships.orgId, orgId), ...takingPartNow()));
    return shownCount(Number(all?.n ?? 0), Number(taking?.n ?? 0));
  }
}

function takingPartNow() {
  return [eq(consents.status, 'taking_part'), eq(consents.noticeVersion, CONSENT_NOTICE.version)];
}
