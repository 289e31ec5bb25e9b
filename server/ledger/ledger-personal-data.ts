// What the ledger holds about one person, for their export and their account's deletion (accounts'
// PersonalDataSource). The ledger is the team's record of its decisions, not a record of anyone taking part, so:
// - the export lists everything the person wrote, signed, owns, agreed to or changed in any team's ledger;
// - withdrawing (which stops taking part in quests and coaching) leaves the ledger alone: a signature on an accepted
//   trade-off is part of the team's decision, and removing it would silently rewrite what the team agreed;
// - deleting the account keeps every record and every signature (the decision still had that bearer's consent) but
//   replaces the person's name wherever the ledger wrote it down (bearer, commitment owner, who agreed to a
//   renegotiation, consulted, informed) with FORMER_MEMBER, and unlinks their commitments so no alert is addressed to
//   a person who no longer exists. The remaining ids (who created a row) point at nobody once the account is gone.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { people, teamMembers } from '../accounts/schema.ts';
import type { LedgerDatabase } from './ledger-database.ts';
import {
  commitments,
  ledgerItems,
  renegotiations,
  sprintEntries,
  sprints,
  tradeOffSignOffs,
  tradeOffs,
  trustEvents,
} from './schema.ts';
import type { TradeOffContent } from './trade-off-record.ts';

/** What a deleted person's name becomes in the team's records. */
export const FORMER_MEMBER = 'a former member';

export interface LedgerPersonalDataSource {
  name: 'ledger';
  export(personId: string): Promise<unknown>;
  /** Withdrawal: nothing in the ledger records taking part (see above), so nothing is erased. */
  erase(personId: string): Promise<void>;
  /** Account deletion: names replaced, records and signatures kept. Safe to run twice. */
  forgetAccount(personId: string): Promise<void>;
}

const bearerOf = (personId: string) => sql`${tradeOffs.content} -> 'bearers' @> ${JSON.stringify([{ personId }])}::jsonb`;

async function exportFor(db: LedgerDatabase, personId: string) {
  const records = await db
    .select()
    .from(tradeOffs)
    .where(or(eq(tradeOffs.createdBy, personId), bearerOf(personId)));
  const signatures = await db.select().from(tradeOffSignOffs).where(eq(tradeOffSignOffs.personId, personId));
  const signed = new Map(signatures.map((s) => [s.tradeOffId, s]));
  const owned = await db
    .select()
    .from(commitments)
    .where(or(eq(commitments.ownerPersonId, personId), eq(commitments.createdBy, personId)));
  const recorded = await db
    .select({ r: renegotiations, commitmentTitle: commitments.title, teamId: commitments.teamId })
    .from(renegotiations)
    .innerJoin(commitments, eq(commitments.id, renegotiations.commitmentId))
    .where(eq(renegotiations.recordedBy, personId));
  const planChanges = await db
    .select({ e: sprintEntries, sprintName: sprints.name, teamId: sprints.teamId, itemTitle: ledgerItems.title })
    .from(sprintEntries)
    .innerJoin(sprints, eq(sprints.id, sprintEntries.sprintId))
    .innerJoin(ledgerItems, eq(ledgerItems.id, sprintEntries.itemId))
    .where(or(eq(sprintEntries.addedBy, personId), eq(sprintEntries.removedBy, personId)));
  const events = await db.select().from(trustEvents).where(eq(trustEvents.recordedBy, personId));

  return {
    tradeOffs: records.map((r) => {
      const bearer = r.content.bearers.find((b) => b.personId === personId) ?? null;
      const signature = signed.get(r.id);
      return {
        teamId: r.teamId,
        number: r.number,
        title: r.content.title,
        status: r.status,
        writtenAt: r.writtenAt,
        writtenByYou: r.createdBy === personId,
        youBear: bearer ? { role: bearer.role, bears: bearer.bears } : null,
        yourSignOff: signature ? { revision: signature.revision, signedAt: signature.signedAt } : null,
      };
    }),
    commitments: owned.map((c) => ({
      teamId: c.teamId,
      title: c.title,
      dueOn: c.dueOn,
      status: c.status,
      ownedByYou: c.ownerPersonId === personId,
      madeByYou: c.createdBy === personId,
      createdAt: c.createdAt,
    })),
    renegotiationsYouRecorded: recorded.map(({ r, commitmentTitle, teamId }) => ({
      teamId,
      commitment: commitmentTitle,
      at: r.at,
      from: r.previousDueOn,
      to: r.newDueOn,
      reason: r.reason,
      agreedBy: r.agreedBy,
    })),
    sprintPlanChanges: planChanges.map(({ e, sprintName, teamId, itemTitle }) => ({
      teamId,
      sprint: sprintName,
      item: itemTitle,
      addedByYou: e.addedBy === personId ? { at: e.addedAt, reason: e.addReason } : null,
      removedByYou: e.removedBy === personId ? { at: e.removedAt, reason: e.removeReason } : null,
    })),
    trustEventsYouRecorded: events.map((e) => ({ teamId: e.teamId, kind: e.kind, at: e.at, note: e.note })),
  };
}

