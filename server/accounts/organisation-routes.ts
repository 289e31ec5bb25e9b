// /api/orgs and /api/teams: creating organisations, their people and roles, teams and who leads them, and the
// participation counts leads and admins may see. The policy has already decided who may call each route; the
// handlers check the shapes and the rules of the data (the last admin stays, leads change only through admins).
import type { FastifyInstance } from 'fastify';
import { accessOf, personOf } from '../policy/enforce-policy.ts';
import { parseInput, Refusal } from '../policy/refusal.ts';
import type { AccountsServices } from './accounts.ts';
import { spend } from './attempt-limiter.ts';
import {
  emptyBody,
  emptyQuery,
  orgBody,
  orgChangeBody,
  orgMemberParams,
  orgParams,
  roleBody,
  teamBody,
  teamMemberParams,
  teamParams,
} from './request-schemas.ts';

export function organisationRoutes(app: FastifyInstance, s: AccountsServices): void {
  app.post('/api/orgs', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    const { name } = parseInput(orgBody, request.body, 'body');
    const me = personOf(request);
    spend(s.limits.orgsPerPerson, me.id, 'organisations created by you today');
    const organisation = await s.orgs.create(name, me.id);
    return reply.code(201).send({ organisation, role: 'admin', standing: await s.billing.standing(organisation.id) });
  });

  app.get('/api/orgs/:orgId', async (request) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const access = accessOf(request);
    const organisation = await s.orgs.get(orgId);
    if (!organisation) throw new Refusal('not_found', 'there is no such organisation among yours');
    const mine = (await s.orgs.placesOf(personOf(request).id)).find((p) => p.org.id === orgId);
    return {
      organisation,
      you: { role: access.orgRole, teams: mine?.teams.map((t) => ({ id: t.id, name: t.name, role: t.role })) ?? [] },
      teams: await s.orgs.teams(orgId),
      readOnly: await s.billing.readOnlyReason(orgId),
    };
  });

  app.patch('/api/orgs/:orgId', async (request) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const change = parseInput(orgChangeBody, request.body, 'body');
    await s.orgs.change(orgId, change);
    return { organisation: await s.orgs.get(orgId) };
  });

  app.get('/api/orgs/:orgId/members', async (request) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    // Members see who else belongs and where; addresses are for admins, who invite and manage people.
    return { members: await s.orgs.members(orgId, { withEmail: accessOf(request).orgRole === 'admin' }) };
  });

  app.patch('/api/orgs/:orgId/members/:personId', async (request) => {
    const { orgId, personId } = parseInput(orgMemberParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const { role } = parseInput(roleBody, request.body, 'body');
    await s.orgs.setRole(orgId, personId, role);
    return { member: { personId, role } };
  });

  app.delete('/api/orgs/:orgId/members/:personId', async (request, reply) => {
    const { orgId, personId } = parseInput(orgMemberParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    await s.orgs.remove(orgId, personId);
    return reply.code(204).send();
  });

  app.delete('/api/orgs/:orgId/membership', async (request, reply) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    await s.orgs.remove(orgId, personOf(request).id);
    return reply.code(204).send();
  });

  app.get('/api/orgs/:orgId/participation', async (request) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    return { participation: await s.participation.org(orgId) };
  });

  app.post('/api/orgs/:orgId/teams', async (request, reply) => {
    const { orgId } = parseInput(orgParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const { name } = parseInput(teamBody, request.body, 'body');
    return reply.code(201).send({ team: await s.orgs.createTeam(orgId, name) });
  });

  app.get('/api/teams/:teamId', async (request) => {
    const { teamId } = parseInput(teamParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    return { team: await teamOrRefuse(s, teamId) };
  });

  app.patch('/api/teams/:teamId', async (request) => {
    const { teamId } = parseInput(teamParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const { name } = parseInput(teamBody, request.body, 'body');
    await s.orgs.renameTeam(teamId, name);
    return { team: await teamOrRefuse(s, teamId) };
  });

  app.delete('/api/teams/:teamId', async (request, reply) => {
    const { teamId } = parseInput(teamParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    await s.orgs.deleteTeam(teamId);
    return reply.code(204).send();
  });

  app.put('/api/teams/:teamId/members/:personId', async (request) => {
    const { teamId, personId } = parseInput(teamMemberParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    await s.orgs.addToTeam(teamId, accessOf(request).orgId as string, personId);
    return { team: await teamOrRefuse(s, teamId) };
  });

  app.delete('/api/teams/:teamId/members/:personId', async (request, reply) => {
    const { teamId, personId } = parseInput(teamMemberParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    await s.orgs.removeFromTeam(teamId, personId);
    return reply.code(204).send();
  });

  app.put('/api/teams/:teamId/leads/:personId', async (request) => {
    const { teamId, personId } = parseInput(teamMemberParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    await s.orgs.setTeamRole(teamId, accessOf(request).orgId as string, personId, 'lead');
    return { team: await teamOrRefuse(s, teamId) };
  });

  app.delete('/api/teams/:teamId/leads/:personId', async (request) => {
    const { teamId, personId } = parseInput(teamMemberParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    if ((await s.orgs.teamRole(personId, teamId)) !== 'lead')
      throw new Refusal('not_found', 'this person does not lead this team');
    await s.orgs.setTeamRole(teamId, accessOf(request).orgId as string, personId, 'member');
    return { team: await teamOrRefuse(s, teamId) };
  });

  app.get('/api/teams/:teamId/participation', async (request) => {
    const { teamId } = parseInput(teamParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const team = await teamOrRefuse(s, teamId);
    return { team: { id: team.id, name: team.name }, participation: await s.participation.team(teamId) };
  });
}

async function teamOrRefuse(s: AccountsServices, teamId: string) {
  const team = await s.orgs.team(teamId);
  if (!team) throw new Refusal('not_found', 'there is no such team in your organisations');
  return team;
}
