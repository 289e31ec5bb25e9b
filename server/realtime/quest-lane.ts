// One quest's outbound work, run one task at a time: updates, welcomes and presence for a quest reach its
// sockets in the order they were committed. Changes that pile up while a task runs are sent as one update.
import type { QuestChange } from '../quests/quest-service.ts';

export class QuestLane {
  private tasks: (() => Promise<void>)[] = [];
  private changes: QuestChange[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly deliver: (changes: QuestChange[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  push(task: () => Promise<void>): void {
    this.tasks.push(task);
    this.kick();
  }

  change(change: QuestChange): void {
    if (this.changes.length === 0) {
      this.tasks.push(async () => {
        const batch = this.changes;
        this.changes = [];
        await this.deliver(batch);
      });
    }
    this.changes.push(change);
    this.kick();
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves once every queued task has run. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = (async () => {
      for (let task = this.tasks.shift(); task; task = this.tasks.shift()) {
        try {
          await task();
        } catch (e) {
          this.onError(e);
        }
      }
      this.running = null;
    })();
  }
}