const renamed = (names: string[], name: string | null) => names.map((n) => (name !== null && n === name ? FORMER_MEMBER : n));

async function forget(db: LedgerDatabase, personId: string): Promise<void> {
  const [person] = await db.select({ name: people.name }).from(people).where(eq(people.id, personId));
  // Free-text name lists can only be matched by the name itself, which is gone once the account is.
  const name = person?.name ?? null;
  await db.transaction(async (tx) => {
    const records = await tx.select().from(tradeOffs).where(bearerOf(personId)).for('update');
    for (const r of records) {
      // The one change an accepted record allows: a person's right to be forgotten outranks its immutability. The
      // revision stays, so every signature still counts for the text it was given to.
      const content: TradeOffContent = {
        ...r.content,
        bearers: r.content.bearers.map((b) => (b.personId === personId ? { ...b, name: FORMER_MEMBER } : b)),
        consulted: renamed(r.content.consulted, name),
        informed: renamed(r.content.informed, name),
      };
      await tx.update(tradeOffs).set({ content }).where(eq(tradeOffs.id, r.id));
    }
    await tx
      .update(commitments)
      .set({ ownerName: FORMER_MEMBER, ownerPersonId: null })
      .where(eq(commitments.ownerPersonId, personId));
    if (name !== null) {
      // Only in the person's own teams: someone elsewhere may share the name.
      const memberOf = await tx
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .where(eq(teamMembers.personId, personId));
      const teamIds = [...new Set([...records.map((r) => r.teamId), ...memberOf.map((m) => m.teamId)])];
      const agreed =
        teamIds.length === 0
          ? []
          : await tx
              .select({ id: renegotiations.id, agreedBy: renegotiations.agreedBy })
              .from(renegotiations)
              .innerJoin(commitments, eq(commitments.id, renegotiations.commitmentId))
              .where(
                and(inArray(commitments.teamId, teamIds), sql`${renegotiations.agreedBy} @> ${JSON.stringify([name])}::jsonb`),
              );
      for (const r of agreed) {
        await tx
          .update(renegotiations)
          .set({ agreedBy: renamed(r.agreedBy, name) })
          .where(eq(renegotiations.id, r.id));
      }
      // A commitment whose owner was typed in by name only (no account link).
      if (teamIds.length > 0) {
        await tx
          .update(commitments)
          .set({ ownerName: FORMER_MEMBER })
          .where(and(inArray(commitments.teamId, teamIds), eq(commitments.ownerName, name)));
      }
    }
  });
}

export function ledgerPersonalData(db: LedgerDatabase): LedgerPersonalDataSource {
  return {
    name: 'ledger',
    export: (personId) => exportFor(db, personId),
    erase: async () => {},
    forgetAccount: (personId) => forget(db, personId),
  };
}
