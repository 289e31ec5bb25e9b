// Who may be counted in a quest's insights: the people seated in it who take part (consent under the current
// notice), by role, and the team the quest was held for. Everyone else, bots and covered seats included, is left out
// of every metric, every count and every per-person row.
import type { ChallengeFacts } from './metrics/quest-log.ts';

export interface QuestParticipants {
  /** The team the quest was held for, or null for a quest held in the organisation outside any team. */
  teamId: string | null;
  /** Seated people who take part; a role missing here is left out. */
  people: readonly { role: string; personId: string }[];
}

export interface ParticipantSource {
  participantsOf(questId: string): Promise<QuestParticipants | null>;
}

/** What the updater needs from a scenario: its hidden challenges (for information pooling). */
export type ScenarioFacts = (
  scenarioId: string,
  /** The quest's scenario hash: a generated scenario (a ledger practice quest) is found by id and hash. */
  scenarioHash: string,
) => readonly ChallengeFacts[] | null | Promise<readonly ChallengeFacts[] | null>;

export interface SeatedPerson {
  role: string;
  personId: string;
}

/**
 * A participant source over whatever links quest seats to people: it keeps only people who take part right now, so a
 * person who paused or withdrew is left out of any quest folded from then on.
 */
export function consentingParticipants(deps: {
  questPlace(questId: string): Promise<{ teamId: string | null } | null>;
  seatedPeople(questId: string): Promise<readonly SeatedPerson[]>;
  isTakingPart(personId: string): Promise<boolean>;
}): ParticipantSource {
  return {
    async participantsOf(questId) {
      const place = await deps.questPlace(questId);
      if (!place) return null;
      const seated = await deps.seatedPeople(questId);
      const people: SeatedPerson[] = [];
      const seen = new Set<string>();
      for (const s of seated) {
        // One person, one role: a person seated twice would be counted as two people.
        if (seen.has(s.personId) || people.some((p) => p.role === s.role)) continue;
        if (await deps.isTakingPart(s.personId)) {
          seen.add(s.personId);
          people.push(s);
        }
      }
      return { teamId: place.teamId, people };
    },
  };
}
