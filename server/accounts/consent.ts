// Taking part is each person's own choice. Nobody takes part until they say yes to the notice below, in plain
// words; they can pause (nothing new is recorded) and resume, or withdraw (see personal-data.ts). A changed notice
// gets a new version, and a person agrees to a version they were shown, never to one they were not.
import { eq } from 'drizzle-orm';
import { Refusal } from '../policy/refusal.ts';
import type { AccountsDatabase } from './accounts-database.ts';
import { type ConsentStatus, consents } from './schema.ts';

/** Groups smaller than this are never shown to leads or admins, in counts or in anything else. */
export const MINIMUM_GROUP = 5;

export const CONSENT_NOTICE = {
  version: '2025-01-v1',
  title: 'Taking part in Polarity',
  paragraphs: [
    'Taking part is your choice. Nothing about you is recorded in quests, coaching or the trade-off ledger until you ' +
      'say yes here, and you can pause or withdraw at any time without giving a reason. Nobody is told that you did.',
    'What is recorded when you take part: what you do in quests (your messages, proposals, votes and check-ins, with ' +
      'their times), your private coaching conversations, and the trade-offs you write in the ledger.',
    'Who sees what: the people in a quest with you see what you do in that quest, as the quest shows it. Your coaching ' +
      'is private: only you see it. Team leads and admins never see what you said or did, nor whether you in particular ' +
      `take part: they see only totals over groups of at least ${MINIMUM_GROUP} people, and nothing for smaller groups.`,
    'None of this is ever used for, or shared with, performance reviews, pay or promotion decisions.',
    'Pausing stops all recording from that moment and keeps what is already there. Withdrawing deletes your personal ' +
      'data: your part in quests, your coaching and your ledger entries. Totals that were already computed over groups ' +
      'of 5 or more stay, and they cannot be traced back to you.',
    'You can download everything Polarity holds about you, as JSON, whenever you like.',
    'Billing: your organisation pays per person active in a month. The billing record counts you; it holds nothing of ' +
      'what you did.',
  ],
} as const;

export interface ConsentRecord {
  status: ConsentStatus;
  noticeVersion: string;
  givenAt: Date;
  changedAt: Date;
}

export class Consents {
  constructor(
    private readonly db: AccountsDatabase,
    private readonly clock: () => number,
  ) {}

  async of(personId: string): Promise<ConsentRecord | null> {
    const [c] = await this.db.select().from(consents).where(eq(consents.personId, personId));
    return c ? { status: c.status, noticeVersion: c.noticeVersion, givenAt: c.givenAt, changedAt: c.changedAt } : null;
  }

  /** Whether quests, the coach and the ledger may record this person now: taking part under the current notice. */
  async isTakingPart(personId: string): Promise<boolean> {
    const c = await this.of(personId);
    return c?.status === 'taking_part' && c.noticeVersion === CONSENT_NOTICE.version;
  }

  /** Opting in (or back in) needs the notice's current version; pausing is always allowed to someone who opted in. */
  async set(
    personId: string,
    choice: { status: 'taking_part'; noticeVersion: string } | { status: 'paused' },
  ): Promise<ConsentRecord> {
    const now = new Date(this.clock());
    if (choice.status === 'paused') {
      const paused = await this.db
        .update(consents)
        .set({ status: 'paused', changedAt: now })
        .where(eq(consents.personId, personId))
        .returning({ personId: consents.personId });
      if (paused.length === 0) throw new Refusal('conflict', 'you are not taking part, so there is nothing to pause');
      return (await this.of(personId)) as ConsentRecord;
    }
    if (choice.noticeVersion !== CONSENT_NOTICE.version) {
      throw new Refusal(
        'conflict',
        `the notice has changed (now version ${CONSENT_NOTICE.version}): read it again before choosing`,
      );
    }
    await this.db
      .insert(consents)
      .values({ personId, status: 'taking_part', noticeVersion: choice.noticeVersion, givenAt: now, changedAt: now })
      .onConflictDoUpdate({
        target: consents.personId,
        set: { status: 'taking_part', noticeVersion: choice.noticeVersion, changedAt: now },
      });
    return (await this.of(personId)) as ConsentRecord;
  }

  async forget(personId: string, db: AccountsDatabase = this.db): Promise<void> {
    await db.delete(consents).where(eq(consents.personId, personId));
  }
}
