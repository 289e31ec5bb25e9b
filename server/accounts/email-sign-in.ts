// Signing in with a link sent by email. The link carries 32 random bytes in its #fragment, so it never reaches a
// server log or a Referer header; the web page posts it to /api/auth/email/verify. A link works once, for
// LINK_MINUTES, and redeeming it is one conditional UPDATE, so two tabs racing cannot both sign in with it.
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { Refusal } from '../policy/refusal.ts';
import { hashToken, looksLikeToken, newToken } from '../quests/identity.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import type { Mailer } from './mailer.ts';
import type { People, Person } from './people.ts';
import { emailSignIns } from './schema.ts';

export const LINK_MINUTES = 15;

/** Where to go after signing in: a path on this site only, never another origin. */
export const returnPath = z
  .string({ error: 'returnTo is a path' })
  .max(300, 'returnTo has at most 300 characters')
  .regex(/^\/(?![/\\])[^\s\\]*$/, 'returnTo must be a path on this site, like /orgs')
  .default('/');

export class EmailSignIn {
  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
    private readonly people: People,
    private readonly mailer: Mailer | null,
    private readonly publicUrl: string,
  ) {}

  get available(): boolean {
    return this.mailer !== null;
  }

  get delivery(): 'smtp' | 'log' | null {
    return this.mailer?.delivery ?? null;
  }

  async send(email: string, returnTo: string): Promise<void> {
    if (!this.mailer) throw new Refusal('not_found', 'sign-in by email is not set up on this server (no SMTP_URL)');
    const token = newToken();
    const now = this.clock();
    await this.db.delete(emailSignIns).where(lt(emailSignIns.expiresAt, new Date(now)));
    await this.db.insert(emailSignIns).values({
      tokenHash: hashToken(token),
      email,
      returnTo,
      createdAt: new Date(now),
      expiresAt: new Date(now + LINK_MINUTES * 60_000),
    });
    await this.mailer.send({
      to: email,
      subject: 'Your Polarity sign-in link',
      text:
        `Sign in to Polarity with this link. It works once, for the next ${LINK_MINUTES} minutes:\n\n` +
        `${this.publicUrl}/sign-in/email#token=${token}\n\n` +
        'If you did not ask for it, ignore this email: nobody can sign in without the link.\n',
    });
  }

  async redeem(token: string): Promise<{ person: Person; returnTo: string }> {
    if (!looksLikeToken(token)) throw new Refusal('not_found', 'this sign-in link is not valid: ask for a new one');
    const now = new Date(this.clock());
    const hash = hashToken(token);
    const [used] = await this.db
      .update(emailSignIns)
      .set({ usedAt: now })
      .where(and(eq(emailSignIns.tokenHash, hash), isNull(emailSignIns.usedAt), gt(emailSignIns.expiresAt, now)))
      .returning({ email: emailSignIns.email, returnTo: emailSignIns.returnTo });
    if (!used) {
      const [row] = await this.db.select().from(emailSignIns).where(eq(emailSignIns.tokenHash, hash));
      if (!row) throw new Refusal('not_found', 'this sign-in link is not valid: ask for a new one');
      throw new Refusal(
        'gone',
        row.usedAt ? 'this sign-in link was already used: ask for a new one' : 'this sign-in link has expired: ask for a new one',
      );
    }
    return { person: await this.people.withEmail(used.email), returnTo: used.returnTo };
  }
}
