// Organisations, their teams and who belongs where. An organisation always keeps at least one admin; team members
// are always members of the team's organisation (the database enforces it), and leaving an organisation leaves its
// teams. Roles are per place: a person can lead one team and be a plain member of another.
import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { Refusal } from '../policy/refusal.ts';
import type { OrgRole, TeamRole } from '../policy/rules.ts';
import { organisations } from '../store/schema.ts';
import { type AccountsDatabase, isUniqueViolation } from './accounts-database.ts';
import { DEFAULT_INSIGHTS_AUDIENCE, type InsightsAudience } from './insights-audience.ts';
import { memberships, people, teamMembers, teams } from './schema.ts';

export const DEMO_SLUG = 'demo';

export const placeName = (what: string) =>
  z
    .string({ error: `${what} name is text` })
    .trim()
    .min(1, `${what} name must not be empty`)
    .max(80, `${what} name has at most 80 characters`)
    .refine((s) => !/\p{Cc}/u.test(s), `${what} name must not contain control characters`);

export interface Organisation {
  id: string;
  name: string;
  slug: string;
  /** Who reads team insights: its leads and the admins, or the admins only. */
  insightsAudience: InsightsAudience;
  createdAt: Date;
}

export interface TeamMember {
  personId: string;
  name: string;
  role: TeamRole;
}

export interface Team {
  id: string;
  orgId: string;
  name: string;
  createdAt: Date;
  members: TeamMember[];
}

