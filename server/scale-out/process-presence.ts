// Who is connected, counted across processes. Each process records, per quest and player, whether it has a socket of
// theirs open (its first one opening, its last one closing), under its process key. Whether a row still counts is
// not written anywhere: it counts while its process's own advisory lock is held (advisory-leases.ts), which
// PostgreSQL frees the moment that process's session ends, even by SIGKILL. So a killed process's players are gone
// at once, with no expiry to wait out and no heartbeat to write; the first reader after that marks its rows closed,
// as of then, so their grace period counts from when the process was found gone.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PresenceElsewhere, SeenElsewhere } from '../quests/presence.ts';
import type { StoreDatabase } from '../store/quest-store.ts';
import { processPresence } from '../store/schema.ts';
import { PROCESS_NAMESPACE } from './advisory-leases.ts';

/** This process's identity in the rows, alive exactly as long as its lease session (AdvisoryQuestLeases). */
export interface ProcessSession {
  /** null once closing: nothing is recorded any more. */
  processKey(): Promise<number | null>;
  onRenewed(listener: () => void): void;
}

/** The keys of the processes alive now: their locks, in this database (another database's are not ours). */
const liveKeys = sql`select objid::bigint from pg_locks
  where locktype = 'advisory' and granted and classid = ${PROCESS_NAMESPACE}::oid and objsubid = 2
    and database = (select oid from pg_database where datname = current_database())`;

export class ProcessPresence implements PresenceElsewhere {
  constructor(
    private readonly db: StoreDatabase,
    private readonly session: ProcessSession,
  ) {}

  async record(questId: string, playerId: string, connected: boolean, at: Date): Promise<void> {
    const processKey = await this.session.processKey();
    if (processKey === null) return;
    await this.db
      .insert(processPresence)
      .values({ questId, playerId, processKey, connected, at })
      .onConflictDoUpdate({
        target: [processPresence.questId, processPresence.playerId, processPresence.processKey],
        set: { connected, at },
      });
  }

  async read(questIds: readonly string[], now: Date): Promise<Map<string, SeenElsewhere>> {
    const seen = new Map<string, { connected: Set<string>; leftAt: Map<string, number> }>();
    const mine = await this.session.processKey();
    if (questIds.length === 0 || mine === null) return seen;
    const ids = [...questIds];
    const p = processPresence;
    // Sockets of processes that died count as closed from the moment that is noticed.
    await this.db
      .update(p)
      .set({ connected: false, at: now })
      .where(and(inArray(p.questId, ids), eq(p.connected, true), sql`${p.processKey} not in (${liveKeys})`));
    const rows = await this.db
      .select({
        questId: p.questId,
        playerId: p.playerId,
        // This process counts its own sockets in memory; a row of a process that died since the update is not counted.
        elsewhere: sql<boolean>`bool_or(${p.connected} and ${p.processKey} <> ${mine} and ${p.processKey} in (${liveKeys}))`,
        leftAt: sql<number | null>`(extract(epoch from max(${p.at}) filter (where not ${p.connected})) * 1000)::float8`,
      })
      .from(p)
      .where(inArray(p.questId, ids))
      .groupBy(p.questId, p.playerId);
    for (const r of rows) {
      let q = seen.get(r.questId);
      if (!q) seen.set(r.questId, (q = { connected: new Set(), leftAt: new Map() }));
      if (r.elsewhere) q.connected.add(r.playerId);
      if (r.leftAt !== null) q.leftAt.set(r.playerId, Number(r.leftAt));
    }
    return seen;
  }

  onRenewed(listener: () => void): void {
    this.session.onRenewed(listener);
  }
}
