// The coach's records in the database, sealed per person. Every read takes the person's id and filters on it in
// the query itself, so no function here can return one person's record to another; there is no "all people" read
// apart from key rotation, which re-seals without looking inside.
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PersonalDebrief, QuestSignals } from './debrief-writer.ts';
import type { Keyring, Sealed } from './keyring.ts';
import type { CoachAnswer } from './playbook-answer.ts';
import { coachDebriefs, coachQuestions, coachSignals } from './schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: any drizzle PostgreSQL database (PGlite or node-postgres) whose migrations include ./schema.ts
export type CoachDatabase = PgDatabase<PgQueryResultHKT, any>;

export interface StoredDebrief {
  id: string;
  questId: string;
  createdAt: Date;
  deliveredAt: Date | null;
  readAt: Date | null;
  debrief: PersonalDebrief;
}

export interface AskedQuestion {
  id: string;
  askedAt: Date;
  answer: CoachAnswer;
}

const ROTATE_BATCH = 200;

const debriefContext = (personId: string, id: string, questId: string) => `coach_debriefs\0${personId}\0${id}\0${questId}`;
const signalsContext = (personId: string, questId: string) => `coach_signals\0${personId}\0${questId}`;
const questionContext = (personId: string, id: string) => `coach_questions\0${personId}\0${id}`;

export class CoachStore {
  constructor(
    private readonly db: CoachDatabase,
    private readonly keyring: Keyring,
    /** Called for a record that does not open (a missing key, tampering); the record is left out of the answer. */
    private readonly onUnreadable: (table: string, keyId: string, error: Error) => void = () => undefined,
  ) {}

  private open<T>(table: string, record: Sealed, context: string): T | null {
    try {
      return this.keyring.open<T>(record, context);
    } catch (e) {
      this.onUnreadable(table, record.keyId, e as Error);
      return null;
    }
  }

