// Quest play behind the QuestService contract. This file only wires the parts together; each has one job:
//   joining.ts        create a quest, invites, join, recognise a player by token
//   quest-lobby.ts    seats, bots filling empty roles, clearing a seat, the start
//   quest-commands.ts who may send what; stamp, decide, append at the expected version, retry on a race
//   server-clock.ts   one deadline timer per running quest
//   bot-runner.ts     bot turns: think time, the per-quest move cap
//   presence.ts       who is connected; a dropped seat is covered after the grace period and released on return
//   change-feed.ts    listeners hear only committed changes
//   live-quests.ts    the quests held in memory, loaded from the store and evicted when idle
//   seat-views.ts     what a player reads, redacted for their seat, and the debrief
//   restart.ts        what a server start does for quests whose clock may be running
//   quest-participation.ts  counting signed-in players active for billing, off the command path
//   quest-leases.ts   which process runs a quest's clock and bots when several share the database
//   quest-personal-data.ts  a person's quests for their export; unlinking them when they withdraw
import { randomBytes } from 'node:crypto';
import type { CompiledScenario, QuestEvent } from '../../engine/index.ts';
import type { QuestStore } from '../store/quest-store.ts';
import { BotRunner } from './bot-runner.ts';
import { ChangeFeed } from './change-feed.ts';
import { Joining } from './joining.ts';
import type { LiveQuest } from './live-quest.ts';
import { LiveQuests } from './live-quests.ts';
import { Presence, type PresenceElsewhere } from './presence.ts';
import { QuestCommands } from './quest-commands.ts';
import { type QuestLeases, soleProcess } from './quest-leases.ts';
import { QuestLobby } from './quest-lobby.ts';
import { type QuestLogger, quietLogger } from './quest-log.ts';
import { QuestParticipation, type RecordParticipation } from './quest-participation.ts';
import { type QuestPersonalDataSource, questPersonalData } from './quest-personal-data.ts';
import type { BotPersona, Player, QuestChange, QuestService, SeatChoice } from './quest-service.ts';
import { resumeActiveQuests } from './restart.ts';
import { ScenarioSource } from './scenario-source.ts';
import { type QuestTimers, ScheduledWork, systemTimers } from './scheduled-work.ts';
import { SeatViews } from './seat-views.ts';
import { ServerClock } from './server-clock.ts';
import { SharedPlay } from './shared-play.ts';

export interface QuestServiceOptions {
  store: QuestStore;
  catalog: ReadonlyMap<string, CompiledScenario>;
  /** Server time in ms. Every command is stamped max(clock(), state.clock). */
  clock?: () => number;
  timers?: QuestTimers;
  /** Uniform in [0, 1): bot think times and default seeds. Tokens and invites always use the OS CSPRNG. */
  random?: () => number;
  graceSeconds?: number;
  /** A snapshot every this many events (and at every scene change). */
  snapshotEvery?: number;
  /** How long a bot thinks between turns, ms. */
  botThinkMs?: { min: number; max: number };
  /** Upper bound on bot moves per quest per second, whatever the bots want. */
  botMovesPerSecond?: number;
  logger?: QuestLogger;
  /** Counts a signed-in person active in an organisation (accounts' recordActivity); without it nothing is counted. */
  recordParticipation?: RecordParticipation;
  /** Which process runs each quest's clock; the default (one process) runs them all here. */
  leases?: QuestLeases;
  /** The sockets other processes hold (with shared leases), so a player connected anywhere keeps their seat. */
  presenceElsewhere?: PresenceElsewhere;
  /** Told when a deadline is sent, for metrics; must not throw. */
  onDeadline?: (questId: string) => void;
}

/** The contract plus what tests and the process need: waiting for queued work. */
export interface QuestPlay extends QuestService {
  /** Resolves when no quest has work queued (timers that have not fired yet do not count). */
  settled(): Promise<void>;
  /** Changes committed by this process, to announce to the others (server/scale-out). */
  onCommittedHere(listener: (change: QuestChange) => void): () => void;
  /**
   * Another process committed a change: a quest held here folds in the events its announcement carried when they
   * follow on from the version held, and otherwise reads the change back from the store; then tells its sockets.
   * Answers which it was, or null when the quest is not held here.
   */
  changedElsewhere(questId: string, carried?: readonly { seq: number; event: QuestEvent }[]): Promise<'carried' | 'read' | null>;
  /** Quests held here with someone connected, and the version held, for the check that no announcement was missed. */
  watched(): { questId: string; version: number }[];
  /** Takes over running quests whose process is gone (their lease is free); returns the ids taken. */
  adoptOrphans(): Promise<string[]>;
  /** For the quests run here: grace periods follow who is connected to any live process (the periodic check). */
  followPresence(): Promise<void>;
}

function cryptoRandom(): number {
  return randomBytes(6).readUIntBE(0, 6) / 2 ** 48;
}

/** A service with every quest whose clock may be running already loaded and moving again. */
export async function createQuestService(opts: QuestServiceOptions): Promise<QuestPlay> {
  const service = new QuestPlayService(opts);
  await service.boot();
  return service;
}

class QuestPlayService implements QuestPlay {
  private readonly live: LiveQuests;
  private readonly work: ScheduledWork;
  private readonly feed: ChangeFeed;
  private readonly commands: QuestCommands;
  private readonly presence: Presence;
  private readonly clock: ServerClock;
  private readonly bots: BotRunner;
  private readonly lobbyRoom: QuestLobby;
  private readonly joining: Joining;
  private readonly views: SeatViews;
  private readonly shared: SharedPlay;
  private readonly personal: QuestPersonalDataSource;
  /** Loads every quest whose clock may be running: overdue deadlines resolve now, bots and grace timers restart. */
  readonly boot: () => Promise<void>;

