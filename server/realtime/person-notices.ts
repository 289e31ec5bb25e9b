// Live notices for one person's open sessions (a new debrief, a commitment alert): listeners are kept per person, so a
// notice about someone reaches only that person's sessions and never anyone else's.
export class PersonNotices<Notice> {
  private readonly listeners = new Map<string, Set<(notice: Notice) => void>>();

  /** Listen for one person's notices (e.g. to push to their sockets); returns the unsubscribe function. */
  subscribe(personId: string, listener: (notice: Notice) => void): () => void {
    let set = this.listeners.get(personId);
    if (!set) {
      set = new Set();
      this.listeners.set(personId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(personId);
    };
  }

  /** Hands the notice to every session listening for this person; nobody listening is not an error. */
  notify(personId: string, notice: Notice): void {
    for (const listener of this.listeners.get(personId) ?? []) listener(notice);
  }
}
