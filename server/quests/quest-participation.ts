// Billing counts a person active in a month once they took part in a quest (docs/ACCOUNTS.md). A command must not
// wait for that write, so it is sent in the background, once per person, organisation and month per process; a
// failed write is logged and forgotten here so the next accepted command tries again. A person who has paused is not
// recorded (the recorder answers false), and is asked about again on their next command, in case they resumed.
import type { QuestLogger } from './quest-log.ts';

/** Resolves false when nothing was recorded because the person is not taking part now. */
export type RecordParticipation = (activity: { orgId: string; personId: string; at: number }) => Promise<boolean | undefined>;

export class QuestParticipation {
  private readonly sent = new Set<string>();

  constructor(
    private readonly record: RecordParticipation | null,
    private readonly now: () => number,
    private readonly log: QuestLogger,
  ) {}

  tookPart(who: { orgId: string; personId: string }): void {
    if (!this.record) return;
    const at = this.now();
    const key = `${new Date(at).toISOString().slice(0, 7)} ${who.orgId} ${who.personId}`;
    if (this.sent.has(key)) return;
    this.sent.add(key);
    this.record({ ...who, at }).then(
      (recorded) => {
        if (recorded === false) this.sent.delete(key);
      },
      (e: unknown) => {
        this.sent.delete(key);
        this.log.error({ err: e, orgId: who.orgId, personId: who.personId }, 'recording quest activity failed');
      },
    );
  }
}
