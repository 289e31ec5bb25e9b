// How a commitment alert reaches people. The alerts themselves are worked out by commitment-alerts.ts (pure); this
// module finds the ones due now across every team and hands each to every delivery exactly once: a row in
// ledger_delivered_alerts is claimed before delivering, so a restart, a retry or a second process never sends the
// same alert twice. In the app, every team member sees the alerts on the commitments page (GET …/alerts) at any
// time; the in-app delivery below additionally notifies the owner's open sessions. A Slack DM delivery (to the
// owner, never to a channel) plugs in behind the same interface.
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { JobQueue } from '../jobs/job-queue.ts';
import { PersonNotices } from '../realtime/person-notices.ts';
import { type CommitmentAlert, commitmentAlerts } from './commitment-alerts.ts';
import { listCommitments } from './commitment-store.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import { commitments, deliveredAlerts } from './schema.ts';
import { getSettings } from './settings-store.ts';
import { listSprints } from './sprint-store.ts';

/** One alert for one team; `ownerPersonId` is who it is about, when the owner has an account. */
export interface TeamAlert extends CommitmentAlert {
  teamId: string;
}

export interface AlertDelivery {
  /** For log lines. */
  readonly name: string;
  deliverAlert(alert: TeamAlert): Promise<void>;
}

/** Tells the open sessions of the commitment's owner (when they have an account) that an alert is new. */
export class InAppAlertDelivery implements AlertDelivery {
  readonly name = 'in-app';
  private readonly notices = new PersonNotices<TeamAlert>();

  /** Listen for alerts about one person's commitments; returns the unsubscribe function. */
  subscribe(personId: string, listener: (alert: TeamAlert) => void): () => void {
    return this.notices.subscribe(personId, listener);
  }

  async deliverAlert(alert: TeamAlert): Promise<void> {
    if (alert.ownerPersonId === null) return;
    this.notices.notify(alert.ownerPersonId, alert);
  }
}

export interface AlertRunLog {
  warn(obj: object, msg: string): void;
}

export interface AlertRunResult {
  /** Alerts delivered in this run. */
  delivered: TeamAlert[];
  /** Alerts due now that an earlier run already delivered. */
  alreadyDelivered: number;
}

/** Every open commitment's alert as of `now`, team by team. */
export async function alertsDueNow(db: LedgerDatabase, now: Date): Promise<TeamAlert[]> {
  const teamRows = await db
    .selectDistinct({ teamId: commitments.teamId })
    .from(commitments)
    .where(eq(commitments.status, 'open'));
  const all: TeamAlert[] = [];
  for (const { teamId } of teamRows) {
    const [list, sprints, settings] = await Promise.all([
      listCommitments(db, teamId),
      listSprints(db, teamId),
      getSettings(db, teamId),
    ]);
    for (const alert of commitmentAlerts(list, sprints, now, settings.dueSoonDays)) all.push({ ...alert, teamId });
  }
  return all;
}

/**
 * Delivers every alert due now that was not delivered before. An alert is claimed (its row inserted) before it is
 * sent, so two runs at once never both send it; if every delivery fails the claim is released and the next run tries
 * again. One delivery failing (Slack down) does not stop the others: the in-app one has already shown it.
 */
export async function deliverCommitmentAlerts(
  db: LedgerDatabase,
  deliveries: readonly AlertDelivery[],
  now: Date,
  log?: AlertRunLog,
): Promise<AlertRunResult> {
  const due = await alertsDueNow(db, now);
  const delivered: TeamAlert[] = [];
  let alreadyDelivered = 0;
  for (const alert of due) {
    const key = { commitmentId: alert.commitmentId, kind: alert.kind, dueOn: alert.dueOn };
    const claimed = await db
      .insert(deliveredAlerts)
      .values({ ...key, deliveredAt: now })
      .onConflictDoNothing()
      .returning({ commitmentId: deliveredAlerts.commitmentId });
    if (claimed.length === 0) {
      alreadyDelivered++;
      continue;
    }
    let sent = 0;
    for (const delivery of deliveries) {
      try {
        await delivery.deliverAlert(alert);
        sent++;
      } catch (e) {
        log?.warn({ err: e, delivery: delivery.name, commitmentId: alert.commitmentId }, 'commitment alert delivery failed');
      }
    }
    if (sent === 0 && deliveries.length > 0) {
      await db
        .delete(deliveredAlerts)
        .where(
          and(
            eq(deliveredAlerts.commitmentId, key.commitmentId),
            eq(deliveredAlerts.kind, key.kind),
            eq(deliveredAlerts.dueOn, key.dueOn),
          ),
        );
      continue;
    }
    delivered.push(alert);
  }
  return { delivered, alreadyDelivered };
}

/** When each of these commitments' alerts were delivered (for the commitments page: "sent on …"). */
export async function deliveriesOf(
  db: LedgerDatabase,
  commitmentIds: readonly string[],
): Promise<{ commitmentId: string; kind: string; dueOn: string; deliveredAt: Date }[]> {
  if (commitmentIds.length === 0) return [];
  return db
    .select()
    .from(deliveredAlerts)
    .where(inArray(deliveredAlerts.commitmentId, [...commitmentIds]));
}

export const COMMITMENT_ALERTS_JOB = 'ledger.commitment-alerts';
/** Every hour on the hour: a due date is a day, so an hour's delay is never late, and a restart catches up. */
export const COMMITMENT_ALERTS_SCHEDULE = '0 * * * *';

export interface CommitmentAlertJobOptions {
  db: LedgerDatabase;
  deliveries: readonly AlertDelivery[];
  now?: () => Date;
  log?: AlertRunLog;
}

/** Registers the periodic commitment-alert run with the job queue (server/jobs). */
export async function registerCommitmentAlerts(queue: JobQueue, opts: CommitmentAlertJobOptions): Promise<void> {
  const now = opts.now ?? (() => new Date());
  queue.register(COMMITMENT_ALERTS_JOB, z.object({}).passthrough(), async () => {
    await deliverCommitmentAlerts(opts.db, opts.deliveries, now(), opts.log);
  });
  await queue.every(COMMITMENT_ALERTS_JOB, COMMITMENT_ALERTS_SCHEDULE);
}
