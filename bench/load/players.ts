// The simulated players, in a process of their own: quests of five sockets (the facilitator, who hosts and starts
// the quest, and one person in each of the four roles of ship-by-friday), or rooms of five sockets on the bare
// server. Each quest acts about once every 1-3 s, from a random role: three moves in four are talk (`say`), the rest
// what the engine's collaborative bot would do from that seat's own view (ready, propose, vote, share, ...), as a
// team of four people plays (bench/workloads/team-session.ts has the same mix).
//
// The clock: an action's latency runs from the moment its command is sent to the moment the last of the quest's
// five sockets has an update at or beyond the version the server acknowledged for it ("action to all peers").
import { io as connect, type Socket } from 'socket.io-client';
import { nextMove } from '../../engine/bots/personas.ts';
import { type BotMemory, initialBotMemory } from '../../engine/bots/turn.ts';
import type { QuestView } from '../../engine/index.ts';
import { cpuNow, progress, serveConductor } from './ipc.ts';

const ROLES = ['pm', 'eng', 'cs', 'design'] as const;
const SCENARIO = 'ship-by-friday';
/** A quest acts once every MIN..MAX ms (uniform), as a team of four talking and deciding does. */
const PACE_MS = { min: 1_000, max: 3_000 };
/** An action whose update has not reached every socket by then counts as lost. */
const LOST_AFTER_MS = 10_000;
/** Quests set up at once while ramping up. */
const SETUP_CONCURRENCY = 16;
const TALK_SHARE = 0.75;

type Target = 'polarity' | 'bare';

interface Seat {
  socket: Socket;
  role: string | null;
  /** Updates seen: the newest version, and recent (version, arrival) pairs for acknowledgements that come late. */
  version: number;
  recent: [number, number][];
  view: QuestView | null;
  memory: BotMemory;
  rng: number;
}

type Update = { version: number; view?: QuestView | null; base?: number; changes?: Partial<QuestView> };

interface Waiting {
  version: number;
  sent: number;
  arrivedAt: (number | null)[];
}

interface Quest {
  index: number;
  seats: Seat[];
  waiting: Waiting[];
  timer: NodeJS.Timeout | null;
  finished: boolean;
}

interface Window {
  latencies: number[];
  actions: number;
  refused: number;
  lost: number;
  refusals: Map<string, number>;
}

const quests: Quest[] = [];
let driving = true;
let window: Window = freshWindow();

