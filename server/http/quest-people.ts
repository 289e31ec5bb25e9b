// Who plays, on a server with accounts: the person the policy signed in, and where they may hold a quest.
import type { Accounts, QuestPlace } from '../accounts/accounts.ts';
import { accessOf } from '../policy/enforce-policy.ts';
import type { PlaceAnswer, QuestPeople } from './api-routes.ts';

/**
 * Signed-in play: the policy's person, linked to their player only while they take part (quests record people only
 * with consent); a team's quests held only by those questPlace lets in; ad hoc quests in the person's organisation.
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
      return placeAnswer(orgId, await accounts.questPlace(personId, { orgId, teamId }));
    },
    async adHocPlace(personId, wanted) {
      let orgId = wanted;
      if (orgId === undefined) {
        const places = await accounts.services.orgs.placesOf(personId);
        const first = places.sort((a, b) => a.since.getTime() - b.since.getTime())[0];
        if (!first) return null;
        orgId = first.org.id;
      }
      return placeAnswer(orgId, await accounts.questPlace(personId, { orgId, teamId: null }));
    },
  };
}

function placeAnswer(orgId: string, place: QuestPlace): PlaceAnswer {
  if (place.ok) return { ok: true, orgId };
  return { ok: false, code: place.code === 'not_found' ? 'not_found' : 'not_allowed', message: place.message };
}
