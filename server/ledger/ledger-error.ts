// How the ledger says no: a code from the API's list (docs/API.md), a status, and a message that says what to do.
// Rules throw it; the HTTP plugin answers it as `{ error: { code, message, issues? } }`.

export type LedgerErrorCode = 'invalid' | 'unauthorized' | 'not_allowed' | 'not_found' | 'conflict' | 'too_large';

const STATUS: Record<LedgerErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  not_allowed: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
};

export interface LedgerIssue {
  path: string;
  message: string;
}

export class LedgerError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly issues?: LedgerIssue[],
  ) {
    super(message);
    this.name = 'LedgerError';
    this.statusCode = STATUS[code];
  }
}
