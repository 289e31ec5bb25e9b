// Where the server's heap goes per connected player: the load bench's server (as bench/load/polarity-server.ts puts
// it together, PGlite in a temporary directory) in this process, and quests of five sockets (facilitator + the four
// roles of ship-by-friday, as bench/load/players.ts sets them up) played a few dozen moves each from a child process,
// so the heap measured is the server's alone. Prints the heap growth per socket over the idle server (and the
// marginal cost between the two halves of the ramp, without fixed costs), then a census of two heap snapshots:
// self size by constructor, and what the key objects (a LiveQuest, a socket, ...) retain, by dominator tree.
//   node --import tsx --expose-gc bench/load/heap-census.ts [--quests 200] [--moves 30] [--no-snapshot]
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import type { Socket } from 'socket.io-client';

const ROLES = ['pm', 'eng', 'cs', 'design'] as const;
const SCENARIO = 'ship-by-friday';
const TALK_SHARE = 0.75;
const SETUP_CONCURRENCY = 16;
const WARM_UP_QUESTS = 16;

interface Plan {
  url: string;
  from: number;
  to: number;
  moves: number;
}

type ClientMessage = { kind: 'done'; quests: number; moves: number; refused: number } | { kind: 'failed'; error: string };

// ---------------------------------------------------------------------------------------------- the server side

