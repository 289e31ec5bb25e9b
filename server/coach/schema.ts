// The coach's tables: each person's private debriefs, the behaviour signals behind them, and the questions they asked.
// Everything a person said, did or was told is in `sealed` (AES-256-GCM, see keyring.ts); only what is needed to
// find, order and delete a record stays readable. No foreign keys to people or quests: a coach record outlives
// neither (erase() deletes by person), and the coach's migration does not depend on the accounts tables.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const coachDebriefs = pgTable(
  'coach_debriefs',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    questId: uuid('quest_id').notNull(),
    /** Which key sealed the record: rotation re-seals records whose key is no longer the current one. */
    keyId: text('key_id').notNull(),
    /** base64(iv | tag | ciphertext) of the debrief as JSON. */
    sealed: text('sealed').notNull(),
    createdAt: moment('created_at').notNull().defaultNow(),
    deliveredAt: moment('delivered_at'),
    readAt: moment('read_at'),
  },
  (t) => [
    // One debrief per person per quest: generating twice (a retried quest_ended) stores it once.
    unique('coach_debriefs_person_quest').on(t.personId, t.questId),
    index('coach_debriefs_person').on(t.personId, t.createdAt),
    check('coach_debriefs_key_id_present', sql`length(${t.keyId}) > 0`),
  ],
);

export const coachSignals = pgTable(
  'coach_signals',
  {
    personId: uuid('person_id').notNull(),
    questId: uuid('quest_id').notNull(),
    keyId: text('key_id').notNull(),
    /** base64(iv | tag | ciphertext) of the person's behaviour signals in that quest. */
    sealed: text('sealed').notNull(),
    createdAt: moment('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.questId] }), index('coach_signals_person').on(t.personId, t.createdAt)],
);

export const coachQuestions = pgTable(
  'coach_questions',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    keyId: text('key_id').notNull(),
    /** base64(iv | tag | ciphertext) of the question and the answer given. */
    sealed: text('sealed').notNull(),
    createdAt: moment('created_at').notNull().defaultNow(),
  },
  (t) => [index('coach_questions_person').on(t.personId, t.createdAt)],
);
