// The load bench runs the server under test, the bare Socket.IO server and the simulated players in separate Node
// processes, so the players' CPU and memory never count as the server's. This is the small request/answer protocol
// over Node's IPC channel between the conductor (bench/load.ts) and those processes.
import { type ChildProcess, fork } from 'node:child_process';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

type Handler = (args: never) => unknown | Promise<unknown>;

interface Request {
  id: number;
  op: string;
  args: unknown;
}

type Message =
  | { kind: 'answer'; id: number; ok: true; value: unknown }
  | { kind: 'answer'; id: number; ok: false; error: string }
  | { kind: 'ready'; value: unknown }
  | { kind: 'progress'; text: string };

/** In a child: answers the conductor's requests with these handlers, then says it is ready with `ready`. */
export function serveConductor(
  handlers: Record<string, Handler>,
  ready: unknown = null,
  onDisconnect: () => void = () => process.exit(0),
): void {
  if (!process.send) throw new Error('this file is started by bench/load.ts, not on its own');
  const send = (m: Message) => process.send?.(m);
  process.on('message', (m: Request) => {
    const handler = handlers[m.op];
    if (!handler) {
      send({ kind: 'answer', id: m.id, ok: false, error: `no operation '${m.op}'` });
      return;
    }
    Promise.resolve()
      .then(() => handler(m.args as never))
      .then(
        (value) => send({ kind: 'answer', id: m.id, ok: true, value }),
        (e: unknown) =>
          send({ kind: 'answer', id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
  // The conductor going away (Ctrl-C, a crash) takes its children with it.
  process.on('disconnect', onDisconnect);
  send({ kind: 'ready', value: ready });
}

/** In a child: one line for the conductor's progress display. */
export function progress(text: string): void {
  process.send?.({ kind: 'progress', text } satisfies Message);
}

export interface Child<Ready> {
  pid: number;
  ready: Ready;
  call<T>(op: string, args?: unknown): Promise<T>;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
  stop(): Promise<void>;
}

/** Starts bench/load/<file> under tsx with an IPC channel and waits for it to say it is ready. */
export async function startChild<Ready>(
  file: string,
  opts: { env?: Record<string, string>; onProgress?: (text: string) => void; name: string; execArgv?: string[] },
): Promise<Child<Ready>> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const child: ChildProcess = fork(path, [], {
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096', ...(opts.execArgv ?? [])],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      const e = new Error(`${opts.name} (pid ${child.pid}) exited: ${signal ?? `code ${code}`}`);
      reject(e);
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    });
    child.on('message', (m: Message) => {
      if (m.kind === 'ready') resolve(m.value as Ready);
      else if (m.kind === 'progress') opts.onProgress?.(m.text);
      else {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.ok) w?.resolve(m.value);
        else w?.reject(new Error(`${opts.name}: ${m.error}`));
      }
    });
  });
  return {
    pid: child.pid as number,
    ready,
    call<T>(op: string, args?: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, op, args } satisfies Request);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}

/** What every server process reports: its memory after a full GC and its CPU time so far. */
export interface ProcessSample {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  /** user + system CPU time, µs. */
  cpuMicros: number;
  /** Wall clock, ms (performance.timeOrigin + now()). */
  at: number;
  /** Broadcast packets Socket.IO holds for connection state recovery (Polarity servers only). */
  recoveryPackets?: number | null;
}

export function sampleProcess(): ProcessSample {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Two passes: the first can leave garbage that only a second collection frees (weak refs, finalizers).
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  const c = process.cpuUsage();
  return {
    heapUsed: m.heapUsed,
    rss: m.rss,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    cpuMicros: c.user + c.system,
    at: performance.timeOrigin + performance.now(),
  };
}

export interface CpuSample {
  cpuMicros: number;
  at: number;
  /** How late timers ran since the previous sample (ms): a long synchronous task blocks every socket at once. */
  loopDelayP99: number;
  loopDelayMax: number;
  /** Garbage collection since the previous sample: the longest pause and all pauses together (ms). */
  gcMaxMs: number;
  gcTotalMs: number;
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let gc = { max: 0, total: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.max = Math.max(gc.max, e.duration);
    gc.total += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

/** CPU time and event-loop delay since the last call, without a GC (it would disturb what is measured). */
export function cpuNow(): CpuSample {
  const c = process.cpuUsage();
  const sample = {
    cpuMicros: c.user + c.system,
    at: performance.timeOrigin + performance.now(),
    loopDelayP99: loopDelay.percentile(99) / 1e6,
    loopDelayMax: loopDelay.max / 1e6,
    gcMaxMs: gc.max,
    gcTotalMs: gc.total,
  };
  loopDelay.reset();
  gc = { max: 0, total: 0 };
  return sample;
}
