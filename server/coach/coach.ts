// The private coach as a service: debriefs each person after a quest, answers their questions from the playbook (or a
// configured model, falling back to the playbook), and keeps everything sealed per person. Every entry point takes
// the person's own id; nothing here reads across people, and nothing is exported to anyone but the person.
import { randomUUID } from 'node:crypto';
import type { CompiledScenario, QuestEvent } from '../../engine/index.ts';
import type { CoachConfig } from './coach-config.ts';
import { type AskedQuestion, type CoachDatabase, CoachStore, type StoredDebrief } from './coach-store.ts';
import type { DebriefDelivery } from './debrief-delivery.ts';
import { type PersonalDebrief, signalsOfDebrief, writeDebrief } from './debrief-writer.ts';
import { askModel, buildPrompt } from './model-coach.ts';
import { historyFrom } from './personal-history.ts';
import { PLAYBOOK } from './playbook/playbook.ts';
import { PlaybookSearch } from './playbook/playbook-search.ts';
import { type CoachAnswer, playbookAnswer } from './playbook-answer.ts';
import { type PersonalQuestRecord, QuestLogError, readQuestFor } from './quest-moments.ts';
import { Variation } from './variation.ts';

export const MAX_QUESTION_LENGTH = 1000;

export type CoachRefusalCode = 'invalid' | 'not_found' | 'rate_limited';

export class CoachRefusal extends Error {
  constructor(
    readonly code: CoachRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoachRefusal';
  }
}

export interface CoachLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const SILENT: CoachLogger = { info: () => undefined, warn: () => undefined };

export interface CoachOptions {
  db: CoachDatabase;
  config: Pick<CoachConfig, 'keyring' | 'llm'>;
  deliveries?: DebriefDelivery[];
  /** Whether the person takes part (accounts' consent); people who do not get no debrief. Everyone, when absent. */
  takingPart?: (personId: string) => Promise<boolean>;
  logger?: CoachLogger;
  clock?: () => number;
  fetch?: typeof fetch;
  /** Questions per person per window; the model costs money and the playbook is cheap but not free. */
  askLimit?: { max: number; windowMs: number };
}

export interface QuestForCoaching {
  questId: string;
  scenario: CompiledScenario;
  events: readonly QuestEvent[];
  /** The quest's variables at the end (state.vars), for titles with placeholders. */
  vars?: Record<string, number | string>;
  /** Who played which role. Bots and anonymous players have no person and get no debrief. */
  players: { personId: string; role: string }[];
}

export interface DebriefSummary {
  id: string;
  questId: string;
  scenarioTitle: string;
  roleName: string;
  createdAt: Date;
  unread: boolean;
  /** The steps the debrief is about, for a list line: "Price the risks · practise: Check in when it heats up". */
  headline: string;
}

export interface CoachExport {
  debriefs: StoredDebrief[];
  signals: unknown[];
  questions: AskedQuestion[];
}

export interface Coach {
  /** Writes, stores and delivers each player's debrief; a quest already debriefed for a person is skipped. */
  debriefQuest(quest: QuestForCoaching): Promise<{ personId: string; debriefId: string | null; created: boolean }[]>;
  listDebriefs(personId: string): Promise<DebriefSummary[]>;
  /** The person's own debrief, marked read; null when it is not theirs or does not exist. */
  readDebrief(personId: string, debriefId: string): Promise<StoredDebrief | null>;
  ask(personId: string, question: string): Promise<CoachAnswer>;
  history(personId: string): Promise<AskedQuestion[]>;
  /** Deletes everything the coach holds about the person (their choice, a withdrawal, a deleted account). */
  erase(personId: string): Promise<void>;
  /** The person's own coaching data, opened, for their own export. */
  exportFor(personId: string): Promise<CoachExport>;
  /** For accounts' PersonalData.register(): the 'coaching' section of a person's own export, and its erasure. */
  personalDataSource: { name: 'coaching'; export(personId: string): Promise<unknown>; erase(personId: string): Promise<void> };
  rotateKeys(): Promise<{ resealed: number; unreadable: number }>;
}

