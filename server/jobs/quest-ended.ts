// What happens when a quest ends (insights fold it into the roll-ups, the coach writes private debriefs) runs as one
// durable job per quest: the quest_ended event enqueues it (singletonKey = the quest, so the processes that all see
// the event enqueue it once), and its handler runs every registered reaction. A crash between the event and the
// reactions loses nothing: at start-up, quests that ended recently without a completed run are enqueued again.
// Reactions must be idempotent: a failed run is retried whole, including the reactions that had succeeded.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { QuestChange } from '../quests/quest-service.ts';
import type { StoreDatabase } from '../store/quest-store.ts';
import { quests } from '../store/schema.ts';
import type { JobQueue } from './job-queue.ts';
import { questEndReactions } from './schema.ts';

export const QUEST_ENDED_JOB = 'quest-ended';
const payload = z.object({ questId: z.uuid() });
/** Older ended quests are not revisited at start-up: their reactions ran, or are beyond what anyone expects now. */
const RECOVER_DAYS = 7;

export type QuestEndedReaction = (questId: string) => Promise<void>;

export class QuestEndedReactions {
  private readonly reactions = new Map<string, QuestEndedReaction>();
  private started = false;

  constructor(
    private readonly db: StoreDatabase,
    private readonly queue: JobQueue,
    /** Told each time the reactions actually run for a quest (not when a repeat finds them done); for metrics. */
    private readonly onRun: (questId: string) => void = () => undefined,
  ) {}

  /** A reaction by name (the name appears in errors); every reaction is added before start(). */
  add(name: string, reaction: QuestEndedReaction): void {
    if (this.started) throw new Error(`the quest-ended reaction '${name}' came after the jobs started`);
    if (this.reactions.has(name)) throw new Error(`a quest-ended reaction '${name}' is already registered`);
    this.reactions.set(name, reaction);
  }

  /**
   * Starts running the jobs, listens for quests ending, and re-enqueues the ones a crash interrupted. Only now, with
   * every reaction added, may a job run: a run is recorded as complete for all reactions at once.
   */
  async start(quests: { onChange(listener: (change: QuestChange) => void): () => void }): Promise<() => void> {
    this.started = true;
    this.queue.register(QUEST_ENDED_JOB, payload, ({ questId }) => this.run(questId));
    const unsubscribe = quests.onChange(this.onChange);
    await this.recover();
    return unsubscribe;
  }

  /** The change-feed listener: enqueues the job when a change carries quest_ended. */
  readonly onChange = (change: QuestChange): void => {
    if (!change.events.some((e) => e.event.type === 'quest_ended')) return;
    // If this enqueue fails (the database is away), the start-up recovery enqueues it later: nothing is lost.
    this.enqueue(change.questId).catch(() => undefined);
  };

  enqueue(questId: string): Promise<void> {
    return this.queue.enqueue(QUEST_ENDED_JOB, { questId }, { singletonKey: questId });
  }

  /** Enqueues every recently ended quest whose reactions have not completed (a crash came between). */
  async recover(now: Date = new Date()): Promise<number> {
    const since = new Date(now.getTime() - RECOVER_DAYS * 86_400_000);
    const pending = await this.db
      .select({ id: quests.id })
      .from(quests)
      .leftJoin(questEndReactions, eq(questEndReactions.questId, quests.id))
      .where(and(eq(quests.status, 'finished'), gt(quests.updatedAt, since), isNull(questEndReactions.questId)));
    for (const { id } of pending) await this.enqueue(id);
    return pending.length;
  }

  private async run(questId: string): Promise<void> {
    const [done] = await this.db.select().from(questEndReactions).where(eq(questEndReactions.questId, questId));
    if (done) return;
    this.onRun(questId);
    const failed: string[] = [];
    for (const [name, reaction] of this.reactions) {
      try {
        await reaction(questId);
      } catch (e) {
        failed.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // Thrown, the job is retried with backoff; the reactions that succeeded run again, which they tolerate.
    if (failed.length > 0) throw new Error(`quest-ended reactions failed for ${questId}: ${failed.join('; ')}`);
    await this.db.insert(questEndReactions).values({ questId, completedAt: new Date() }).onConflictDoNothing();
  }
}
