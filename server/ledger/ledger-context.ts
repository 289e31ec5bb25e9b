// What every ledger route needs: the database, the clock, who is asking, and how to read a request part or refuse
// it. Routes check the shape of what they get here and leave every rule to the pure modules and the stores.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { issuesOf } from '../http/errors.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import { LedgerError, type LedgerIssue } from './ledger-error.ts';
import type { PracticeQuestHost } from './practice-quest-host.ts';

/** The person making a request and where they stand in the team whose ledger it is. */
export interface LedgerActor {
  personId: string;
  name: string;
  teamRole: 'member' | 'lead' | null;
  orgRole: 'member' | 'admin' | null;
}

export interface LedgerContext {
  db: LedgerDatabase;
  now: () => Date;
  /** The acting person, once they are known to belong to the team (or to administer its organisation). */
  member(request: FastifyRequest): Promise<LedgerActor>;
  /** The acting person, once they are known to lead the team (or to administer its organisation). */
  lead(request: FastifyRequest): Promise<LedgerActor>;
  /** Starts a generated practice quest in the team; null where the ledger is served without quest play. */
  practiceQuests: PracticeQuestHost | null;
}

/** Parses one part of a request, or refuses with a 400 that names every problem in it. */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'path'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = issuesOf(r.error);
  const first = issues[0] as LedgerIssue;
  const where = first.path === '(root)' ? `the request ${part}` : `${part} field '${first.path}'`;
  throw new LedgerError('invalid', `${where}: ${first.message}`, issues);
}