function freshWindow(): Window {
  return { latencies: [], actions: 0, refused: 0, lost: 0, refusals: new Map() };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post<T>(url: string, json: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  const body = (await res.json()) as T;
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

function open(url: string, auth: Record<string, string>): Promise<Socket> {
  const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function ack<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  return (await s.timeout(30_000).emitWithAck(event, payload)) as T;
}

function seatOf(socket: Socket, role: string | null, seed: number): Seat {
  return { socket, role, version: 0, recent: [], view: null, memory: initialBotMemory(), rng: seed };
}

/** Every update moves the seat's version on and may complete actions waiting for this seat. */
function listen(q: Quest, i: number): void {
  const seat = q.seats[i] as Seat;
  seat.socket.on('quest:update', (u: Update) => {
    const at = performance.now();
    // The view as the web client keeps it: whole, or the changes since the one this socket was last sent.
    if (u.view !== undefined) seat.view = u.view;
    else if (u.changes && seat.view?.version === u.base) seat.view = { ...seat.view, ...u.changes } as QuestView;
    if (seat.view?.status === 'finished') q.finished = true;
    if (u.version <= seat.version) return;
    seat.version = u.version;
    seat.recent.push([u.version, at]);
    if (seat.recent.length > 16) seat.recent.shift();
    for (const w of q.waiting) if (w.arrivedAt[i] === null && u.version >= w.version) w.arrivedAt[i] = at;
    settle(q);
  });
}

function settle(q: Quest): void {
  q.waiting = q.waiting.filter((w) => {
    if (w.arrivedAt.some((a) => a === null)) return true;
    window.latencies.push(Math.max(...(w.arrivedAt as number[])) - w.sent);
    return false;
  });
}

/** When the server acknowledged version v: the seats that already have it arrived when they first saw >= v. */
function awaitVersion(q: Quest, version: number, sent: number): void {
  const arrivedAt = q.seats.map((s) => {
    if (s.version < version) return null;
    const first = s.recent.find(([v]) => v >= version);
    return first ? first[1] : sent;
  });
  const w: Waiting = { version, sent, arrivedAt };
  q.waiting.push(w);
  settle(q);
  setTimeout(() => {
    const i = q.waiting.indexOf(w);
    if (i < 0) return;
    q.waiting.splice(i, 1);
    window.lost++;
  }, LOST_AFTER_MS).unref();
}

function nextRng(rng: number): number {
  return (Math.imul(rng ^ (rng >>> 15), 2246822507) + 0x9e3779b9) | 0;
}

/** The command one seat sends now: talk mostly, otherwise the collaborative bot's move from its own view. */
function commandFor(seat: Seat, n: number, target: Target): Record<string, unknown> {
  const talk = { type: 'say', text: `load ${n}: shipping Friday means cutting the batch path, not the tests` };
  if (target === 'bare' || !seat.view || Math.random() < TALK_SHARE) return talk;
  const move = nextMove('collaborative', seat.view, seat.memory, seat.rng, { now: Date.now() });
  seat.memory = move.memory;
  seat.rng = nextRng(move.rng);
  return move.command ? (move.command as Record<string, unknown>) : talk;
}

let actionCount = 0;

function schedule(q: Quest, target: Target): void {
  const delay = PACE_MS.min + Math.random() * (PACE_MS.max - PACE_MS.min);
  q.timer = setTimeout(() => act(q, target), delay);
}

function act(q: Quest, target: Target): void {
  if (!driving) return;
  schedule(q, target);
  if (q.finished) return;
  const actors = q.seats.filter((s) => s.role !== null && s.role !== 'facilitator');
  const seat = actors[Math.floor(Math.random() * actors.length)] as Seat;
  const command = commandFor(seat, actionCount++, target);
  const sent = performance.now();
  window.actions++;
  const event = target === 'bare' ? 'act' : 'quest:command';
  const payload = target === 'bare' ? command : { command };
  seat.socket
    .timeout(LOST_AFTER_MS)
    .emitWithAck(event, payload)
    .then(
      (reply: { ok: boolean; version?: number; error?: { code: string } }) => {
        if (!reply.ok || reply.version === undefined) {
          window.refused++;
          const code = reply.error?.code ?? 'unknown';
          window.refusals.set(code, (window.refusals.get(code) ?? 0) + 1);
          return;
        }
        awaitVersion(q, reply.version, sent);
      },
      () => {
        window.lost++;
      },
    );
}

/** One Polarity quest: the facilitator creates and starts it, four people take the roles; sockets alternate urls. */
async function polarityQuest(urls: string[], index: number): Promise<Quest> {
  const api = urls[0] as string;
  const host = await post<{ questId: string; invite: string; player: { token: string } }>(`${api}/api/quests`, {
    scenarioId: SCENARIO,
    name: `Facilitator ${index}`,
  });
  const url = (k: number) => urls[(index + k) % urls.length] as string;
  const facilitator = await open(url(0), { token: host.player.token, questId: host.questId });
  const seats = [seatOf(facilitator, 'facilitator', index)];
  const q: Quest = { index, seats, waiting: [], timer: null, finished: false };
  listen(q, 0);
  const seated = await ack<{ ok: boolean }>(facilitator, 'lobby:seat', { seat: 'facilitator' });
  if (!seated.ok) throw new Error(`quest ${index}: the host could not facilitate: ${JSON.stringify(seated)}`);
  for (const [k, role] of ROLES.entries()) {
    const joined = await post<{ player: { token: string } }>(`${api}/api/invites/${host.invite}/join`, {
      name: `${role} ${index}`,
    });
    const s = await open(url(k + 1), { token: joined.player.token, questId: host.questId });
    seats.push(seatOf(s, role, index * 7919 + k));
    listen(q, k + 1);
    const r = await ack<{ ok: boolean }>(s, 'lobby:seat', { seat: role });
    if (!r.ok) throw new Error(`quest ${index}: could not take ${role}: ${JSON.stringify(r)}`);
  }
  const started = await ack<{ ok: boolean }>(facilitator, 'lobby:start', {});
  if (!started.ok) throw new Error(`quest ${index}: could not start: ${JSON.stringify(started)}`);
  return q;
}

async function bareRoom(urls: string[], index: number): Promise<Quest> {
  const seats: Seat[] = [];
  const q: Quest = { index, seats, waiting: [], timer: null, finished: false };
  for (let k = 0; k < 5; k++) {
    const s = await open(urls[(index + k) % urls.length] as string, { room: `room-${index}` });
    seats.push(seatOf(s, k === 0 ? 'facilitator' : (ROLES[k - 1] as string), index));
    listen(q, k);
  }
  return q;
}

/** Sets up quests until there are `total` (or until `until`, a Date.now() deadline), SETUP_CONCURRENCY at a time. */
async function grow(args: {
  target: Target;
  urls: string[];
  total: number;
  until: number;
}): Promise<{ quests: number; sockets: number; ms: number; failed: number; error: string | null }> {
  const started = performance.now();
  let next = quests.length;
  let failed = 0;
  let error: string | null = null;
  const make = args.target === 'bare' ? bareRoom : polarityQuest;
  const worker = async () => {
    // A server too slow to set quests up (a handshake timing out) ends the ramp here rather than the whole run.
    while (next < args.total && Date.now() < args.until && failed < SETUP_CONCURRENCY) {
      const index = next++;
      let q: Quest;
      try {
        q = await make(args.urls, index);
      } catch (e) {
        failed++;
        error ??= e instanceof Error ? e.message : String(e);
        continue;
      }
      quests.push(q);
      if (quests.length % 50 === 0) progress(`set up ${quests.length}/${args.total} quests`);
      // Quests start acting at random moments, so their actions do not come in lockstep.
      await pause(Math.random() * PACE_MS.max);
      schedule(q, args.target);
    }
  };
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker));
  return { quests: quests.length, sockets: quests.length * 5, ms: performance.now() - started, failed, error };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number;
}

/** Measures for `ms`: the latencies of actions completed in the window, and this process's CPU share. */
async function measure(args: { ms: number }) {
  window = freshWindow();
  const cpu0 = cpuNow();
  await pause(args.ms);
  const cpu1 = cpuNow();
  const w = window;
  window = freshWindow();
  const sorted = [...w.latencies].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    actions: w.actions,
    refused: w.refused,
    refusals: Object.fromEntries(w.refusals),
    lost: w.lost,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
    actionsPerSecond: (w.actions * 1000) / args.ms,
    finishedQuests: quests.filter((q) => q.finished).length,
    clientCpu: (cpu1.cpuMicros - cpu0.cpuMicros) / 1000 / (cpu1.at - cpu0.at),
  };
}

async function stop(): Promise<{ closed: number }> {
  driving = false;
  for (const q of quests) if (q.timer) clearTimeout(q.timer);
  await pause(500);
  for (const q of quests) for (const s of q.seats) s.socket.close();
  const closed = quests.length;
  quests.length = 0;
  driving = true;
  return { closed };
}

export type Measurement = Awaited<ReturnType<typeof measure>>;

serveConductor({ grow, measure, stop });