function slugFor(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${randomBytes(4).toString('hex')}`;
}

export class Organisations {
  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
  ) {}

  // --- what the policy asks ---

  async orgRole(personId: string, orgId: string): Promise<OrgRole | null> {
    const [m] = await this.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.personId, personId)));
    return m?.role ?? null;
  }

  async teamOrg(teamId: string): Promise<string | null> {
    const [t] = await this.db.select({ orgId: teams.orgId }).from(teams).where(eq(teams.id, teamId));
    return t?.orgId ?? null;
  }

  async teamRole(personId: string, teamId: string): Promise<TeamRole | null> {
    const [m] = await this.db
      .select({ role: teamMembers.role })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.personId, personId)));
    return m?.role ?? null;
  }

  // --- organisations ---

  async create(name: string, adminId: string): Promise<Organisation> {
    for (let attempt = 0; ; attempt++) {
      const org: Organisation = {
        id: randomUUID(),
        name,
        slug: slugFor(name),
        insightsAudience: DEFAULT_INSIGHTS_AUDIENCE,
        createdAt: new Date(this.clock()),
      };
      try {
        await this.db.transaction(async (tx) => {
          await tx.insert(organisations).values(org);
          await tx.insert(memberships).values({ orgId: org.id, personId: adminId, role: 'admin', createdAt: org.createdAt });
        });
        return org;
      } catch (e) {
        // 32 random bits make a repeated slug rare; one more draw makes it negligible.
        if (!isUniqueViolation(e) || attempt > 0) throw e;
      }
    }
  }

  async get(orgId: string): Promise<Organisation | null> {
    const [o] = await this.db.select().from(organisations).where(eq(organisations.id, orgId));
    return o ?? null;
  }

  /** The shared demo organisation the quest store creates at start. */
  async demo(): Promise<Organisation> {
    const [o] = await this.db.select().from(organisations).where(eq(organisations.slug, DEMO_SLUG));
    if (!o) throw new Error('the demo organisation is missing: the store was not opened with openStore()');
    return o;
  }

  /** An admin's change to the organisation, in one statement: its name, who reads team insights, or both. */
  async change(orgId: string, change: { name?: string; insightsAudience?: InsightsAudience }): Promise<void> {
    const set = {
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.insightsAudience ? { insightsAudience: change.insightsAudience } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await this.db.update(organisations).set(set).where(eq(organisations.id, orgId));
  }

  /** Who reads the organisation's team insights; an organisation that does not exist shows them to nobody. */
  async insightsAudience(orgId: string): Promise<InsightsAudience> {
    const [o] = await this.db
      .select({ audience: organisations.insightsAudience })
      .from(organisations)
      .where(eq(organisations.id, orgId));
    return o?.audience ?? 'admins';
  }

  /** Everywhere a person belongs, with their role in each place. */
  async placesOf(
    personId: string,
  ): Promise<
    { org: Organisation; role: OrgRole; since: Date; teams: { id: string; name: string; role: TeamRole; since: Date }[] }[]
  > {
    const orgs = await this.db
      .select({ org: organisations, role: memberships.role, since: memberships.createdAt })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(eq(memberships.personId, personId))
      .orderBy(asc(organisations.name));
    const teamRows = await this.db
      .select({ id: teams.id, orgId: teams.orgId, name: teams.name, role: teamMembers.role, since: teamMembers.createdAt })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(eq(teamMembers.personId, personId))
      .orderBy(asc(teams.name));
    return orgs.map((o) => ({
      ...o,
      teams: teamRows.filter((t) => t.orgId === o.org.id).map(({ orgId: _o, ...t }) => t),
    }));
  }

  async members(
    orgId: string,
    opts: { withEmail: boolean },
  ): Promise<
    { personId: string; name: string; email?: string | null; role: OrgRole; teams: { teamId: string; role: TeamRole }[] }[]
  > {
    const rows = await this.db
      .select({ personId: people.id, name: people.name, email: people.email, role: memberships.role })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(eq(memberships.orgId, orgId))
      .orderBy(asc(people.name));
    const placed = await this.db
      .select({ personId: teamMembers.personId, teamId: teamMembers.teamId, role: teamMembers.role })
      .from(teamMembers)
      .where(eq(teamMembers.orgId, orgId));
    return rows.map(({ email, ...r }) => ({
      ...r,
      ...(opts.withEmail ? { email } : {}),
      teams: placed.filter((p) => p.personId === r.personId).map(({ personId: _p, ...t }) => t),
    }));
  }

  /** Adds a person, or raises their role to the one given (an invitation never lowers a role). */
  async join(orgId: string, personId: string, role: OrgRole, db: AccountsDatabase = this.db): Promise<void> {
    const createdAt = new Date(this.clock());
    if (role === 'admin') {
      await db
        .insert(memberships)
        .values({ orgId, personId, role, createdAt })
        .onConflictDoUpdate({ target: [memberships.orgId, memberships.personId], set: { role: 'admin' } });
    } else {
      await db.insert(memberships).values({ orgId, personId, role, createdAt }).onConflictDoNothing();
    }
  }

  async setRole(orgId: string, personId: string, role: OrgRole): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockedRole(tx, orgId, personId);
      if (current === role) return;
      if (current === 'admin') await this.keepAnAdmin(tx, orgId, 'change the role of');
      await tx
        .update(memberships)
        .set({ role })
        .where(and(eq(memberships.orgId, orgId), eq(memberships.personId, personId)));
    });
  }

  /** Removes a person from the organisation and its teams; the last admin cannot go. */
  async remove(orgId: string, personId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockedRole(tx, orgId, personId);
      if (current === 'admin') await this.keepAnAdmin(tx, orgId, 'remove');
      await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.personId, personId)));
    });
  }

  /**
   * Role changes in one organisation take turns on its row: two admins stepping down at once would otherwise each
   * lock their own membership and then wait for the other's (a deadlock), or each see the other still an admin.
   */
  private async lockedRole(tx: AccountsDatabase, orgId: string, personId: string): Promise<OrgRole> {
    await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId)).for('update');
    const [m] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.personId, personId)))
      .for('update');
    if (!m) throw new Refusal('not_found', 'this person is not a member of this organisation');
    return m.role;
  }

  /** Run after lockedRole(), so the count cannot change before the caller commits. */
  private async keepAnAdmin(tx: AccountsDatabase, orgId: string, action: string): Promise<void> {
    const admins = await tx
      .select({ personId: memberships.personId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'admin')));
    if (admins.length <= 1) {
      throw new Refusal('conflict', `cannot ${action} the only admin: make someone else an admin first`);
    }
  }

  /**
   * Organisations where this person is the only admin and others would be left without one. With lock, inside a
   * transaction, those organisations' rows are held so no other admin can step down until it commits.
   */
  async soleAdminOf(personId: string, db: AccountsDatabase = this.db, opts: { lock?: boolean } = {}): Promise<Organisation[]> {
    const mine = await db
      .select({ orgId: memberships.orgId })
      .from(memberships)
      .where(and(eq(memberships.personId, personId), eq(memberships.role, 'admin')));
    if (mine.length === 0) return [];
    const ids = mine.map((m) => m.orgId);
    if (opts.lock)
      await db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, ids)).for('update');
    const admins = await db
      .select({ orgId: memberships.orgId, n: count() })
      .from(memberships)
      .where(and(inArray(memberships.orgId, ids), eq(memberships.role, 'admin')))
      .groupBy(memberships.orgId);
    const everyone = await db
      .select({ orgId: memberships.orgId, n: count() })
      .from(memberships)
      .where(inArray(memberships.orgId, ids))
      .groupBy(memberships.orgId);
    const stuck = ids.filter(
      (id) => Number(admins.find((a) => a.orgId === id)?.n) === 1 && Number(everyone.find((e) => e.orgId === id)?.n ?? 0) > 1,
    );
    if (stuck.length === 0) return [];
    return db.select().from(organisations).where(inArray(organisations.id, stuck));
  }

  // --- teams ---

  async teams(orgId: string): Promise<{ id: string; name: string; members: number }[]> {
    const rows = await this.db
      .select({ id: teams.id, name: teams.name, members: count(teamMembers.personId) })
      .from(teams)
      .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
      .where(eq(teams.orgId, orgId))
      .groupBy(teams.id, teams.name)
      .orderBy(asc(teams.name));
    return rows.map((r) => ({ ...r, members: Number(r.members) }));
  }

  async createTeam(orgId: string, name: string): Promise<Team> {
    const team = { id: randomUUID(), orgId, name, createdAt: new Date(this.clock()) };
    try {
      await this.db.insert(teams).values(team);
    } catch (e) {
      if (isUniqueViolation(e)) throw new Refusal('conflict', `this organisation already has a team called '${name}'`);
      throw e;
    }
    return { ...team, members: [] };
  }

  async team(teamId: string): Promise<Team | null> {
    const [t] = await this.db.select().from(teams).where(eq(teams.id, teamId));
    if (!t) return null;
    const members = await this.db
      .select({ personId: people.id, name: people.name, role: teamMembers.role })
      .from(teamMembers)
      .innerJoin(people, eq(people.id, teamMembers.personId))
      .where(eq(teamMembers.teamId, teamId))
      .orderBy(asc(people.name));
    return { ...t, members };
  }

  async renameTeam(teamId: string, name: string): Promise<void> {
    try {
      await this.db.update(teams).set({ name }).where(eq(teams.id, teamId));
    } catch (e) {
      if (isUniqueViolation(e)) throw new Refusal('conflict', `this organisation already has a team called '${name}'`);
      throw e;
    }
  }

  async deleteTeam(teamId: string): Promise<void> {
    await this.db.delete(teams).where(eq(teams.id, teamId));
  }

  /** Puts an organisation member in the team; someone already in it keeps their role. */
  async addToTeam(teamId: string, orgId: string, personId: string, db: AccountsDatabase = this.db): Promise<void> {
    await this.requireMember(orgId, personId, db);
    await db
      .insert(teamMembers)
      .values({ teamId, orgId, personId, role: 'member', createdAt: new Date(this.clock()) })
      .onConflictDoNothing();
  }

  /** Takes a member out of the team. Leads are changed only through the leads routes, which are for admins. */
  async removeFromTeam(teamId: string, personId: string): Promise<void> {
    const role = await this.teamRole(personId, teamId);
    if (!role) throw new Refusal('not_found', 'this person is not in this team');
    if (role === 'lead') {
      throw new Refusal('conflict', 'this person leads the team: an admin can make them a member first');
    }
    await this.db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.personId, personId)));
  }

  async setTeamRole(teamId: string, orgId: string, personId: string, role: TeamRole): Promise<void> {
    await this.requireMember(orgId, personId, this.db);
    await this.db
      .insert(teamMembers)
      .values({ teamId, orgId, personId, role, createdAt: new Date(this.clock()) })
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.personId], set: { role } });
  }

  private async requireMember(orgId: string, personId: string, db: AccountsDatabase): Promise<void> {
    const [m] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.personId, personId)));
    if (!m) throw new Refusal('not_found', 'this person is not a member of this organisation');
  }
}
