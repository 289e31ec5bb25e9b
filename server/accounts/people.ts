// People and the ways they prove who they are. A person is found by a verified email address or by an external
// identity (Slack); the first sign-in creates them. Demo people have no address and exist only in demo modes.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { SignedInPerson } from '../policy/rules.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import { people, signInIdentities } from './schema.ts';

export type Person = SignedInPerson & { createdAt: Date };

export const personName = z
  .string({ error: 'a name is text' })
  .trim()
  .min(1, 'a name must not be empty')
  .max(60, 'a name has at most 60 characters')
  .refine((s) => !/\p{Cc}/u.test(s), 'a name must not contain control characters');

export const emailAddress = z
  .string({ error: 'an email address is text' })
  .trim()
  .max(254, 'an email address has at most 254 characters')
  .pipe(z.email({ error: 'not an email address' }))
  .transform((s) => s.toLowerCase());

/** The part before the @, tidied, as a first name until the person picks one. */
function nameFromEmail(email: string): string {
  const local = (email.split('@')[0] ?? '').replace(/[._+-]+/g, ' ').trim();
  return (local || email).slice(0, 60);
}

export interface ExternalIdentity {
  provider: 'slack';
  subject: string;
  name: string | null;
  email: string | null;
  emailVerified: boolean;
}

export class People {
  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
  ) {}

  async byId(id: string): Promise<Person | null> {
    const [p] = await this.db.select().from(people).where(eq(people.id, id));
    return p ?? null;
  }

  async byEmail(email: string): Promise<Person | null> {
    const [p] = await this.db.select().from(people).where(eq(people.email, email));
    return p ?? null;
  }

  /** The person with this (already verified) address, created on first sign-in. */
  async withEmail(email: string): Promise<Person> {
    await this.db
      .insert(people)
      .values({ id: randomUUID(), name: nameFromEmail(email), email, createdAt: new Date(this.clock()) })
      .onConflictDoNothing({ target: people.email });
    const p = await this.byEmail(email);
    if (!p) throw new Error(`the person with ${email} vanished while signing in`);
    return p;
  }

  /**
   * The person behind an external identity. A new identity joins the person with the same verified address, so
   * signing in by Slack and by email reaches one account; otherwise it creates a person.
   */
  async withIdentity(identity: ExternalIdentity): Promise<Person> {
    const known = await this.identityOwner(identity);
    if (known) return known;
    const verified = identity.emailVerified && identity.email ? identity.email.toLowerCase() : null;
    const sameAddress = verified ? await this.byEmail(verified) : null;
    const owner =
      sameAddress ?? (await this.create(identity.name ?? (verified ? nameFromEmail(verified) : 'Slack user'), verified));
    await this.db
      .insert(signInIdentities)
      .values({ provider: identity.provider, subject: identity.subject, personId: owner.id, createdAt: new Date(this.clock()) })
      .onConflictDoNothing();
    // A second sign-in racing this one may have linked the identity first: its owner wins.
    const linked = await this.identityOwner(identity);
    if (!linked) throw new Error('the identity vanished while signing in');
    return linked;
  }

  async createDemo(name: string): Promise<Person> {
    const id = randomUUID();
    await this.db.insert(people).values({ id, name, email: null, demo: true, createdAt: new Date(this.clock()) });
    return (await this.byId(id)) as Person;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.db.update(people).set({ name }).where(eq(people.id, id));
  }

  /** A new person; an address taken meanwhile (a sign-in racing this one) means that person is the one. */
  private async create(name: string, email: string | null): Promise<Person> {
    const id = randomUUID();
    const inserted = await this.db
      .insert(people)
      .values({ id, name: name.slice(0, 60) || 'Someone', email, createdAt: new Date(this.clock()) })
      .onConflictDoNothing()
      .returning({ id: people.id });
    const p = inserted.length > 0 ? await this.byId(id) : email ? await this.byEmail(email) : null;
    if (!p) throw new Error('a new person vanished while signing in');
    return p;
  }

  private async identityOwner(identity: ExternalIdentity): Promise<Person | null> {
    const [row] = await this.db
      .select({ person: people })
      .from(signInIdentities)
      .innerJoin(people, eq(people.id, signInIdentities.personId))
      .where(and(eq(signInIdentities.provider, identity.provider), eq(signInIdentities.subject, identity.subject)));
    return row?.person ?? null;
  }
}
