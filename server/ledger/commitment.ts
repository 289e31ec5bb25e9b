// A commitment is a promise one side made the other ("one sprint for billing cleanup this quarter"): someone owns
// it, it has a date, and it may come from a trade-off record. Changing its date is fine when it is renegotiated in the
// open; the ledger keeps every renegotiation so that a quiet change is visible as one.

export type CommitmentStatus = 'open' | 'honoured' | 'dropped';

export interface Renegotiation {
  at: Date;
  previousDueOn: string;
  newDueOn: string;
  reason: string;
  /** Who agreed to the new date, by name. */
  agreedBy: string[];
}

export interface Commitment {
  id: string;
  teamId: string;
  title: string;
  ownerPersonId: string | null;
  ownerName: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  tradeOffId: string | null;
  /** The ledger item whose planning honours it (the billing cleanup), if any. */
  itemId: string | null;
  status: CommitmentStatus;
  createdAt: Date;
  closedAt: Date | null;
  closeNote: string | null;
  renegotiations: Renegotiation[];
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}
