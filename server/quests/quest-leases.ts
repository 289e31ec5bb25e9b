// Which process runs a quest's own clock. Several Polarity processes may hold the same quest in memory (its players
// are connected to different processes), but the work the server starts by itself (the deadline timer, bot turns)
// must run in one of them, or a deadline would be sent once per process. A lease says which one. Player commands
// need no lease: any process appends them, and the version check on append keeps the stream linear.
//
// The embedded database serves one process, so there the lease is always held and costs nothing (soleProcess).

export interface QuestLeases {
  /** True while this process runs the quest's clock and bots. Synchronous: it is asked after every change. */
  holds(questId: string): boolean;
  /** Takes the lease if nobody holds it (or this process already does); false when another process runs the quest. */
  acquire(questId: string): Promise<boolean>;
  /** acquire for many quests in one round trip (adopting orphans); answers the ids now held here. */
  acquireAll(questIds: readonly string[]): Promise<string[]>;
  /** Gives the lease up (the quest ended, or the process is closing). */
  release(questId: string): Promise<void>;
  /** Called with every quest whose lease this process lost without releasing it (its database session dropped). */
  onLost(listener: (questIds: string[]) => void): void;
  /** True when other processes may share the database, so leases move and quests are watched for takeover. */
  readonly shared: boolean;
  close(): Promise<void>;
}

/** One process, one database: every lease is this process's. */
export const soleProcess: QuestLeases = {
  holds: () => true,
  acquire: async () => true,
  acquireAll: async (ids) => [...ids],
  release: async () => undefined,
  onLost: () => undefined,
  shared: false,
  close: async () => undefined,
};
