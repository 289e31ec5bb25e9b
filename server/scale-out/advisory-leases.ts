// Quest leases as PostgreSQL session advisory locks, on one connection of their own. A lock lives exactly as long as
// the session that took it: when a process dies (even by SIGKILL) its connection closes and PostgreSQL frees every
// lease it held at once, so another process can take the quest over on its next check, with no expiry to wait out
// and no clock to trust. If this process's own connection drops, it has lost its leases: it stops the clocks and
// bots it ran (onLost) and competes for them again on a fresh connection.
//
// The same session holds one more lock, the process's own (PROCESS_NAMESPACE, processKey): it names this process in
// the shared presence rows (process-presence.ts) and says, exactly as a lease does, whether the process still lives.
import { randomInt } from 'node:crypto';
import pg from 'pg';
import type { QuestLeases } from '../quests/quest-leases.ts';
import type { QuestLogger } from '../quests/quest-log.ts';

/** The first key of every quest lease: keeps them apart from other advisory locks (migrations, pg-boss). */
const LEASE_NAMESPACE = 70_411_943;
/** The first key of every process's own lock; its second key is the process key. */
export const PROCESS_NAMESPACE = 70_411_944;

/** A positive 32-bit key: pg_locks shows the second key as an unsigned oid, so a positive one reads back unchanged. */
const newProcessKey = () => randomInt(1, 2 ** 31 - 1);

export class AdvisoryQuestLeases implements QuestLeases {
  readonly shared = true;
  private readonly held = new Set<string>();
  private readonly listeners: ((ids: string[]) => void)[] = [];
  private readonly renewedListeners: (() => void)[] = [];
  private client: Promise<pg.Client> | null = null;
  private closed = false;
  private key = newProcessKey();
  private sessions = 0;

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

  /** One statement for many quests (adopting orphans): the ids whose lease this process now holds. */
  async acquireAll(questIds: readonly string[]): Promise<string[]> {
    const wanted = questIds.filter((id) => !this.held.has(id));
    if (this.closed || wanted.length === 0) return [];
    const c = await this.connection();
    const r = await c.query<{ id: string }>(
      'select id from unnest($2::text[]) as id where pg_try_advisory_lock($1, hashtext(id))',
      [LEASE_NAMESPACE, wanted],
    );
    const got = r.rows.map((row) => row.id);
    for (const id of got) this.held.add(id);
    return got;
  }

  /** This process's key while its session (and so its lock) lives; null once closed. */
  async processKey(): Promise<number | null> {
    if (this.closed) return null;
    await this.connection();
    return this.key;
  }

  /** Called when a new session took the process lock after the previous one dropped: what it recorded may be gone. */
  onRenewed(listener: () => void): void {
    this.renewedListeners.push(listener);
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
    const opening = c
      .connect()
      .then(() => this.lockProcess(c))
      .then(
        () => c,
        async (e) => {
          if (this.client === opening) this.client = null;
          await c.end().catch(() => undefined);
          throw e;
        },
      );
    this.client = opening;
    void opening.then(
      () => {
        if (this.sessions++ > 0) for (const l of this.renewedListeners) l();
      },
      () => undefined,
    );
    return opening;
  }

  /** Takes this process's own lock, keeping its key when it can (another process may have drawn it meanwhile). */
  private async lockProcess(c: pg.Client): Promise<void> {
    for (let tries = 0; tries < 5; tries++) {
      const r = await c.query<{ got: boolean }>('select pg_try_advisory_lock($1, $2) as got', [PROCESS_NAMESPACE, this.key]);
      if (r.rows[0]?.got === true) return;
      this.key = newProcessKey();
    }
    throw new Error('could not take a process lock: five random keys were all taken');
  }
}
