// A trade-off record is written BEFORE the decision (step 1 of the framework: name it; step 2: price it; step 3: the
// people who bear the consequences make the call). Its life: draft -> proposed -> accepted -> superseded. Every
// bearer signs the exact revision that gets accepted; an accepted record never changes again, a new record
// supersedes it. A record written after the decision was already taken is refused: that is a minute, not a trade-off.
import { LedgerError } from './ledger-error.ts';
import type { PricedRisk } from './ledger-item.ts';

export const TRADE_OFF_STATUSES = ['draft', 'proposed', 'accepted', 'superseded'] as const;
export type TradeOffStatus = (typeof TRADE_OFF_STATUSES)[number];

export const BEARER_ROLES = ['pm', 'engineering_lead', 'other'] as const;
export type BearerRole = (typeof BEARER_ROLES)[number];

/** Someone who bears the consequences: they sign off, and they are MADR's decision-makers. */
export interface Bearer {
  personId: string;
  name: string;
  role: BearerRole;
  /** What they bear, in a few words: "the cleanup sprint", "the customer promise". */
  bears: string;
}

export interface ConsideredOption {
  id: string;
  title: string;
  description: string;
  pros: string[];
  cons: string[];
}

/** The cleanup debt the decision creates, and when it comes due. */
export interface CleanupDebt {
  description: string;
  hours: number;
  dueOn: string;
}

export interface TradeOffContent {
  title: string;
  context: string;
  drivers: string[];
  options: ConsideredOption[];
  chosenOption: string | null;
  because: string;
  consequences: { good: string[]; bad: string[] };
  /** How the team will know the decision was carried out (MADR's confirmation). */
  confirmation: string;
  risks: PricedRisk[];
  cleanup: CleanupDebt | null;
  bearers: Bearer[];
  consulted: string[];
  informed: string[];
}

export interface SignOff {
  personId: string;
  revision: number;
  signedAt: Date;
}

export interface TradeOffRecord {
  id: string;
  teamId: string;
  /** Per team, from 1: the ADR number in exports. */
  number: number;
  status: TradeOffStatus;
  /** Goes up with every edit; a sign-off counts only for the revision it was given to. */
  revision: number;
  content: TradeOffContent;
  writtenAt: Date;
  decidedAt: Date | null;
  acceptedAt: Date | null;
  supersedes: string | null;
  supersededBy: string | null;
  createdBy: string;
  updatedAt: Date;
  signOffs: SignOff[];
}

/** Clocks drift; a decision time this far ahead of the server's is still "now". */
const CLOCK_SKEW_MS = 5 * 60_000;

export function assertEditable(record: TradeOffRecord): void {
  if (record.status === 'accepted' || record.status === 'superseded') {
    throw new LedgerError(
      'conflict',
      `trade-off #${record.number} is ${record.status} and cannot change; write a new record that supersedes it`,
    );
  }
}

/** What stops a draft from going to its bearers; empty when it is ready. */
export function problemsBeforeProposing(content: TradeOffContent): string[] {
  const problems: string[] = [];
  if (content.context.trim() === '') problems.push('describe the context and the problem');
  if (content.options.length < 2) problems.push('name at least two considered options (doing nothing counts as one)');
  if (content.chosenOption === null) problems.push('say which option is proposed (chosenOption)');
  else if (!content.options.some((o) => o.id === content.chosenOption)) {
    problems.push(`chosenOption '${content.chosenOption}' is not one of the considered options`);
  }
  if (content.because.trim() === '') problems.push('say why this option (because)');
  if (content.risks.length === 0) problems.push('name at least one specific risk with its probability and cost');
  const roles = new Set(content.bearers.map((b) => b.role));
  if (!roles.has('pm')) problems.push('the PM is among the people who bear the consequences: add them as a bearer');
  if (!roles.has('engineering_lead')) {
    problems.push('the engineering lead is among the people who bear the consequences: add them as a bearer');
  }
  return problems;
}

export function assertProposable(record: TradeOffRecord): void {
  if (record.status !== 'draft')
    throw new LedgerError('conflict', `trade-off #${record.number} is ${record.status}, not a draft`);
  const problems = problemsBeforeProposing(record.content);
  if (problems.length > 0) {
    throw new LedgerError(
      'invalid',
      `trade-off #${record.number} is not ready to propose: ${problems.join('; ')}`,
      problems.map((message) => ({ path: 'content', message })),
    );
  }
}

export function bearerFor(record: TradeOffRecord, personId: string): Bearer {
  const bearer = record.content.bearers.find((b) => b.personId === personId);
  if (!bearer) {
    throw new LedgerError('not_allowed', `only the people who bear the consequences of trade-off #${record.number} sign it off`);
  }
  return bearer;
}

export function assertSignable(record: TradeOffRecord, personId: string): Bearer {
  if (record.status !== 'proposed') {
    throw new LedgerError('conflict', `trade-off #${record.number} is ${record.status}; bearers sign a proposed record`);
  }
  return bearerFor(record, personId);
}

/** Bearers who have not signed the current revision. */
export function unsignedBearers(record: TradeOffRecord): Bearer[] {
  const signed = new Set(record.signOffs.filter((s) => s.revision === record.revision).map((s) => s.personId));
  return record.content.bearers.filter((b) => !signed.has(b.personId));
}

export function assertAcceptable(record: TradeOffRecord, decidedAt: Date, now: Date): void {
  if (record.status !== 'proposed') {
    throw new LedgerError('conflict', `trade-off #${record.number} is ${record.status}; only a proposed record can be accepted`);
  }
  const missing = unsignedBearers(record);
  if (missing.length > 0) {
    throw new LedgerError(
      'conflict',
      `trade-off #${record.number} still needs the sign-off of ${missing.map((b) => b.name).join(', ')} (revision ${record.revision})`,
    );
  }
  if (decidedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new LedgerError('invalid', 'decidedAt is in the future; accept the record when the decision is taken');
  }
  if (decidedAt.getTime() < record.writtenAt.getTime()) {
    throw new LedgerError(
      'conflict',
      `the decision was taken at ${decidedAt.toISOString()}, before trade-off #${record.number} was written ` +
        `(${record.writtenAt.toISOString()}); a trade-off record is written before the decision, so it cannot be accepted`,
    );
  }
}

export function assertSupersedable(record: TradeOffRecord): void {
  if (record.status !== 'accepted') {
    throw new LedgerError(
      'conflict',
      record.status === 'superseded'
        ? `trade-off #${record.number} is already superseded`
        : `trade-off #${record.number} is ${record.status}; edit it instead, only accepted records are superseded`,
    );
  }
}
