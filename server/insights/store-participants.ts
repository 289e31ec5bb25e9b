// The participant source the server uses: the quest's team from quests.team_id, the seated people from
// players.person_id, and consent from accounts, through consentingParticipants. Only roles the engine seated as
// human count: a role the host filled with a bot has no person behind it even if a player row names one.
import { and, eq, isNotNull } from 'drizzle-orm';
import { players, quests } from '../store/schema.ts';
import type { InsightsDatabase } from './insights-database.ts';
import { consentingParticipants, type ParticipantSource, type SeatedPerson } from './quest-participants.ts';

export function storeParticipants(db: InsightsDatabase, isTakingPart: (personId: string) => Promise<boolean>): ParticipantSource {
  return consentingParticipants({
    async questPlace(questId) {
      const [q] = await db.select({ teamId: quests.teamId }).from(quests).where(eq(quests.id, questId)).limit(1);
      return q ? { teamId: q.teamId } : null;
    },
    async seatedPeople(questId) {
      const [q] = await db.select({ seats: quests.seats }).from(quests).where(eq(quests.id, questId)).limit(1);
      const human = new Set((q?.seats ?? []).filter((s) => s.kind === 'human').map((s) => s.role));
      const rows = await db
        .select({ seat: players.seat, personId: players.personId })
        .from(players)
        .where(and(eq(players.questId, questId), isNotNull(players.personId), isNotNull(players.seat)));
      const seated: SeatedPerson[] = [];
      for (const r of rows) if (r.seat && r.personId && human.has(r.seat)) seated.push({ role: r.seat, personId: r.personId });
      return seated;
    },
    isTakingPart,
  });
}
