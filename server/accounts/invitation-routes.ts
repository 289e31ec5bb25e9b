// Invitations: admins invite into the organisation (optionally a team, as member or admin), leads into their
// team as members. A link invitation hands back its link once; an email invitation sends it and hands back nothing.
// Anyone holding a link may look at where it leads; accepting needs a signed-in person.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accessOf, personOf } from '../policy/enforce-policy.ts';
import { parseInput, Refusal } from '../policy/refusal.ts';
import type { OrgRole } from '../policy/rules.ts';
import type { AccountsServices } from './accounts.ts';
import { spend } from './attempt-limiter.ts';
import { INVITATION_DAYS, type InvitationView } from './invitations.ts';
import {
  emptyBody,
  emptyQuery,
  orgInvitationBody,
  orgInvitationParams,
  orgParams,
  teamInvitationBody,
  teamParams,
  tokenParams,
} from './request-schemas.ts';

export async function issueInvitation(
  s: AccountsServices,
  request: FastifyRequest,
  n: { orgId: string; teamId: string | null; role: OrgRole; kind: 'link' | 'email'; email: string | null },
): Promise<{ invitation: InvitationView; link?: string; sent?: true; delivery?: 'smtp' | 'log' }> {
  const me = personOf(request);
  if (n.kind === 'email' && !s.mailer) {
    throw new Refusal('not_found', 'email is not set up on this server: invite with a link instead');
  }
  spend(s.limits.invitationsPerOrg, n.orgId, 'invitations for this organisation today');
  spend(s.limits.invitationsPerPerson, me.id, 'invitations from you in the last hour');
  const { invitation, token } = await s.invitations.create({ ...n, invitedBy: me.id });
  const link = `${s.config.publicUrl}/invitation#token=${token}`;
  if (n.kind === 'link' || !s.mailer || !n.email) return { invitation, link };
  const org = await s.orgs.get(n.orgId);
  const where = invitation.team ? `the ${invitation.team.name} team of ${org?.name}` : org?.name;
  try {
    await s.mailer.send({
      to: n.email,
      subject: `${me.name} invites you to ${org?.name} on Polarity`,
      text:
        `${me.name} invites you to join ${where} on Polarity, where teams practise the trade-off between shipping ` +
        `fast and building well.\n\nAccept within ${INVITATION_DAYS} days with this link (it works once):\n\n${link}\n\n` +
        'Taking part in quests is your own choice: you decide after you join, and can change your mind at any time.\n',
    });
  } catch (e) {
    // An invitation nobody received must not stay usable.
    await s.invitations.revoke(n.orgId, invitation.id);
    throw e;
  }
  return { invitation, sent: true, delivery: s.mailer.delivery };
}

export function invitationRoutes(app: FastifyInstance, s: AccountsServices): void {
  app.post('/api/orgs/:orgId/invitations', async (request, reply) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const body = parseInput(orgInvitationBody, request.body, 'body');
    const issued = await issueInvitation(s, request, {
      orgId,
      teamId: body.teamId ?? null,
      role: body.role,
      kind: body.kind,
      email: body.kind === 'email' ? body.email : null,
    });
    return reply.code(201).send(issued);
  });

  app.post('/api/teams/:teamId/invitations', async (request, reply) => {
    const { teamId } = parseInput(teamParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const body = parseInput(teamInvitationBody, request.body, 'body');
    const issued = await issueInvitation(s, request, {
      orgId: accessOf(request).orgId as string,
      teamId,
      // A lead brings people into the team; making admins is for admins, through the organisation's invitations.
      role: 'member',
      kind: body.kind,
      email: body.kind === 'email' ? body.email : null,
    });
    return reply.code(201).send(issued);
  });

  app.get('/api/orgs/:orgId/invitations', async (request) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    return { invitations: await s.invitations.list(orgId) };
  });

  app.delete('/api/orgs/:orgId/invitations/:invitationId', async (request) => {
    const { orgId, invitationId } = parseInput(orgInvitationParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    return { invitation: await s.invitations.revoke(orgId, invitationId) };
  });

  // The token is in the path: these two stay out of the request log.
  app.get('/api/invitations/:token', { logLevel: 'warn' }, async (request) => {
    const { token } = parseInput(tokenParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    spend(s.limits.invitationLookupsPerClient, request.ip, 'invitation look-ups from this address');
    return { invitation: await s.invitations.preview(token) };
  });

  app.post('/api/invitations/:token/accept', { logLevel: 'warn' }, async (request) => {
    const { token } = parseInput(tokenParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    spend(s.limits.invitationLookupsPerClient, request.ip, 'invitation look-ups from this address');
    return s.invitations.accept(token, personOf(request).id, (orgId) => s.billing.readOnlyReason(orgId));
  });
}
