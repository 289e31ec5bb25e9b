// Who hears about quest changes (the sockets, through onChange). Callers publish only after the store has the
// change, save then broadcast, so a listener never sees an event a crash could still take back; one listener that
// throws must not keep the change from the others.
import type { LiveQuest } from './live-quest.ts';
import type { QuestLogger } from './quest-log.ts';
import type { QuestChange } from './quest-service.ts';

export class ChangeFeed {
  private readonly listeners = new Set<(change: QuestChange) => void>();
  /** Told only of changes this process committed, so they can be announced to the other processes (never echoed). */
  private readonly announcers = new Set<(change: QuestChange) => void>();

  constructor(private readonly log: QuestLogger) {}

  subscribe(listener: (change: QuestChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Changes read back from the store after another process committed them are published with elsewhere = true. */
  subscribeCommittedHere(listener: (change: QuestChange) => void): () => void {
    this.announcers.add(listener);
    return () => {
      this.announcers.delete(listener);
    };
  }

  publish(change: QuestChange, elsewhere = false): void {
    const targets = elsewhere ? this.listeners : [...this.listeners, ...this.announcers];
    for (const l of targets) {
      try {
        l(change);
      } catch (e) {
        this.log.error({ err: e, questId: change.questId }, 'a quest change listener failed');
      }
    }
  }

  /** Seats, players or presence changed, with no new event. */
  lobbyChanged(q: LiveQuest, elsewhere = false): void {
    this.publish({ questId: q.id, version: q.version, events: [], lobbyChanged: true }, elsewhere);
  }

  clear(): void {
    this.listeners.clear();
    this.announcers.clear();
  }
}
