// Starting a practice quest for real: the scenario generated from the team's backlog becomes a quest in that team,
// hosted by the person who asked, exactly as if they had created a quest from the gallery (POST /api/quests).
// The quest service compiles the YAML, refuses it with every problem if it does not compile, and stores it with the
// organisation before the quest exists, so every process can load the quest again after any restart.
import type { PlaceAnswer } from '../http/api-routes.ts';
import type { QuestService } from '../quests/quest-service.ts';
import { LedgerError } from './ledger-error.ts';
import type { PracticeQuest } from './practice-quest.ts';

/** What POST /api/quests answers, so the web client goes to the lobby the same way. */
export interface StartedPracticeQuest {
  questId: string;
  invite: string;
  player: { id: string; token: string; name: string };
}

export interface PracticeQuestHost {
  start(input: { personId: string; teamId: string; hostName: string; quest: PracticeQuest }): Promise<StartedPracticeQuest>;
}

/** Long enough for a full name, short enough for a seat label: the quest service's own limit. */
const HOST_NAME_MAX = 40;

export function practiceQuestHost(
  service: Pick<QuestService, 'createQuest'>,
  /** Where the person may hold a quest in the team (membership, consent, a read-only organisation): quest-people.ts. */
  teamPlace: (personId: string, teamId: string) => Promise<PlaceAnswer>,
): PracticeQuestHost {
  return {
    async start({ personId, teamId, hostName, quest }) {
      const place = await teamPlace(personId, teamId);
      if (!place.ok) throw new LedgerError(place.code, place.message);
      const created = await service.createQuest({
        scenarioId: quest.scenarioId,
        hostName: hostName.trim().slice(0, HOST_NAME_MAX).trim() || 'Host',
        personId,
        place: { orgId: place.orgId, teamId },
        generated: { yaml: quest.yaml },
      });
      if (!created.ok) {
        const { code, message } = created.error;
        throw new LedgerError(code === 'invalid' || code === 'not_found' ? code : 'conflict', message);
      }
      return { questId: created.questId, invite: created.invite, player: created.player };
    },
  };
}