async function runServer(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quests: { type: 'string', default: '200' },
      moves: { type: 'string', default: '30' },
      'no-snapshot': { type: 'boolean', default: false },
      top: { type: 'string', default: '30' },
    },
  });
  const total = Number.parseInt(values.quests, 10);
  const moves = Number.parseInt(values.moves, 10);
  const top = Number.parseInt(values.top, 10);
  if (!(total >= 2) || !(moves >= 0)) throw new Error('usage: heap-census.ts [--quests n>=2] [--moves n]');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --import tsx --expose-gc');

  const pino = (await import('pino')).default;
  const { loadCatalog } = await import('../../scenarios/catalog.ts');
  const { buildApp } = await import('../../server/app.ts');
  const { createQuestService } = await import('../../server/quests/create-quest-service.ts');
  const { openDeployment } = await import('../../server/scale-out/deployment.ts');
  const { openStore } = await import('../../server/store/open-store.ts');

  const dir = mkdtempSync(join(tmpdir(), 'polarity-heap-'));
  const logger = pino({ level: 'warn', base: { service: 'polarity-heap-census' } });
  const opened = await openStore({ dataDir: dir });
  const deployment = await openDeployment({
    config: { databaseUrl: undefined, redisUrl: undefined, redisKeyPrefix: 'unused:', metricsToken: undefined },
    opened,
    logger,
  });
  const service = await createQuestService({ ...deployment.questOptions, store: opened.store, catalog: loadCatalog(), logger });
  const app = await buildApp({
    service,
    logger,
    httpLimits: { perMinute: 10_000_000, createPerMinute: 10_000_000, joinPerMinute: 10_000_000 },
    operations: deployment.operations,
  });
  await deployment.start(service);
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await service.settled();
      await app.sockets.settled();
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  /** Packets Socket.IO keeps for connection state recovery, by event and by whether they went to one socket. */
  const recoveryPackets = () => {
    const packets =
      (app.sockets.io.of('/').adapter as unknown as { packets?: { data: unknown[]; opts: { rooms: Set<string> } }[] }).packets ??
      [];
    const kinds = new Map<string, number>();
    for (const p of packets) {
      const room = [...p.opts.rooms][0] ?? '';
      const kind = `${String(p.data[0])} to ${room.startsWith('quest:') ? 'the quest' : 'one socket'}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return `${packets.length} packets (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})`;
  };

  const clients = fork(new URL(import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, HEAP_CENSUS_CLIENTS: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const play = (plan: Plan) =>
    new Promise<Extract<ClientMessage, { kind: 'done' }>>((resolve, reject) => {
      clients.once('message', (m: ClientMessage) => (m.kind === 'done' ? resolve(m) : reject(new Error(m.error))));
      clients.send(plan);
    });
  // Warm-up quests, so code compiled and caches filled on first use do not count as per-player memory.
  await play({ url, from: 0, to: WARM_UP_QUESTS, moves });
  await settle();

  const snapDir = mkdtempSync(join(tmpdir(), 'polarity-heap-snap-'));
  const idle = heap();
  const idleSnapshot = values['no-snapshot'] ? null : writeHeapSnapshot(join(snapDir, 'idle.heapsnapshot'));
  const half = Math.floor(total / 2);
  const first = await play({ url, from: WARM_UP_QUESTS, to: WARM_UP_QUESTS + half, moves });
  await settle();
  const atHalf = heap();
  const second = await play({ url, from: WARM_UP_QUESTS + half, to: WARM_UP_QUESTS + total, moves });
  await settle();
  const atFull = heap();
  const packets = recoveryPackets();
  const fullSnapshot = values['no-snapshot'] ? null : writeHeapSnapshot(join(snapDir, 'full.heapsnapshot'));

  const sockets = total * 5;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `\n${total} quests, ${sockets} sockets, ${moves} moves a quest (${first.moves + second.moves} sent, ` +
      `${first.refused + second.refused} refused); recovery buffer ${packets}`,
  );
  console.log(`heap idle ${kb(idle)} · at ${half} quests ${kb(atHalf)} · at ${total} quests ${kb(atFull)}`);
  console.log(`heap growth per socket over idle: ${kb((atFull - idle) / sockets)}`);
  console.log(`marginal heap per socket (second half of the ramp): ${kb((atFull - atHalf) / ((total - half) * 5))}`);

  clients.disconnect();
  await app.close();
  await service.close();
  await deployment.close();
  await opened.close();
  rmSync(dir, { recursive: true, force: true });

  if (idleSnapshot && fullSnapshot) {
    const before = readSnapshot(idleSnapshot);
    const after = readSnapshot(fullSnapshot);
    printCensus(before, after, sockets, top);
  }
  rmSync(snapDir, { recursive: true, force: true });
  process.exit(0);
}

// ------------------------------------------------------------------------------------------- the snapshot census

interface Snapshot {
  nodeCount: number;
  /** Per node: its class (constructor name for objects, type for the rest). */
  label: string[];
  selfSize: Float64Array;
  firstEdge: Uint32Array;
  edgeTo: Uint32Array;
  edgeName: string[];
  edgeWeak: Uint8Array;
}

function readSnapshot(path: string): Snapshot {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const nodeCount = raw.nodes.length / nf;
  const edgeCount = raw.edges.length / ef;
  const label: string[] = new Array(nodeCount);
  const selfSize = new Float64Array(nodeCount);
  const firstEdge = new Uint32Array(nodeCount + 1);
  let e = 0;
  for (let i = 0; i < nodeCount; i++) {
    const type = nodeTypes[raw.nodes[i * nf + nType] as number] as string;
    const name = raw.strings[raw.nodes[i * nf + nName] as number] as string;
    label[i] = type === 'object' || type === 'native' ? name : `(${type})`;
    selfSize[i] = raw.nodes[i * nf + nSize] as number;
    firstEdge[i] = e;
    e += raw.nodes[i * nf + nEdges] as number;
  }
  firstEdge[nodeCount] = e;
  const edgeTo = new Uint32Array(edgeCount);
  const edgeName: string[] = new Array(edgeCount);
  const edgeWeak = new Uint8Array(edgeCount);
  for (let k = 0; k < edgeCount; k++) {
    const type = edgeTypes[raw.edges[k * ef + eType] as number];
    const n = raw.edges[k * ef + eName] as number;
    edgeTo[k] = (raw.edges[k * ef + eTo] as number) / nf;
    edgeName[k] = type === 'element' || type === 'hidden' ? String(n) : (raw.strings[n] as string);
    edgeWeak[k] = type === 'weak' ? 1 : 0;
  }
  // Three classes are called Socket: Socket.IO's, Engine.IO's and node:net's; their properties tell them apart.
  for (let i = 0; i < nodeCount; i++) {
    if (label[i] !== 'Socket') continue;
    for (let k = firstEdge[i] as number; k < (firstEdge[i + 1] as number); k++) {
      const name = edgeName[k];
      if (name === 'nsp') label[i] = 'Socket (socket.io)';
      else if (name === 'transport') label[i] = 'Socket (engine.io)';
      else if (name === '_handle') label[i] = 'Socket (net)';
    }
  }
  return { nodeCount, label, selfSize, firstEdge, edgeTo, edgeName, edgeWeak };
}

function bump(a: Uint32Array | Float64Array, i: number, by: number): void {
  a[i] = (a[i] as number) + by;
}

/** Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm) and retained sizes, from the root node 0. */
function dominators(
  s: Snapshot,
  /** Classes whose references are not followed: what they share with others is then charged to the others. */
  ignored: ReadonlySet<string> = new Set(),
): {
  idom: Int32Array;
  retained: Float64Array;
  order: Uint32Array;
  reached: number;
  preds: Uint32Array;
  predStart: Uint32Array;
} {
  const n = s.nodeCount;
  const skip = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (ignored.has(s.label[v] as string)) skip[v] = 1;
  const strong = (v: number, k: number) => !s.edgeWeak[k] && !skip[v];
  const post = new Int32Array(n).fill(-1);
  const order = new Uint32Array(n);
  let count = 0;
  const stack = new Uint32Array(n);
  const cursor = new Uint32Array(n);
  const seen = new Uint8Array(n);
  let top = 0;
  stack[top++] = 0;
  seen[0] = 1;
  cursor[0] = s.firstEdge[0] as number;
  while (top > 0) {
    const v = stack[top - 1] as number;
    const end = s.firstEdge[v + 1] as number;
    let pushed = false;
    while ((cursor[v] as number) < end) {
      const k = cursor[v] as number;
      cursor[v] = k + 1;
      if (!strong(v, k)) continue;
      const w = s.edgeTo[k] as number;
      if (seen[w]) continue;
      seen[w] = 1;
      cursor[w] = s.firstEdge[w] as number;
      stack[top++] = w;
      pushed = true;
      break;
    }
    if (!pushed) {
      top--;
      post[v] = count;
      order[count++] = v;
    }
  }
  // Predecessors of reached nodes, through strong edges.
  const predCount = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    if (!seen[v]) continue;
    for (let k = s.firstEdge[v] as number; k < (s.firstEdge[v + 1] as number); k++)
      if (strong(v, k)) bump(predCount, (s.edgeTo[k] as number) + 1, 1);
  }
  for (let v = 0; v < n; v++) bump(predCount, v + 1, predCount[v] as number);
  const preds = new Uint32Array(predCount[n] as number);
  const fill = predCount.slice(0, n);
  for (let v = 0; v < n; v++) {
    if (!seen[v]) continue;
    for (let k = s.firstEdge[v] as number; k < (s.firstEdge[v + 1] as number); k++)
      if (strong(v, k)) {
        const w = s.edgeTo[k] as number;
        preds[fill[w] as number] = v;
        bump(fill, w, 1);
      }
  }
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while ((post[a] as number) < (post[b] as number)) a = idom[a] as number;
      while ((post[b] as number) < (post[a] as number)) b = idom[b] as number;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = count - 2; i >= 0; i--) {
      const v = order[i] as number;
      let d = -1;
      for (let p = predCount[v] as number; p < (predCount[v + 1] as number); p++) {
        const u = preds[p] as number;
        if (idom[u] === -1) continue;
        d = d === -1 ? u : intersect(u, d);
      }
      if (d !== -1 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(n);
  for (let i = 0; i < count; i++) {
    const v = order[i] as number;
    bump(retained, v, s.selfSize[v] as number);
    if (v !== 0) bump(retained, idom[v] as number, retained[v] as number);
  }
  return { idom, retained, order: order.slice(0, count), reached: count, preds, predStart: predCount };
}

/** The classes whose instances own a share of the heap: every object is charged to its nearest owner dominating it. */
const OWNERS = [
  'LiveQuest',
  'QuestLane',
  'Socket (socket.io)',
  'Socket (engine.io)',
  'Socket (net)',
  'Client',
  'IncomingMessage',
  'WebSocket',
  'TokenBucket',
  'PgBossQueue',
  'PGlite',
  'Server',
  'Namespace',
  'SessionAwareAdapter',
  'Adapter',
  'LiveQuests',
  'QuestMemo',
  'SeatViews',
  'QuestPlayService',
  'ChangeFeed',
  'ScheduledWork',
  'Presence',
  'BotRunner',
  'ServerClock',
  'SharedPlay',
  'QuestCommands',
  'GroupCommit',
  'QuestStore',
  'Fastify',
];

const UNNAMED_EDGES = new Set(['table', 'context', 'map', 'elements', 'properties', '__proto__', 'value', 'key', 'source']);

/** `Retainer.name` when the first retainer of v holds it under a name of its own, else null. */
function namedStep(snap: Snapshot, dom: ReturnType<typeof dominators>, v: number): string | null {
  const p = dom.preds[dom.predStart[v] as number];
  if (p === undefined || p === 0) return null;
  for (let k = snap.firstEdge[p] as number; k < (snap.firstEdge[p + 1] as number); k++) {
    if (snap.edgeTo[k] !== v) continue;
    const name = snap.edgeName[k] as string;
    if (/^\d+$/.test(name) || UNNAMED_EDGES.has(name) || name.includes(' ')) return null;
    return `${snap.label[p]}.${name}`;
  }
  return null;
}

function printCensus(before: Snapshot, after: Snapshot, sockets: number, top: number): void {
  const bySelf = (s: Snapshot) => {
    const m = new Map<string, { count: number; size: number }>();
    for (let v = 0; v < s.nodeCount; v++) {
      const e = m.get(s.label[v] as string) ?? { count: 0, size: 0 };
      e.count++;
      e.size += s.selfSize[v] as number;
      m.set(s.label[v] as string, e);
    }
    return m;
  };
  const b = bySelf(before);
  const a = bySelf(after);
  const rows = [...a].map(([name, x]) => {
    const y = b.get(name) ?? { count: 0, size: 0 };
    return { name, count: x.count - y.count, size: x.size - y.size };
  });
  rows.sort((p, q) => q.size - p.size);
  const per = (n: number) => `${(n / sockets).toFixed(0).padStart(6)} B`;
  console.log(`\nSelf size growth by constructor (idle -> full), per socket:`);
  for (const r of rows.slice(0, top))
    console.log(`  ${per(r.size)}  ${(r.count / sockets).toFixed(2).padStart(8)} objects  ${r.name}`);

  const d = dominators(after);
  const charge = (snap: Snapshot, dom: ReturnType<typeof dominators>) => {
    const owners = new Set(OWNERS);
    const ownerOf = new Int32Array(snap.nodeCount).fill(-1);
    const via: string[] = new Array(snap.nodeCount);
    const charged = new Map<string, number>();
    for (let i = dom.reached - 1; i >= 0; i--) {
      const v = dom.order[i] as number;
      const parent = v === 0 ? -1 : (ownerOf[dom.idom[v] as number] as number);
      ownerOf[v] = owners.has(snap.label[v] as string) ? v : parent;
      let owner: string;
      if (ownerOf[v] !== -1) owner = snap.label[ownerOf[v] as number] as string;
      else {
        // Named by the nearest dominator reached through a named property or variable (`Context.audiences`).
        via[v] = v === 0 ? '(root)' : (namedStep(snap, dom, v) ?? (via[dom.idom[v] as number] as string));
        owner = `(no owner) ${snap.label[v]} via ${via[v]}`;
      }
      charged.set(owner, (charged.get(owner) ?? 0) + (snap.selfSize[v] as number));
    }
    return charged;
  };
  const chargedBefore = charge(before, dominators(before));
  const chargedAfter = charge(after, d);
  const growth = [...chargedAfter].map(([owner, size]) => [owner, size - (chargedBefore.get(owner) ?? 0)] as const);
  const owned = growth.filter(([o]) => !o.startsWith('(no owner)'));
  const unowned = growth.filter(([o]) => o.startsWith('(no owner)'));
  console.log(`\nHeap growth charged to the nearest owning object that dominates it, per socket:`);
  for (const [owner, size] of owned.sort((p, q) => q[1] - p[1])) console.log(`  ${per(size)}  ${owner}`);
  const rest = unowned.reduce((t, [, size]) => t + size, 0);
  console.log(`  ${per(rest)}  owned by none of them, of which:`);
  for (const [owner, size] of unowned.sort((p, q) => q[1] - p[1]).slice(0, top))
    console.log(`      ${per(size)}  ${owner.slice('(no owner) '.length)}`);

  // The biggest single holders in the whole heap (idle included): objects retaining much, by the path leading to them.
  const threshold = Math.max(64 * 1024, sockets * 256);
  const edgeBetween = (parent: number, child: number) => {
    for (let k = after.firstEdge[parent] as number; k < (after.firstEdge[parent + 1] as number); k++)
      if (after.edgeTo[k] === child) return after.edgeName[k] as string;
    return null;
  };
  // How u is reached: the edge from its dominator, or else from its first retainer (a dominator need not point at it).
  const stepTo = (u: number) => {
    const direct = edgeBetween(d.idom[u] as number, u);
    if (direct !== null) return `.${direct} ${after.label[u]}`;
    const p = d.preds[d.predStart[u] as number] as number;
    return `~(${after.label[p]}.${edgeBetween(p, u)}) ${after.label[u]}`;
  };
  const pathOf = (v: number) => {
    const parts: string[] = [];
    for (let u = v, depth = 0; u !== 0 && depth < 8; u = d.idom[u] as number, depth++) parts.unshift(stepTo(u));
    return parts.join(' ');
  };
  const big: number[] = [];
  for (let v = 1; v < after.nodeCount; v++) {
    if (d.idom[v] === -1 || (d.retained[v] as number) < threshold) continue;
    // Only the deepest holder of each big chunk: skip v when one child of it holds most of what v retains.
    let largestChild = 0;
    for (let k = after.firstEdge[v] as number; k < (after.firstEdge[v + 1] as number); k++) {
      const w = after.edgeTo[k] as number;
      if (d.idom[w] === v) largestChild = Math.max(largestChild, d.retained[w] as number);
    }
    if (largestChild > 0.8 * (d.retained[v] as number)) continue;
    big.push(v);
  }
  big.sort((p, q) => (d.retained[q] as number) - (d.retained[p] as number));
  console.log(`\nBiggest holders in the whole heap (retained, per socket; path of dominators from the root):`);
  for (const v of big.slice(0, Math.min(top, 15))) console.log(`  ${per(d.retained[v] as number)}  ${pathOf(v)}`);

  // What each owner instance retains, split by its own properties.
  const retainedBy = (dom: ReturnType<typeof dominators>, classes: string[]) => {
    for (const cls of classes) {
      let instances = 0;
      let total = 0;
      const byProp = new Map<string, number>();
      for (let v = 0; v < after.nodeCount; v++) {
        if (after.label[v] !== cls || dom.idom[v] === -1) continue;
        instances++;
        total += dom.retained[v] as number;
        for (let k = after.firstEdge[v] as number; k < (after.firstEdge[v + 1] as number); k++) {
          const w = after.edgeTo[k] as number;
          if (dom.idom[w] !== v) continue;
          const name = after.edgeName[k] as string;
          byProp.set(name, (byProp.get(name) ?? 0) + (dom.retained[w] as number));
        }
      }
      if (instances === 0) continue;
      console.log(`  ${cls}: ${instances} instances, ${(total / instances).toFixed(0)} B each`);
      const props = [...byProp].sort((p, q) => q[1] - p[1]).slice(0, 10);
      for (const [name, size] of props) console.log(`      ${(size / instances).toFixed(0).padStart(7)} B  .${name}`);
    }
  };
  console.log(`\nRetained size of key objects, average per instance, by property:`);
  retainedBy(d, ['LiveQuest', 'QuestMemo', 'QuestLane', 'Socket (socket.io)', 'Socket (engine.io)', 'Client', 'WebSocket']);
  // A quest's state is shared with its view memo (engine/views.ts) and its lobbies with the packets Socket.IO keeps:
  // not following those, the quest is charged with all of it.
  console.log(`\nRetained by a LiveQuest, with what it shares with view memos and recovery packets:`);
  retainedBy(dominators(after, new Set(['QuestMemo', 'SessionAwareAdapter'])), ['LiveQuest']);
}

// --------------------------------------------------------------------------------------------- the client side

async function runClients(): Promise<void> {
  const { io: connect } = await import('socket.io-client');
  const { nextMove } = await import('../../engine/bots/personas.ts');
  const { initialBotMemory } = await import('../../engine/bots/turn.ts');
  type View = Parameters<typeof nextMove>[1];
  type Memory = ReturnType<typeof initialBotMemory>;
  interface Seat {
    socket: Socket;
    view: View | null;
    memory: Memory;
    rng: number;
  }
  // Every socket stays open until this process is told to go: the server's heap is measured with them connected.
  const open: Socket[] = [];
  let refused = 0;
  let sent = 0;

  async function post<T>(url: string, json: unknown): Promise<T> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
    const body = (await res.json()) as T;
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }
  function socketOf(url: string, auth: Record<string, string>): Promise<Socket> {
    const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    open.push(s);
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  }
  async function ack(s: Socket, event: string, payload: unknown): Promise<{ ok: boolean; error?: unknown }> {
    return (await s.timeout(30_000).emitWithAck(event, payload)) as { ok: boolean; error?: unknown };
  }
  function seatOf(socket: Socket, seed: number): Seat {
    const seat: Seat = { socket, view: null, memory: initialBotMemory(), rng: seed };
    socket.on('quest:update', (u: { view?: View | null }) => {
      if (u.view) seat.view = u.view;
    });
    return seat;
  }

  async function quest(url: string, index: number, moves: number): Promise<void> {
    const host = await post<{ questId: string; invite: string; player: { token: string } }>(`${url}/api/quests`, {
      scenarioId: SCENARIO,
      name: `Facilitator ${index}`,
    });
    const facilitator = await socketOf(url, { token: host.player.token, questId: host.questId });
    const chair = await ack(facilitator, 'lobby:seat', { seat: 'facilitator' });
    if (!chair.ok) throw new Error(`quest ${index}: the host could not facilitate: ${JSON.stringify(chair)}`);
    const seats: Seat[] = [];
    for (const [k, role] of ROLES.entries()) {
      const joined = await post<{ player: { token: string } }>(`${url}/api/invites/${host.invite}/join`, {
        name: `${role} ${index}`,
      });
      const s = await socketOf(url, { token: joined.player.token, questId: host.questId });
      seats.push(seatOf(s, index * 7919 + k));
      const r = await ack(s, 'lobby:seat', { seat: role });
      if (!r.ok) throw new Error(`quest ${index}: could not take ${role}: ${JSON.stringify(r)}`);
    }
    const started = await ack(facilitator, 'lobby:start', {});
    if (!started.ok) throw new Error(`quest ${index}: could not start: ${JSON.stringify(started)}`);
    // Deterministic per quest, so before/after runs play the same moves.
    let rng = index * 2654435761;
    const random = () => {
      rng = (Math.imul(rng ^ (rng >>> 15), 2246822507) + 0x9e3779b9) | 0;
      return (rng >>> 0) / 2 ** 32;
    };
    for (let m = 0; m < moves; m++) {
      const seat = seats[Math.floor(random() * seats.length)] as Seat;
      let command: Record<string, unknown> = {
        type: 'say',
        text: `load ${m}: shipping Friday means cutting the batch path, not the tests`,
      };
      if (seat.view && random() >= TALK_SHARE) {
        const move = nextMove('collaborative', seat.view, seat.memory, seat.rng, { now: Date.now() });
        seat.memory = move.memory;
        seat.rng = move.rng;
        if (move.command) command = move.command as Record<string, unknown>;
      }
      sent++;
      const reply = await ack(seat.socket, 'quest:command', { command });
      if (!reply.ok) refused++;
    }
  }

  process.on('message', (plan: Plan) => {
    let next = plan.from;
    const worker = async () => {
      while (next < plan.to) await quest(plan.url, next++, plan.moves);
    };
    sent = 0;
    refused = 0;
    Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker)).then(
      () => process.send?.({ kind: 'done', quests: plan.to - plan.from, moves: sent, refused } satisfies ClientMessage),
      (e: unknown) =>
        process.send?.({ kind: 'failed', error: e instanceof Error ? e.message : String(e) } satisfies ClientMessage),
    );
  });
  process.on('disconnect', () => {
    for (const s of open) s.close();
    process.exit(0);
  });
}

if (process.env.HEAP_CENSUS_CLIENTS === '1') await runClients();
else await runServer();
