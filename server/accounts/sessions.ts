// Browser sessions: an opaque random id in an httpOnly, SameSite=Lax cookie (Secure and __Host- prefixed in
// production); the database keeps only its SHA-256. Signing in always issues a new id and ends the one the browser
// had, so an id planted before sign-in is worth nothing after it.
import type {} from '@fastify/cookie';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { SignedInPerson } from '../policy/rules.ts';
import { hashToken, looksLikeToken, newToken } from '../quests/identity.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import { people, sessions } from './schema.ts';

const DAY = 86_400_000;

export class Sessions {
  readonly cookieName: string;

  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
    private readonly opts: { days: number; secure: boolean },
  ) {
    this.cookieName = opts.secure ? '__Host-polarity_session' : 'polarity_session';
  }

  /** A new session for the person; the browser's previous session, if it sent one, ends here. */
  async start(personId: string, previousToken: string | undefined): Promise<{ token: string; expiresAt: Date }> {
    if (previousToken) await this.end(previousToken);
    const token = newToken();
    const now = this.clock();
    const expiresAt = new Date(now + this.opts.days * DAY);
    await this.db.insert(sessions).values({ tokenHash: hashToken(token), personId, createdAt: new Date(now), expiresAt });
    // Expired sessions are swept here rather than by a timer: sign-ins are frequent enough and cheap to piggyback.
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date(now)));
    return { token, expiresAt };
  }

  async personFor(token: string | undefined): Promise<SignedInPerson | null> {
    if (!looksLikeToken(token)) return null;
    const [row] = await this.db
      .select({ id: people.id, name: people.name, email: people.email, demo: people.demo })
      .from(sessions)
      .innerJoin(people, eq(people.id, sessions.personId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date(this.clock()))));
    return row ?? null;
  }

  async end(token: string | undefined): Promise<void> {
    if (!looksLikeToken(token)) return;
    await this.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  }

  /** The person's sessions for their data export: when each began and ends, never the id. */
  async of(
    personId: string,
    currentToken: string | undefined,
  ): Promise<{ createdAt: Date; expiresAt: Date; current: boolean }[]> {
    const current = looksLikeToken(currentToken) ? hashToken(currentToken) : null;
    const rows = await this.db.select().from(sessions).where(eq(sessions.personId, personId));
    return rows.map((r) => ({ createdAt: r.createdAt, expiresAt: r.expiresAt, current: r.tokenHash === current }));
  }

  setCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
    reply.setCookie(this.cookieName, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.opts.secure,
      expires: expiresAt,
    });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(this.cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.opts.secure });
  }
}

/** The cookie holding the CSRF secret (@fastify/csrf-protection signs it); tokens derived from it go in X-CSRF-Token. */
export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-polarity_csrf' : 'polarity_csrf';
}
