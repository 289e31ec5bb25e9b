// Events API deliveries already taken, by event id: Slack retries a delivery it thinks failed (X-Slack-Retry-Num over
// HTTP, retry_attempt over Socket Mode), and a retry of something handled or in hand must not run again. A claim is
// released when its handling fails, so the retry does run.
import { eq, lt } from 'drizzle-orm';
import { slackDeliveries } from './schema.ts';
import type { SlackDatabase } from './slack-database.ts';

/** How long a claimed event id is remembered: Slack retries within minutes. */
const DELIVERY_MEMORY_MS = 24 * 60 * 60_000;
/** How many claims between two sweeps of old claims. */
const SWEEP_EVERY = 200;

/** Claims Events API deliveries by event id, so a retry of something already taken is not run again. */
export class DeliveryClaims {
  private sinceSweep = 0;
  constructor(private readonly db: SlackDatabase) {}

  /** False when the delivery was already taken (handled, or in hand). */
  async claim(eventId: string, now: number): Promise<boolean> {
    const claimed = await this.db
      .insert(slackDeliveries)
      .values({ eventId, receivedAt: new Date(now) })
      .onConflictDoNothing()
      .returning();
    if (++this.sinceSweep >= SWEEP_EVERY) {
      this.sinceSweep = 0;
      await this.db.delete(slackDeliveries).where(lt(slackDeliveries.receivedAt, new Date(now - DELIVERY_MEMORY_MS)));
    }
    return claimed.length > 0;
  }

  /** Failed work is released so Slack's retry can run it. */
  async release(eventId: string): Promise<void> {
    await this.db.delete(slackDeliveries).where(eq(slackDeliveries.eventId, eventId));
  }
}
