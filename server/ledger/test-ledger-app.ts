// The ledger's HTTP API for tests, behind the real policy (server/policy enforcePolicy with LEDGER_ROUTE_POLICY),
// with a directory of people, organisations and teams held in memory and a clock the test moves. A request signs
// in by sending the cookie `person=<id>`.
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { teams } from '../accounts/schema.ts';
import { enforcePolicy } from '../policy/enforce-policy.ts';
import type { OrgRole, PolicyDirectory, SignedInPerson, TeamRole } from '../policy/rules.ts';
import { organisations } from '../store/schema.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import { ledgerPlugin } from './ledger-plugin.ts';
import { LEDGER_ROUTE_POLICY } from './ledger-route-policy.ts';

export interface TestDirectory extends PolicyDirectory {
  person(name: string): SignedInPerson;
  team(orgId: string): string;
  join(personId: string, orgId: string, role: OrgRole): void;
  joinTeam(personId: string, teamId: string, role: TeamRole): void;
  /** Writes the directory's organisations and teams to the database: ledger rows need their team to exist. */
  save(db: LedgerDatabase): Promise<void>;
}

export function testDirectory(): TestDirectory {
  const people = new Map<string, SignedInPerson>();
  const orgRoles = new Map<string, OrgRole>();
  const teamOrgs = new Map<string, string>();
  const teamRoles = new Map<string, TeamRole>();
  return {
    person(name) {
      const p = { id: randomUUID(), name, email: null, demo: false };
      people.set(p.id, p);
      return p;
    },
    team(orgId) {
      const id = randomUUID();
      teamOrgs.set(id, orgId);
      return id;
    },
    join: (personId, orgId, role) => void orgRoles.set(`${personId}/${orgId}`, role),
    joinTeam: (personId, teamId, role) => void teamRoles.set(`${personId}/${teamId}`, role),
    authenticate: async (cookies) => (cookies.person ? (people.get(cookies.person) ?? null) : null),
    orgRole: async (personId, orgId) => orgRoles.get(`${personId}/${orgId}`) ?? null,
    teamOrg: async (teamId) => teamOrgs.get(teamId) ?? null,
    teamRole: async (personId, teamId) => teamRoles.get(`${personId}/${teamId}`) ?? null,
    readOnlyReason: async () => null,
    async save(db) {
      const orgIds = new Set([...teamOrgs.values(), ...[...orgRoles.keys()].map((k) => k.split('/')[1] as string)]);
      for (const id of orgIds) {
        await db
          .insert(organisations)
          .values({ id, slug: `org-${id}`, name: `Organisation ${id.slice(0, 8)}` })
          .onConflictDoNothing();
      }
      for (const [id, orgId] of teamOrgs) {
        await db
          .insert(teams)
          .values({ id, orgId, name: `Team ${id.slice(0, 8)}` })
          .onConflictDoNothing();
      }
    },
  };
}

export interface TestLedgerApp {
  app: FastifyInstance;
  clock: { now: Date };
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    as: SignedInPerson | null,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

export async function testLedgerApp(db: LedgerDatabase, directory: PolicyDirectory, start: Date): Promise<TestLedgerApp> {
  const clock = { now: start };
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  await app.register(cookie);
  await app.register(
    async (api) => {
      enforcePolicy(api, { table: LEDGER_ROUTE_POLICY, directory, csrfProtection: (_request, _reply, done) => done() });
      await api.register(ledgerPlugin, { db, now: () => clock.now });
    },
    { prefix: '/api' },
  );
  await app.ready();
  return {
    app,
    clock,
    call: (method, url, as, body) =>
      app.inject({
        method,
        url,
        ...(as ? { cookies: { person: as.id } } : {}),
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
  };
}
