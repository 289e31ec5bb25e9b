// Who plays, on a server with accounts: the person the policy signed in, and where they may hold a quest.
import type { Accounts } from '../accounts/accounts.ts';
import { accessOf } from '../policy/enforce-policy.ts';
import type { QuestPeople } from './api-routes.ts';

/**
 * Signed-in play: the policy's person, linked to their player only while they take part (quests record people only
 * with consent), and a team's quests held only by those questPlace lets in.
 */
export function questPeople(accounts: Accounts): QuestPeople {
  return {
    async personOf(request) {
      const person = accessOf(request).person;
      return person && (await accounts.isTakingPart(person.id)) ? { id: person.id } : null;
    },
    async teamPlace(personId, teamId) {
      const orgId = await accounts.services.orgs.teamOrg(teamId);
      if (!orgId) return { ok: false, code: 'not_found', message: 'there is no such team among yours' };
      const place = await accounts.questPlace(personId, { orgId, teamId });
      if (place.ok) return { ok: true, orgId };
      return { ok: false, code: place.code === 'not_found' ? 'not_found' : 'not_allowed', message: place.message };
    },
  };
}
