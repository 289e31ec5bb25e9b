// /api/me: a person's own account, their choice to take part, and their data. Nothing here takes a person id: the
// session says whose data it is, so no request can reach anyone else's.
import type { FastifyInstance } from 'fastify';
import { personOf } from '../policy/enforce-policy.ts';
import { parseInput } from '../policy/refusal.ts';
import type { AccountsServices } from './accounts.ts';
import { publicPerson } from './auth-routes.ts';
import { CONSENT_NOTICE, type ConsentRecord } from './consent.ts';
import { consentBody, deleteAccountBody, emptyQuery, renameMeBody, withdrawBody } from './request-schemas.ts';

function consentView(record: ConsentRecord | null) {
  return {
    status: record?.status ?? 'not_taking_part',
    agreedNoticeVersion: record?.noticeVersion ?? null,
    // Someone who agreed to an older notice is not taking part until they read the new one.
    upToDate: record ? record.noticeVersion === CONSENT_NOTICE.version : null,
    givenAt: record?.givenAt ?? null,
    changedAt: record?.changedAt ?? null,
    notice: CONSENT_NOTICE,
  };
}

export function meRoutes(app: FastifyInstance, s: AccountsServices): void {
  app.get('/api/me', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const me = personOf(request);
    const places = await s.orgs.placesOf(me.id);
    const consent = consentView(await s.consents.of(me.id));
    return {
      person: publicPerson(me),
      consent: { status: consent.status, upToDate: consent.upToDate },
      memberships: await Promise.all(
        places.map(async (p) => ({
          organisation: { id: p.org.id, name: p.org.name, slug: p.org.slug },
          role: p.role,
          teams: p.teams.map((t) => ({ id: t.id, name: t.name, role: t.role })),
          readOnly: await s.billing.readOnlyReason(p.org.id),
        })),
      ),
    };
  });

  app.patch('/api/me', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const { name } = parseInput(renameMeBody, request.body, 'body');
    const me = personOf(request);
    await s.people.rename(me.id, name);
    return { person: publicPerson({ ...me, name }) };
  });

  app.delete('/api/me', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    parseInput(deleteAccountBody, request.body, 'body');
    await s.personalData.deleteAccount(personOf(request).id);
    s.sessions.clearCookie(reply);
    return reply.code(204).send();
  });

  app.get('/api/me/consent', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    return consentView(await s.consents.of(personOf(request).id));
  });

  app.put('/api/me/consent', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    const choice = parseInput(consentBody, request.body, 'body');
    return consentView(await s.consents.set(personOf(request).id, choice));
  });

  app.get('/api/me/export', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    const data = await s.personalData.export(personOf(request).id, request.cookies[s.sessions.cookieName]);
    reply.header('content-disposition', 'attachment; filename="polarity-my-data.json"');
    return data;
  });

  app.post('/api/me/withdraw', async (request) => {
    parseInput(emptyQuery, request.query, 'query');
    parseInput(withdrawBody, request.body, 'body');
    const { erased } = await s.personalData.withdraw(personOf(request).id);
    return { withdrawn: true, erased, consent: consentView(null) };
  });
}
