// What quest play holds about a signed-in person, for their export and their withdrawal (docs/ACCOUNTS.md, "A
// person's data"). A person is in a quest through the players linked to them (players.person_id); what the log holds
// about them is what those players did: the events whose actor is one of their players. Other players' moves,
// messages sent to them and other seats' private cards are someone else's data and never appear here.
//
// Withdrawing cannot delete the quests themselves: they are shared records of what a group did together, and the
// other players' replays, debriefs and already computed aggregates depend on them. Instead the person is taken out:
// their players lose the link and their display name (replaced by WITHDRAWN_NAME, whether they typed it or not: a
// name identifies either way), and their chat lines lose their words. Chat is not part of the quest state (only the
// log holds it), so blanking it never changes a replay; the moves themselves stay, attributed to a role only.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { QuestEvent } from '../../engine/index.ts';
import { teams } from '../accounts/schema.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { organisations, players, questEvents, quests } from '../store/schema.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { LiveQuests } from './live-quests.ts';
import type { QuestLogger } from './quest-log.ts';
import type { ScenarioSource } from './scenario-source.ts';

/** What a withdrawn person's players are called from then on, in every lobby and debrief. */
export const WITHDRAWN_NAME = 'Former player';
/** The words of a withdrawn person's chat lines. */
export const WITHDRAWN_TEXT = '(removed: the person who wrote this withdrew)';

export interface QuestPersonalDataOptions {
  store: QuestStore;
  scenarios: ScenarioSource;
  live: LiveQuests;
  feed: ChangeFeed;
  log: QuestLogger;
}

/** The shape accounts' registerPersonalData takes (server/accounts/personal-data.ts), named here without importing it. */
export interface QuestPersonalDataSource {
  name: 'quests';
  export(personId: string): Promise<QuestParticipationExport>;
  erase(personId: string): Promise<void>;
}

export interface QuestParticipationExport {
  note: string;
  quests: {
    questId: string;
    scenario: { id: string; title: string | null };
    organisation: { id: string; name: string };
    team: { id: string; name: string } | null;
    status: string;
    createdAt: Date;
    you: { name: string; seat: string | null; host: boolean; joinedAt: Date };
    messages: { seq: number; at: string; kind: string; via: string; to: string | null; text: string }[];
    moves: { seq: number; at: string; seat: string | null; type: string; details: Record<string, unknown> }[];
  }[];
}

const when = (at: number) => new Date(at).toISOString();

export function questPersonalData(o: QuestPersonalDataOptions): QuestPersonalDataSource {
  return {
    name: 'quests',

    async export(personId) {
      const mine = await o.store.db
        .select({ p: players, q: quests, orgName: organisations.name, teamName: teams.name })
        .from(players)
        .innerJoin(quests, eq(quests.id, players.questId))
        .innerJoin(organisations, eq(organisations.id, quests.orgId))
        .leftJoin(teams, eq(teams.id, quests.teamId))
        .where(eq(players.personId, personId))
        .orderBy(quests.createdAt, players.createdAt);
      const ids = mine.map((m) => m.p.id);
      const done =
        ids.length === 0
          ? []
          : await o.store.db
              .select()
              .from(questEvents)
              // By quest first: the log's key is (quest, seq), so only these quests' events are read.
              .where(
                and(
                  inArray(
                    questEvents.questId,
                    mine.map((m) => m.q.id),
                  ),
                  inArray(questEvents.actor, ids),
                ),
              )
              .orderBy(questEvents.questId, questEvents.seq);
      // A practice quest's scenario is stored rather than in the catalog; its title is read once per scenario.
      const titles = new Map<string, string | null>();
      for (const { q } of mine) {
        const key = `${q.scenarioId} ${q.scenarioHash}`;
        if (!titles.has(key)) titles.set(key, (await o.scenarios.forQuest(q))?.def.title ?? null);
      }
      return {
        note:
          'The quests you played while signed in and taking part: where and when, your seat, and what you said and did. ' +
          'Other players’ moves and messages are theirs, so they are not here.',
        quests: mine.map(({ p, q, orgName, teamName }) => {
          const own = done.filter((e) => e.actor === p.id && e.questId === q.id);
          const messages = [];
          const moves = [];
          for (const e of own) {
            const event = e.payload as QuestEvent;
            if (event.type === 'message_sent') {
              messages.push({
                seq: e.seq,
                at: when(e.at),
                kind: event.kind,
                via: event.via,
                to: event.to ?? null,
                text: event.text,
              });
            } else {
              const { type, at: _at, ...details } = event;
              moves.push({ seq: e.seq, at: when(e.at), seat: e.seat, type, details });
            }
          }
          return {
            questId: q.id,
            scenario: { id: q.scenarioId, title: titles.get(`${q.scenarioId} ${q.scenarioHash}`) ?? null },
            organisation: { id: q.orgId, name: orgName },
            team: q.teamId && teamName !== null ? { id: q.teamId, name: teamName } : null,
            status: q.status,
            createdAt: q.createdAt,
            you: { name: p.name, seat: p.seat, host: p.host, joinedAt: p.createdAt },
            messages,
            moves,
          };
        }),
      };
    },

    async erase(personId) {
      // One transaction: a retry after a failure finds the links still there and does all of it again.
      const touched = await o.store.db.transaction(async (tx) => {
        const unlinked = await tx
          .update(players)
          .set({ personId: null, name: WITHDRAWN_NAME })
          .where(eq(players.personId, personId))
          .returning({ id: players.id, questId: players.questId });
        if (unlinked.length > 0) {
          await tx
            .update(questEvents)
            .set({ payload: sql`jsonb_set(${questEvents.payload}, '{text}', to_jsonb(${WITHDRAWN_TEXT}::text))` })
            .where(
              and(
                inArray(
                  questEvents.questId,
                  unlinked.map((u) => u.questId),
                ),
                inArray(
                  questEvents.actor,
                  unlinked.map((u) => u.id),
                ),
                eq(questEvents.type, 'message_sent'),
              ),
            );
        }
        return [...new Set(unlinked.map((u) => u.questId))];
      });
      // Quests held in memory keep their players there: reload them, so nothing more is counted for the person and
      // the lobby shows the new name at once.
      for (const questId of touched) {
        const q = o.live.held(questId);
        if (!q) continue;
        try {
          await q.exclusive(() => o.live.refresh(q));
          o.feed.lobbyChanged(q);
        } catch (e) {
          o.log.error({ err: e, questId }, 'reloading a quest after a withdrawal failed');
        }
      }
    },
  };
}
