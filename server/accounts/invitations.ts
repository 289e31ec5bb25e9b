// Invitations into an organisation (and optionally one of its teams), shared as a link or sent by email. The
// token is 32 random bytes shown once; only its hash is stored. An invitation works once, until it expires or an
// admin withdraws it; accepting and marking it used happen in one transaction, so two people cannot both use it.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { Refusal } from '../policy/refusal.ts';
import type { OrgRole } from '../policy/rules.ts';
import { hashToken, looksLikeToken, newToken } from '../quests/identity.ts';
import { organisations } from '../store/schema.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import type { Organisations } from './organisations.ts';
import { invitations, memberships, people, teams } from './schema.ts';

const DAY = 86_400_000;
export const INVITATION_DAYS = 7;

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export interface InvitationView {
  id: string;
  kind: 'link' | 'email';
  email: string | null;
  role: OrgRole;
  team: { id: string; name: string } | null;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  status: InvitationStatus;
}

export interface NewInvitation {
  orgId: string;
  teamId: string | null;
  role: OrgRole;
  kind: 'link' | 'email';
  email: string | null;
  invitedBy: string;
}

const inviter = alias(people, 'inviter');

export class Invitations {
  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
    private readonly orgs: Organisations,
  ) {}

  private statusOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): InvitationStatus {
    if (row.acceptedAt) return 'accepted';
    if (row.revokedAt) return 'revoked';
    return row.expiresAt.getTime() <= this.clock() ? 'expired' : 'pending';
  }

  async create(n: NewInvitation): Promise<{ invitation: InvitationView; token: string }> {
    if (n.teamId && (await this.orgs.teamOrg(n.teamId)) !== n.orgId) {
      throw new Refusal('not_found', 'this organisation has no such team');
    }
    const token = newToken();
    const now = this.clock();
    const id = randomUUID();
    await this.db.insert(invitations).values({
      id,
      orgId: n.orgId,
      teamId: n.teamId,
      role: n.role,
      kind: n.kind,
      email: n.email,
      tokenHash: hashToken(token),
      invitedBy: n.invitedBy,
      createdAt: new Date(now),
      expiresAt: new Date(now + INVITATION_DAYS * DAY),
    });
    const [invitation] = await this.views(eq(invitations.id, id));
    return { invitation: invitation as InvitationView, token };
  }

  async list(orgId: string): Promise<InvitationView[]> {
    return this.views(eq(invitations.orgId, orgId));
  }

  private async views(where: SQL): Promise<InvitationView[]> {
    const rows = await this.db
      .select({ i: invitations, teamName: teams.name, invitedBy: inviter.name })
      .from(invitations)
      .leftJoin(teams, eq(teams.id, invitations.teamId))
      .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
      .where(where)
      .orderBy(desc(invitations.createdAt));
    return rows.map(({ i, teamName, invitedBy }) => ({
      id: i.id,
      kind: i.kind,
      email: i.email,
      role: i.role,
      team: i.teamId && teamName ? { id: i.teamId, name: teamName } : null,
      invitedBy,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
      status: this.statusOf(i),
    }));
  }

  async revoke(orgId: string, invitationId: string): Promise<InvitationView> {
    const [row] = await this.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, orgId)));
    if (!row) throw new Refusal('not_found', 'this organisation has no such invitation');
    if (row.acceptedAt) throw new Refusal('conflict', 'this invitation was already accepted; remove the member instead');
    if (!row.revokedAt) {
      await this.db
        .update(invitations)
        .set({ revokedAt: new Date(this.clock()) })
        .where(eq(invitations.id, invitationId));
    }
    const [view] = await this.views(eq(invitations.id, invitationId));
    return view as InvitationView;
  }

  /** What the invitation page shows before anyone signs in: where it leads, and whether it still works. */
  async preview(token: string): Promise<{
    organisation: { name: string };
    team: { name: string } | null;
    role: OrgRole;
    invitedBy: string | null;
    expiresAt: Date;
  }> {
    const row = await this.usable(this.db, token, false);
    const [org] = await this.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, row.orgId));
    const team = row.teamId ? await this.orgs.team(row.teamId) : null;
    const by = row.invitedBy ? await this.db.select({ name: people.name }).from(people).where(eq(people.id, row.invitedBy)) : [];
    return {
      organisation: { name: org?.name ?? '' },
      team: team ? { name: team.name } : null,
      role: row.role,
      invitedBy: by[0]?.name ?? null,
      expiresAt: row.expiresAt,
    };
  }

  /** Joins the person to the organisation (and team); the invitation is used up in the same transaction. */
  async accept(
    token: string,
    personId: string,
    readOnlyReason: (orgId: string) => Promise<string | null>,
  ): Promise<{ organisation: { id: string; name: string }; role: OrgRole; team: { id: string; name: string } | null }> {
    const found = await this.usable(this.db, token, false);
    const reason = await readOnlyReason(found.orgId);
    if (reason) throw new Refusal('read_only', reason);
    return this.db.transaction(async (tx) => {
      // Checked again under the row lock: a second acceptance waits here and then finds it used.
      const row = await this.usable(tx, token, true);
      await this.orgs.join(row.orgId, personId, row.role, tx);
      if (row.teamId) await this.orgs.addToTeam(row.teamId, row.orgId, personId, tx);
      await tx
        .update(invitations)
        .set({ acceptedAt: new Date(this.clock()), acceptedBy: personId })
        .where(eq(invitations.id, row.id));
      const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, row.orgId));
      const [team] = row.teamId
        ? await tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, row.teamId))
        : [];
      const [membership] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.orgId, row.orgId), eq(memberships.personId, personId)));
      return {
        organisation: { id: row.orgId, name: org?.name ?? '' },
        role: membership?.role ?? row.role,
        team: team ?? null,
      };
    });
  }

  private async usable(db: AccountsDatabase, token: string, lock: boolean): Promise<typeof invitations.$inferSelect> {
    if (!looksLikeToken(token)) throw new Refusal('not_found', 'this invitation link is not valid: ask for a new one');
    const q = db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new Refusal('not_found', 'this invitation link is not valid: ask for a new one');
    const status = this.statusOf(row);
    if (status === 'accepted') throw new Refusal('gone', 'this invitation was already used: ask for a new one');
    if (status === 'revoked') throw new Refusal('gone', 'this invitation was withdrawn by an admin');
    if (status === 'expired') {
      throw new Refusal('gone', `this invitation expired on ${row.expiresAt.toISOString().slice(0, 10)}: ask for a new one`);
    }
    return row;
  }
}
