// A person's data belongs to that person: they can read all of it as JSON, withdraw (everything recorded about
// their taking part is deleted) or delete their account. Quests, the coach and the ledger keep their own records,
// so each registers a PersonalDataSource here; what they hold is exported and erased with the rest.
import { eq, or } from 'drizzle-orm';
import type { Billing } from '../billing/billing-service.ts';
import { Refusal } from '../policy/refusal.ts';
import { organisations } from '../store/schema.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import type { Consents } from './consent.ts';
import type { Organisations } from './organisations.ts';
import type { People } from './people.ts';
import { emailSignIns, invitations, people, signInIdentities } from './schema.ts';
import type { Sessions } from './sessions.ts';

export interface PersonalDataSource {
  /** The export's section for this source: 'quests', 'coaching', 'ledger'. */
  name: string;
  /** Everything this source holds about the person, as plain JSON. */
  export(personId: string): Promise<unknown>;
  /** Deletes everything this source holds about the person. Must be safe to run twice: a withdrawal can be retried. */
  erase(personId: string): Promise<void>;
  /**
   * Optional, for team records that outlive a withdrawal (the ledger's signed trade-offs): runs only when the account
   * is deleted, after erase and before the person is removed. Must be safe to run twice.
   */
  forgetAccount?(personId: string): Promise<void>;
}

export interface PersonalDataDeps {
  people: People;
  orgs: Organisations;
  consents: Consents;
  sessions: Sessions;
  billing: Billing;
}

const OWN_SECTIONS = new Set(['exportedAt', 'person', 'signIn', 'memberships', 'consent', 'invitations', 'activity']);

export class PersonalData {
  private readonly sources = new Map<string, PersonalDataSource>();

  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
    private readonly deps: PersonalDataDeps,
  ) {}

  register(source: PersonalDataSource): void {
    if (OWN_SECTIONS.has(source.name) || this.sources.has(source.name)) {
      throw new Error(`a personal data source called '${source.name}' already exists`);
    }
    this.sources.set(source.name, source);
  }

  async export(personId: string, currentSession: string | undefined): Promise<Record<string, unknown>> {
    const person = await this.deps.people.byId(personId);
    if (!person) throw new Refusal('not_found', 'your account no longer exists');
    const identities = await this.db
      .select({ provider: signInIdentities.provider, subject: signInIdentities.subject, createdAt: signInIdentities.createdAt })
      .from(signInIdentities)
      .where(eq(signInIdentities.personId, personId));
    const places = await this.deps.orgs.placesOf(personId);
    const invited = await this.db
      .select({ i: invitations, orgName: organisations.name })
      .from(invitations)
      .innerJoin(organisations, eq(organisations.id, invitations.orgId))
      .where(or(eq(invitations.invitedBy, personId), eq(invitations.acceptedBy, personId)));
    const own: Record<string, unknown> = {
      exportedAt: new Date(this.clock()),
      person,
      signIn: { identities, sessions: await this.deps.sessions.of(personId, currentSession) },
      memberships: places.map((p) => ({
        organisation: { id: p.org.id, name: p.org.name },
        role: p.role,
        since: p.since,
        teams: p.teams,
      })),
      consent: await this.deps.consents.of(personId),
      // Invitations this person sent or accepted; the address of someone else's invitation is theirs, not this person's.
      invitations: invited.map(({ i, orgName }) => ({
        organisation: { id: i.orgId, name: orgName },
        sentByYou: i.invitedBy === personId,
        acceptedByYou: i.acceptedBy === personId,
        kind: i.kind,
        role: i.role,
        createdAt: i.createdAt,
        acceptedAt: i.acceptedAt,
      })),
      activity: await this.deps.billing.activityOf(personId),
    };
    for (const [name, source] of this.sources) own[name] = await source.export(personId);
    return own;
  }

  /**
   * Stops the person taking part and deletes what was recorded about it. Their account, memberships and sign-in
   * stay, so they can still sign in, lead or administer; counts already computed stay, with nothing pointing here.
   */
  async withdraw(personId: string): Promise<{ erased: string[] }> {
    const erased: string[] = [];
    for (const [name, source] of this.sources) {
      await source.erase(personId);
      erased.push(name);
    }
    await this.db.transaction(async (tx) => {
      await this.deps.consents.forget(personId, tx);
      await this.deps.billing.anonymise(personId, tx);
    });
    return { erased: [...erased, 'consent', 'activity'] };
  }

  /** Withdraws, then deletes the account itself: sessions, sign-in identities, memberships, name and address. */
  async deleteAccount(personId: string): Promise<void> {
    const refuseIfStuck = (stuck: { name: string }[]) => {
      if (stuck.length === 0) return;
      throw new Refusal(
        'conflict',
        `you are the only admin of ${stuck.map((o) => o.name).join(', ')}: ` +
          'make someone else an admin first, so the others are not locked out',
      );
    };
    // Checked first so nothing is erased for a request that will be refused, then again under lock.
    refuseIfStuck(await this.deps.orgs.soleAdminOf(personId));
    const person = await this.deps.people.byId(personId);
    await this.withdraw(personId);
    for (const source of this.sources.values()) await source.forgetAccount?.(personId);
    await this.db.transaction(async (tx) => {
      refuseIfStuck(await this.deps.orgs.soleAdminOf(personId, tx, { lock: true }));
      if (person?.email) await tx.delete(emailSignIns).where(eq(emailSignIns.email, person.email));
      await tx.delete(people).where(eq(people.id, personId));
    });
  }
}
