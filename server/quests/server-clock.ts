// The server clock. The engine has no clock of its own (time arrives in commands), so something must say when a
// deadline has come: each running quest has one timer, set for its next deadline, that sends {type:'deadline'} as
// the system once it is due.
import { nextDeadline } from '../../engine/index.ts';
import type { LiveQuest } from './live-quest.ts';
import type { QuestCommands } from './quest-commands.ts';
import type { QuestLogger } from './quest-log.ts';
import type { ScheduledWork } from './scheduled-work.ts';

/** After a failed save the deadline is tried again soon; after a refusal (a bug, or a changed scenario) rarely. */
const RETRY_MS = 1_000;
const REFUSED_RETRY_MS = 30_000;

export class ServerClock {
  constructor(
    private readonly work: ScheduledWork,
    private readonly commands: QuestCommands,
    private readonly now: () => number,
    private readonly log: QuestLogger,
    /** Told of every deadline sent (metrics: across processes each deadline is sent once). */
    private readonly onDeadline: (questId: string) => void = () => undefined,
  ) {}

  /** Re-arms the quest's deadline timer for its current state. A quest whose scenario changed is not driven. */
  follow(q: LiveQuest, minDelay = 0): void {
    this.stop(q);
    if (this.work.closed || !q.state || q.state.scenarioHash !== q.scenario.hash) return;
    const due = nextDeadline(q.state);
    if (due === null) return;
    q.deadlineTimer = this.work.after(Math.max(minDelay, due - this.now()), () => {
      q.deadlineTimer = null;
      return q.exclusive(() => this.resolveDeadline(q));
    });
  }

  stop(q: LiveQuest): void {
    this.work.cancel(q.deadlineTimer);
    q.deadlineTimer = null;
  }

  /**
   * At boot: a deadline that passed while the server was down is resolved now, stamped with the time it is
   * resolved rather than the time it fell due. Runs inside exclusive().
   */
  async resolveOverdue(q: LiveQuest, now: number): Promise<void> {
    const due = q.state ? nextDeadline(q.state) : null;
    if (due === null || due > now) return;
    this.log.info({ questId: q.id, due, now }, 'resolving a deadline that passed while the server was down');
    await this.resolveDeadline(q);
  }

  /** Sends {type:'deadline'} as the server once the deadline is due. Runs inside exclusive(). */
  private async resolveDeadline(q: LiveQuest): Promise<void> {
    const due = q.state ? nextDeadline(q.state) : null;
    if (due === null) return;
    if (this.now() < due) return this.follow(q);
    try {
      this.onDeadline(q.id);
      const r = await this.commands.apply(q, { type: 'deadline' }, { system: true }, 'system', null);
      if (!r.ok) {
        this.log.warn({ questId: q.id, error: r.error }, 'the engine refused a deadline');
        this.follow(q, REFUSED_RETRY_MS);
      }
    } catch (e) {
      this.log.error({ err: e, questId: q.id }, 'could not save a deadline; retrying');
      this.follow(q, RETRY_MS);
    }
  }
}
