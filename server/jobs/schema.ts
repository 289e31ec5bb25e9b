// What the background jobs remember beyond pg-boss's own tables: which ended quests have had their reactions run,
// so a start-up can re-enqueue the ones a crash interrupted (quest-ended.ts).
import { pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { quests } from '../store/schema.ts';

export const questEndReactions = pgTable('quest_end_reactions', {
  questId: uuid('quest_id')
    .primaryKey()
    .references(() => quests.id, { onDelete: 'cascade' }),
  completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }).notNull(),
});