/** "Price the risks · Name the trade-off · practise: Check in when it heats up"; "Practise: …" when it stands alone. */
function headlineOf(d: PersonalDebrief): string {
  const strengths = d.observations.filter((o) => o.tone === 'strength').map((o) => o.stepTitle);
  return strengths.length > 0
    ? [...strengths, `practise: ${d.practise.stepTitle}`].join(' · ')
    : `Practise: ${d.practise.stepTitle}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new CoachRefusal('invalid', `${what} must be a UUID`);
  return value.toLowerCase();
}

export function createCoach(opts: CoachOptions): Coach {
  const logger = opts.logger ?? SILENT;
  const clock = opts.clock ?? Date.now;
  const store = new CoachStore(opts.db, opts.config.keyring, (table, keyId, error) =>
    logger.warn({ table, keyId, reason: error.message }, 'a coaching record could not be opened and was left out'),
  );
  const search = new PlaybookSearch(PLAYBOOK);
  const deliveries = opts.deliveries ?? [];
  const limit = opts.askLimit ?? { max: 30, windowMs: 60 * 60_000 };
  const asked = new Map<string, number[]>();

  function allowAsk(personId: string): void {
    const now = clock();
    const recent = (asked.get(personId) ?? []).filter((t) => now - t < limit.windowMs);
    if (recent.length >= limit.max) {
      asked.set(personId, recent);
      throw new CoachRefusal('rate_limited', `you have asked ${limit.max} questions recently; try again a little later`);
    }
    recent.push(now);
    asked.set(personId, recent);
  }

  async function deliver(personId: string, id: string, debrief: PersonalDebrief): Promise<void> {
    let delivered = false;
    for (const d of deliveries) {
      try {
        await d.deliverDebrief(personId, { ...debrief, id });
        delivered = true;
      } catch (e) {
        logger.warn({ delivery: d.name, debriefId: id, reason: (e as Error).message }, 'a debrief could not be delivered');
      }
    }
    if (delivered) await store.markDelivered(personId, id, new Date(clock()));
  }

  async function exportFor(personId: string): Promise<CoachExport> {
    const id = checkId(personId, 'the person id');
    return {
      debriefs: await store.debriefs(id),
      signals: await store.signals(id, 1000),
      questions: await store.questions(id, 1000),
    };
  }

  async function erase(personId: string): Promise<void> {
    const id = checkId(personId, 'the person id');
    await store.erase(id);
    asked.delete(id);
  }

  return {
    async debriefQuest(quest) {
      const questId = checkId(quest.questId, 'the quest id');
      const results: { personId: string; debriefId: string | null; created: boolean }[] = [];
      for (const player of quest.players) {
        const personId = checkId(player.personId, "a player's person id");
        if (opts.takingPart && !(await opts.takingPart(personId))) {
          results.push({ personId, debriefId: null, created: false });
          continue;
        }
        let record: PersonalQuestRecord;
        let debrief: PersonalDebrief;
        try {
          record = readQuestFor({ scenario: quest.scenario, events: quest.events, vars: quest.vars }, player.role);
          debrief = writeDebrief(record, { personId, questId });
        } catch (e) {
          // One seat that cannot be debriefed (a quest stopped before its first scene) does not hold up the others.
          if (!(e instanceof QuestLogError)) throw e;
          logger.warn({ questId, role: player.role, reason: e.message }, 'no debrief for this seat');
          results.push({ personId, debriefId: null, created: false });
          continue;
        }
        const id = randomUUID();
        const created = await store.saveDebrief({
          id,
          personId,
          debrief,
          signals: signalsOfDebrief(record, debrief),
          at: new Date(clock()),
        });
        if (created) await deliver(personId, id, debrief);
        results.push({ personId, debriefId: created ? id : null, created });
      }
      return results;
    },

    async listDebriefs(personId) {
      const rows = await store.debriefs(checkId(personId, 'the person id'));
      return rows.map((r) => ({
        id: r.id,
        questId: r.questId,
        scenarioTitle: r.debrief.scenarioTitle,
        roleName: r.debrief.roleName,
        createdAt: r.createdAt,
        unread: r.readAt === null,
        headline: headlineOf(r.debrief),
      }));
    },

    async readDebrief(personId, debriefId) {
      const person = checkId(personId, 'the person id');
      if (typeof debriefId !== 'string' || !UUID.test(debriefId)) return null;
      const found = await store.debrief(person, debriefId.toLowerCase());
      if (found && found.readAt === null) {
        const at = new Date(clock());
        await store.markRead(person, found.id, at);
        return { ...found, readAt: at };
      }
      return found;
    },

    async ask(personId, question) {
      const person = checkId(personId, 'the person id');
      const q = typeof question === 'string' ? question.trim() : '';
      if (q.length === 0) throw new CoachRefusal('invalid', 'ask a question: it must not be empty');
      if (q.length > MAX_QUESTION_LENGTH)
        throw new CoachRefusal('invalid', `a question is at most ${MAX_QUESTION_LENGTH} characters`);
      allowAsk(person);
      const history = historyFrom(await store.signals(person));
      const matches = search.search(q, 3);
      const v = new Variation(`${person}\0${q}`);
      let answer = playbookAnswer(q, matches, history, v);
      if (opts.config.llm) {
        const reply = await askModel(opts.config.llm, buildPrompt(q, matches, history), opts.fetch);
        if (reply.ok) answer = { ...answer, source: 'model', text: reply.text };
        else logger.warn({ reason: reply.reason }, 'the coach model did not answer; the playbook answered instead');
      }
      await store.saveQuestion({ id: randomUUID(), personId: person, answer, at: new Date(clock()) });
      return answer;
    },

    async history(personId) {
      return store.questions(checkId(personId, 'the person id'));
    },

    erase,
    exportFor,
    personalDataSource: { name: 'coaching', export: exportFor, erase },
    rotateKeys: () => store.rotate(),
  };
}
