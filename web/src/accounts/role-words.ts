// Roles in the words people use for them.
import type { OrgRole, TeamRole } from '../api/accounts.ts';

export function roleWords(role: OrgRole): string {
  return role === 'admin' ? 'an organisation admin' : 'a member';
}

export function teamRoleWords(role: TeamRole): string {
  return role === 'lead' ? 'Team lead' : 'Member';
}
