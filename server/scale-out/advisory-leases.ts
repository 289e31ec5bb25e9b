// Quest leases as PostgreSQL session advisory locks, on one connection of their own. A lock lives exactly as long as
// the session that took it: when a process dies (even by SIGKILL) its connection closes and PostgreSQL frees every
// lease it held at once, so another process can take the quest over on its next check, with no expiry to wait out
// and no clock to trust. If this process's own connection drops, it has lost its leases: it stops the clocks and
// bots it ran (onLost) and competes for them again on a fresh connection.
import pg from 'pg';
import type { QuestLeases } from '../quests/quest-leases.ts';
import type { QuestLogger } from '../quests/quest-log.ts';

/** The first key of every quest lease: keeps them apart from other advisory locks (migrations, pg-boss). */
const LEASE_NAMESPACE = 70_411_943;

export class AdvisoryQuestLeases implements QuestLeases {
  readonly shared = true;
  private readonly held = new Set<string>();
  private readonly listeners: ((ids: string[]) => void)[] = [];
  private client: Promise<pg.Client> | null = null;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: QuestLogger,
  ) {}

  holds(questId: string): boolean {
    return this.held.has(questId);
  }

  async acquire(questId: string): Promise<boolean> {
    if (this.held.has(questId)) return true;
    if (this.closed) return false;
    const c = await this.connection();
    // hashtext folds the id into the lock's 32-bit key; two quests sharing a key are simply run by the same process
    // (a session may take its own lock again), which changes where they run, never how often.
    const r = await c.query<{ got: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as got', [LEASE_NAMESPACE, questId]);
    const got = r.rows[0]?.got === true;
    if (got) this.held.add(questId);
    return got;
  }

  async release(questId: string): Promise<void> {
    if (!this.held.delete(questId) || !this.client) return;
    const c = await this.client;
    await c.query('select pg_advisory_unlock($1, hashtext($2))', [LEASE_NAMESPACE, questId]);
  }

  onLost(listener: (questIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    const c = this.client;
    this.client = null;
    // Ending the session frees every lease at once.
    if (c) await (await c).end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const c = new pg.Client({
      connectionString: this.databaseUrl, // The pid names the process holding a lease in pg_stat_activity (operators, and the scale-out test).
      application_name: `polarity-leases:${process.pid}`,
      keepAlive: true,
    });
    const lost = (why: string) => {
      if (this.client !== opening) return;
      this.client = null;
      const ids = [...this.held];
      this.held.clear();
      if (this.closed) return;
      this.log.warn({ why, quests: ids.length }, 'the lease connection dropped: this process no longer runs its quests');
      for (const l of this.listeners) l(ids);
    };
    c.on('error', (e) => lost(e.message));
    c.on('end', () => lost('connection ended'));
    const opening = c.connect().then(
      () => c,
      (e) => {
        if (this.client === opening) this.client = null;
        throw e;
      },
    );
    this.client = opening;
    return opening;
  }
}