  /** Stores a debrief and its signals once per person and quest; false when this quest was already debriefed for them. */
  async saveDebrief(input: {
    id: string;
    personId: string;
    debrief: PersonalDebrief;
    signals: QuestSignals;
    at: Date;
  }): Promise<boolean> {
    const { id, personId, debrief, signals, at } = input;
    const questId = debrief.questId;
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(coachDebriefs)
        .values({ id, personId, questId, ...this.keyring.seal(debrief, debriefContext(personId, id, questId)), createdAt: at })
        .onConflictDoNothing({ target: [coachDebriefs.personId, coachDebriefs.questId] })
        .returning({ id: coachDebriefs.id });
      if (inserted.length === 0) return false;
      await tx
        .insert(coachSignals)
        .values({ personId, questId, ...this.keyring.seal(signals, signalsContext(personId, questId)), createdAt: at })
        .onConflictDoNothing();
      return true;
    });
  }

  async debriefs(personId: string): Promise<StoredDebrief[]> {
    const rows = await this.db
      .select()
      .from(coachDebriefs)
      .where(eq(coachDebriefs.personId, personId))
      .orderBy(desc(coachDebriefs.createdAt), asc(coachDebriefs.id));
    return rows.flatMap((row) => {
      const debrief = this.open<PersonalDebrief>('coach_debriefs', row, debriefContext(personId, row.id, row.questId));
      return debrief
        ? [
            {
              id: row.id,
              questId: row.questId,
              createdAt: row.createdAt,
              deliveredAt: row.deliveredAt,
              readAt: row.readAt,
              debrief,
            },
          ]
        : [];
    });
  }

  async debrief(personId: string, id: string): Promise<StoredDebrief | null> {
    const [row] = await this.db
      .select()
      .from(coachDebriefs)
      .where(and(eq(coachDebriefs.personId, personId), eq(coachDebriefs.id, id)));
    if (!row) return null;
    const debrief = this.open<PersonalDebrief>('coach_debriefs', row, debriefContext(personId, row.id, row.questId));
    return debrief
      ? { id: row.id, questId: row.questId, createdAt: row.createdAt, deliveredAt: row.deliveredAt, readAt: row.readAt, debrief }
      : null;
  }

  async markRead(personId: string, id: string, at: Date): Promise<void> {
    await this.db
      .update(coachDebriefs)
      .set({ readAt: at })
      .where(and(eq(coachDebriefs.personId, personId), eq(coachDebriefs.id, id), sql`${coachDebriefs.readAt} is null`));
  }

  async markDelivered(personId: string, id: string, at: Date): Promise<void> {
    await this.db
      .update(coachDebriefs)
      .set({ deliveredAt: at })
      .where(and(eq(coachDebriefs.personId, personId), eq(coachDebriefs.id, id), sql`${coachDebriefs.deliveredAt} is null`));
  }

  /** The person's quest signals, most recent first. */
  async signals(personId: string, limit = 20): Promise<QuestSignals[]> {
    const rows = await this.db
      .select()
      .from(coachSignals)
      .where(eq(coachSignals.personId, personId))
      .orderBy(desc(coachSignals.createdAt), asc(coachSignals.questId))
      .limit(limit);
    return rows.flatMap((row) => {
      const s = this.open<QuestSignals>('coach_signals', row, signalsContext(personId, row.questId));
      return s ? [s] : [];
    });
  }

  async saveQuestion(input: { id: string; personId: string; answer: CoachAnswer; at: Date }): Promise<void> {
    const { id, personId, answer, at } = input;
    await this.db
      .insert(coachQuestions)
      .values({ id, personId, ...this.keyring.seal(answer, questionContext(personId, id)), createdAt: at });
  }

  /** The person's questions and the answers they got, most recent first. */
  async questions(personId: string, limit = 50): Promise<AskedQuestion[]> {
    const rows = await this.db
      .select()
      .from(coachQuestions)
      .where(eq(coachQuestions.personId, personId))
      .orderBy(desc(coachQuestions.createdAt), asc(coachQuestions.id))
      .limit(limit);
    return rows.flatMap((row) => {
      const answer = this.open<CoachAnswer>('coach_questions', row, questionContext(personId, row.id));
      return answer ? [{ id: row.id, askedAt: row.createdAt, answer }] : [];
    });
  }

  /** Deletes everything the coach holds about a person. Safe to run twice. */
  async erase(personId: string): Promise<{ debriefs: number; signals: number; questions: number }> {
    return this.db.transaction(async (tx) => {
      const d = await tx.delete(coachDebriefs).where(eq(coachDebriefs.personId, personId)).returning({ id: coachDebriefs.id });
      const s = await tx.delete(coachSignals).where(eq(coachSignals.personId, personId)).returning({ q: coachSignals.questId });
      const q = await tx.delete(coachQuestions).where(eq(coachQuestions.personId, personId)).returning({ id: coachQuestions.id });
      return { debriefs: d.length, signals: s.length, questions: q.length };
    });
  }

  /**
   * Re-seals every record not sealed with the current key. A record whose key is not configured is left as it is and
   * counted, so nothing is lost while an old key is missing. Each update checks the key id it read, so two processes
   * rotating at once never overwrite each other.
   */
  async rotate(): Promise<{ resealed: number; unreadable: number }> {
    const current = this.keyring.current.id;
    const results = [
      await this.rotateTable(
        'coach_debriefs',
        (limit) => this.db.select().from(coachDebriefs).where(ne(coachDebriefs.keyId, current)).limit(limit),
        (r) => r.id,
        (r) => debriefContext(r.personId, r.id, r.questId),
        async (r, sealed) =>
          (
            await this.db
              .update(coachDebriefs)
              .set(sealed)
              .where(and(eq(coachDebriefs.id, r.id), eq(coachDebriefs.keyId, r.keyId)))
              .returning({ id: coachDebriefs.id })
          ).length,
      ),
      await this.rotateTable(
        'coach_signals',
        (limit) => this.db.select().from(coachSignals).where(ne(coachSignals.keyId, current)).limit(limit),
        (r) => `${r.personId}:${r.questId}`,
        (r) => signalsContext(r.personId, r.questId),
        async (r, sealed) =>
          (
            await this.db
              .update(coachSignals)
              .set(sealed)
              .where(
                and(eq(coachSignals.personId, r.personId), eq(coachSignals.questId, r.questId), eq(coachSignals.keyId, r.keyId)),
              )
              .returning({ q: coachSignals.questId })
          ).length,
      ),
      await this.rotateTable(
        'coach_questions',
        (limit) => this.db.select().from(coachQuestions).where(ne(coachQuestions.keyId, current)).limit(limit),
        (r) => r.id,
        (r) => questionContext(r.personId, r.id),
        async (r, sealed) =>
          (
            await this.db
              .update(coachQuestions)
              .set(sealed)
              .where(and(eq(coachQuestions.id, r.id), eq(coachQuestions.keyId, r.keyId)))
              .returning({ id: coachQuestions.id })
          ).length,
      ),
    ];
    return {
      resealed: results.reduce((n, r) => n + r.resealed, 0),
      unreadable: results.reduce((n, r) => n + r.unreadable, 0),
    };
  }

  private async rotateTable<R extends Sealed>(
    table: string,
    stale: (limit: number) => Promise<R[]>,
    keyOf: (row: R) => string,
    contextOf: (row: R) => string,
    reseal: (row: R, sealed: Sealed) => Promise<number>,
  ): Promise<{ resealed: number; unreadable: number }> {
    let resealed = 0;
    const unreadable = new Set<string>();
    for (;;) {
      // Rows that do not open stay stale; asking for that many more keeps each batch full of rows still to do.
      const todo = (await stale(ROTATE_BATCH + unreadable.size)).filter((r) => !unreadable.has(keyOf(r)));
      if (todo.length === 0) break;
      for (const row of todo) {
        const context = contextOf(row);
        const value = this.open<unknown>(table, row, context);
        if (value === null) unreadable.add(keyOf(row));
        else resealed += await reseal(row, this.keyring.seal(value, context));
      }
    }
    return { resealed, unreadable: unreadable.size };
  }
}