  constructor(o: QuestServiceOptions) {
    const { store, catalog } = o;
    const now = o.clock ?? Date.now;
    const random = o.random ?? cryptoRandom;
    const graceSeconds = o.graceSeconds ?? 45;
    const snapshotEvery = Math.max(1, Math.floor(o.snapshotEvery ?? 50));
    const log = o.logger ?? quietLogger;

    const leases = o.leases ?? soleProcess;
    // Built-in scenarios from the catalog, generated ones (practice quests) from the store.
    const scenarios = new ScenarioSource(catalog, store.db);
    const live = new LiveQuests(store, scenarios, log);
    const work = new ScheduledWork(o.timers ?? systemTimers, live, log);
    const feed = new ChangeFeed(log);
    // After every committed change the deadline timer, the bots and the grace timers follow the new state. The
    // clock, the bots and presence all send commands, so they are built after the commands that call this.
    // Only the lease holder runs the clock and the bots (quest-leases.ts).
    const afterChange = (q: LiveQuest): void => shared.afterChange(q);
    const participation = new QuestParticipation(o.recordParticipation ?? null, now, log);
    const commands = new QuestCommands({
      store,
      live,
      feed,
      now,
      log,
      snapshotEvery,
      controlProblem: (q, cmd) => presence.coverProblem(q, cmd),
      afterChange,
      tookPart: (who) => participation.tookPart(who),
    });
    const presence = new Presence({
      ...{ store, live, feed, work, commands, now, log, graceSeconds },
      runsHere: (questId) => leases.holds(questId),
      ...(o.presenceElsewhere ? { elsewhere: o.presenceElsewhere } : {}),
    });
    const clock = new ServerClock(work, commands, now, log, o.onDeadline);
    const bots = new BotRunner({
      work,
      commands,
      now,
      random,
      thinkMs: o.botThinkMs ?? { min: 4_000, max: 20_000 },
      movesPerSecond: Math.max(1, o.botMovesPerSecond ?? 5),
      log,
    });

    this.live = live;
    this.work = work;
    this.feed = feed;
    this.commands = commands;
    this.presence = presence;
    this.clock = clock;
    this.bots = bots;
    this.lobbyRoom = new QuestLobby({ store, live, feed, presence, now, log, snapshotEvery, afterChange });
    this.joining = new Joining({ store, scenarios, live, feed, now, random, log });
    this.views = new SeatViews(store, catalog, live, graceSeconds);
    this.personal = questPersonalData({ store, scenarios, live, feed, log });
    const shared = new SharedPlay({ store, live, work, commands, presence, clock, bots, leases, now, log });
    this.shared = shared;
    this.boot = () => resumeActiveQuests({ store, live, presence, clock, now, log, afterChange, leases });
  }

  onCommittedHere(listener: (change: QuestChange) => void) {
    return this.feed.subscribeCommittedHere(listener);
  }

  changedElsewhere(questId: string, carried?: readonly { seq: number; event: QuestEvent }[]) {
    return this.shared.changedElsewhere(questId, carried);
  }

  watched() {
    return this.shared.watched();
  }

  adoptOrphans() {
    return this.shared.adoptOrphans();
  }

  followPresence() {
    return this.shared.followPresence();
  }

  scenarios() {
    return this.views.scenarios();
  }

  createQuest(input: Parameters<QuestService['createQuest']>[0]) {
    return this.joining.createQuest(input);
  }

  inviteInfo(invite: string) {
    return this.joining.inviteInfo(invite);
  }

  join(invite: string, name: string, personId?: string) {
    return this.joining.join(invite, name, personId);
  }

  authenticate(questId: string, token: string) {
    return this.joining.authenticate(questId, token);
  }

  authenticatePerson(questId: string, personId: string) {
    return this.joining.authenticatePerson(questId, personId);
  }

  personalData() {
    return this.personal;
  }

  lobby(questId: string) {
    return this.views.lobby(questId);
  }

  takeSeat(player: Player, seat: SeatChoice) {
    return this.lobbyRoom.takeSeat(player, seat);
  }

  fillBots(player: Player, persona: BotPersona) {
    return this.lobbyRoom.fillBots(player, persona);
  }

  clearSeat(player: Player, role: string) {
    return this.lobbyRoom.clearSeat(player, role);
  }

  start(player: Player) {
    return this.lobbyRoom.start(player);
  }

  command(player: Player, command: unknown) {
    return this.commands.command(player, command);
  }

  snapshot(player: Player) {
    return this.views.snapshot(player);
  }

  events(player: Player, afterSeq: number, limit: number) {
    return this.views.events(player, afterSeq, limit);
  }

  seatEvents(player: Player, events: { seq: number; event: QuestEvent }[]) {
    return this.views.seatEvents(player, events);
  }

  seatView(player: Player) {
    return this.views.seatView(player);
  }

  debrief(player: Player) {
    return this.views.debrief(player);
  }

  setConnected(player: Player, connected: boolean) {
    return this.presence.setConnected(player, connected);
  }

  onChange(listener: (change: QuestChange) => void) {
    return this.feed.subscribe(listener);
  }

  settled(): Promise<void> {
    return this.work.settled();
  }

  async close(): Promise<void> {
    this.work.close();
    for (const q of this.live.all()) {
      this.clock.stop(q);
      this.presence.cancelGrace(q);
      this.bots.stop(q);
    }
    await this.work.settled();
    this.feed.clear();
    await this.shared.close();
  }
}
