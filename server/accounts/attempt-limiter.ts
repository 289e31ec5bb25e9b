// Budgets for attempts that cost us or could be abused (sign-in links, invitations, token look-ups), counted per key
// (a client address, an email address, an organisation) in fixed windows on the injected clock. The counts live in
// memory: one process is one budget, which is what a single Polarity server needs.
import { Refusal } from '../policy/refusal.ts';
export interface AttemptBudget {
  /** Attempts allowed per window. */
  max: number;
  windowMs: number;
}

export type Attempt = { ok: true } | { ok: false; retryAfterSeconds: number };

export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly budget: AttemptBudget,
    private readonly clock: () => number,
  ) {}

  /** Counts one attempt for key; refused attempts are not counted, so waiting always helps. */
  take(key: string): Attempt {
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.budget.windowMs) {
      if (this.windows.size >= 50_000) this.forgetFinished(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.budget.max) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.budget.windowMs - now) / 1000)) };
    }
    w.count += 1;
    return { ok: true };
  }

  private forgetFinished(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.budget.windowMs) this.windows.delete(key);
  }
}

/** Takes one attempt from the budget, or refuses the request with 429 and how long to wait. */
export function spend(limiter: AttemptLimiter, key: string, what: string): void {
  const r = limiter.take(key);
  if (!r.ok) {
    throw new Refusal('rate_limited', `too many ${what}; try again in ${r.retryAfterSeconds} seconds`, {
      retryAfterSeconds: r.retryAfterSeconds,
    });
  }
}

export interface AccountsLimits {
  /** Sign-in attempts (email links requested or redeemed, demo and Slack sign-ins) per client address. */
  signInPerClient: AttemptBudget;
  /** Email sign-in links sent to one address. */
  signInLinksPerAddress: AttemptBudget;
  /** Invitations created per organisation. */
  invitationsPerOrg: AttemptBudget;
  /** Invitations created by one person. */
  invitationsPerPerson: AttemptBudget;
  /** Invitation look-ups and acceptances per client address: tokens cannot be guessed, and this keeps it so. */
  invitationLookupsPerClient: AttemptBudget;
  /** Organisations created by one person. */
  orgsPerPerson: AttemptBudget;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_ACCOUNTS_LIMITS: AccountsLimits = {
  signInPerClient: { max: 30, windowMs: 10 * MINUTE },
  signInLinksPerAddress: { max: 5, windowMs: HOUR },
  invitationsPerOrg: { max: 200, windowMs: 24 * HOUR },
  invitationsPerPerson: { max: 50, windowMs: HOUR },
  invitationLookupsPerClient: { max: 60, windowMs: 10 * MINUTE },
  orgsPerPerson: { max: 10, windowMs: 24 * HOUR },
};
