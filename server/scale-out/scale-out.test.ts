// Several Polarity processes on one PostgreSQL and one Redis, behind nginx running deploy/nginx.conf
// (docs/DEPLOY.md). One quest's players sit on different processes and play it to the end while Redis is stopped
// for 10 s and the process running the quest's clock is killed with SIGKILL: every acknowledged command is stored,
// the stream has no gap, the quest still ends by its deadlines, and every player's socket is brought up to the
// final version. Then: with three processes holding one quest, each deadline is sent exactly once; and the
// quest-ended job runs its reactions once per quest, and again at start-up when a crash lost their completion.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { type Cluster, NGINX, type PolarityProcess, quickScenarioDir, sleep, startCluster } from './test-cluster.ts';

const SCENARIO = 'quick-friday';
const LEASE_NAMESPACE = 70_411_943;
let cluster: Cluster;
let scenariosDir: string;

before(async () => {
  assert.ok(existsSync(NGINX), `nginx is needed at ${NGINX} (apt-get install nginx)`);
  scenariosDir = quickScenarioDir();
  cluster = await startCluster({ scenariosDir, env: { POLARITY_BOT_THINK_MS: '300-1500', GRACE_SECONDS: '120' } });
  await cluster.startRedis();
});

after(async () => {
  await cluster?.stop();
  if (scenariosDir) rmSync(scenariosDir, { recursive: true, force: true });
});

interface Created {
  questId: string;
  invite: string;
  player: { id: string; token: string };
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()) as T;
}

type Ack = { ok: true; version: number; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };

/** What the first update after a reconnection brought: the version the client held, and the events it carried. */
interface CatchUp {
  from: number;
  version: number;
  seqs: number[];
}

/**
 * A player's client: a socket that reconnects by itself, saying on every (re)connect which version it holds (as
 * web/src/api/quest-socket.ts does), and what it was acknowledged and sent.
 */
class TestPlayer {
  readonly socket: Socket;
  readonly acked: string[] = [];
  /** Event seqs that arrived in quest:update messages. */
  readonly live = new Set<number>();
  /** Seqs that arrived a second time. */
  readonly duplicates: number[] = [];
  readonly catchUps: CatchUp[] = [];
  private reconnecting: number | null = null;
  private everConnected = false;
  version = 0;
  sent = 0;

  constructor(
    readonly name: string,
    readonly questId: string,
    readonly token: string,
    url: string,
  ) {
    this.socket = io(url, {
      // Asked on every (re)connect, so the server sends what this client missed while it was away.
      auth: (send) => send(this.version > 0 ? { questId, token, version: this.version } : { questId, token }),
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1_000,
    });
    this.socket.on('connect', () => {
      // The welcome is the first quest:update a socket gets: live updates wait until it has been sent.
      if (this.everConnected) this.reconnecting = this.version;
      this.everConnected = true;
    });
    this.socket.on('quest:update', (u: { version: number; events: { seq: number }[] }) => {
      for (const e of u.events) {
        if (this.live.has(e.seq)) this.duplicates.push(e.seq);
        this.live.add(e.seq);
      }
      if (this.reconnecting !== null) {
        this.catchUps.push({ from: this.reconnecting, version: u.version, seqs: u.events.map((e) => e.seq) });
        this.reconnecting = null;
      }
      this.version = Math.max(this.version, u.version);
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  async send(event: string, payload: unknown): Promise<Ack> {
    return (await this.socket.timeout(10_000).emitWithAck(event, payload)) as Ack;
  }

  /** Says something every ~400 ms while connected, until the quest ends or stop() says so. */
  async play(stop: () => boolean): Promise<void> {
    while (!stop()) {
      if (this.socket.connected) {
        const text = `${this.name} line ${this.sent++}`;
        try {
          const r = await this.send('quest:command', { command: { type: 'say', text } });
          if (r.ok) this.acked.push(text);
          else if (r.error.code === 'finished') return;
        } catch {
          // No acknowledgement (the process died mid-command): it may or may not have landed, so it is not counted.
        }
      }
      await sleep(400);
    }
  }
}

async function questRow(questId: string): Promise<{ status: string; version: number }> {
  const [row] = await cluster.sql<{ status: string; version: number }>('select status, version from quests where id = $1', [
    questId,
  ]);
  assert.ok(row);
  return row;
}

async function waitFor(what: string, ms: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

/** The process whose lease (advisory lock) runs this quest's clock, from pg_stat_activity's application name. */
async function leaseHolder(questId: string): Promise<PolarityProcess | undefined> {
  const rows = await cluster.sql<{ name: string }>(
    `select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.classid = $1
       and l.objid::bigint = (hashtext($2)::bigint & 4294967295)`,
    [LEASE_NAMESPACE, questId],
  );
  const pid = Number(rows[0]?.name.split(':')[1]);
  return cluster.servers.find((s) => s.child.pid === pid);
}

async function storedSeqs(questId: string): Promise<{ seqs: number[]; said: Set<string>; systemBatches: number }> {
  const rows = await cluster.sql<{ seq: number; type: string; actor: string; at: string; payload: { text?: string } }>(
    'select seq, type, actor, at, payload from quest_events where quest_id = $1 order by seq',
    [questId],
  );
  return {
    seqs: rows.map((r) => r.seq),
    said: new Set(rows.filter((r) => r.type === 'message_sent').map((r) => r.payload.text ?? '')),
    systemBatches: new Set(rows.filter((r) => r.actor === 'system').map((r) => r.at)).size,
  };
}

test('players on two processes play to the end through nginx; a Redis outage and a killed process lose nothing', {
  timeout: 600_000,
}, async (t) => {
  const a = await cluster.startServer();
  const b = await cluster.startServer();
  const lb = await cluster.startNginx([a.port, b.port]);

  const created = await post<Created>(`${lb.url}/api/quests`, { scenarioId: SCENARIO, name: 'Pat', seed: 11 });
  const players = [new TestPlayer('Pat', created.questId, created.player.token, lb.url)];
  for (const name of ['Eli', 'Cas']) {
    const j = await post<Created>(`${lb.url}/api/invites/${created.invite}/join`, { name });
    players.push(new TestPlayer(name, created.questId, j.player.token, lb.url));
  }
  await Promise.all(players.map((p) => p.connected()));
  // least_conn spreads the long-lived sockets: the quest's players are on both processes.
  await waitFor('sockets on both processes', 10_000, async () => (await a.metric('polarity_connected_sockets')) > 0);
  assert.ok((await b.metric('polarity_connected_sockets')) > 0, 'some players are on the second process');

  const [pat, eli, cas] = players as [TestPlayer, TestPlayer, TestPlayer];
  for (const [p, seat] of [
    [pat, 'pm'],
    [eli, 'eng'],
    [cas, 'cs'],
  ] as const) {
    const r = await p.send('lobby:seat', { seat });
    assert.equal(r.ok, true, JSON.stringify(r));
  }
  assert.equal((await pat.send('lobby:bots', { persona: 'collaborative' })).ok, true);
  const started = await pat.send('lobby:start', {});
  assert.equal(started.ok, true, JSON.stringify(started));

  let finished = false;
  const playing = players.map((p) => p.play(() => finished));
  const watching = waitFor('the quest to end', 400_000, async () => {
    finished = (await questRow(created.questId)).status === 'finished';
    return finished;
  });

  await sleep(6_000);
  // Redis away for 10 s: play goes on (PostgreSQL carries changes between processes meanwhile).
  const ackedBefore = players.map((p) => p.acked.length);
  await cluster.stopRedis();
  await sleep(10_000);
  const ackedDuring = players.map((p, i) => p.acked.length - (ackedBefore[i] ?? 0));
  await cluster.startRedis();
  assert.ok(
    ackedDuring.every((n) => n > 0),
    `every player had commands acknowledged while Redis was down: ${ackedDuring}`,
  );
  const afterRedis = (await questRow(created.questId)).version;
  await waitFor('every player to hear what happened during the outage', 30_000, () =>
    players.every((p) => p.version >= afterRedis),
  );

  // Kill the process that runs the quest's clock, without warning.
  await sleep(3_000);
  const holder = await leaseHolder(created.questId);
  assert.ok(holder, 'one process holds the quest lease');
  const survivor = holder === a ? b : a;
  const versionAtKill = (await questRow(created.questId)).version;
  await holder.kill('SIGKILL');
  t.diagnostic(`killed ${holder.name} at version ${versionAtKill}; ${survivor.name} carries on`);

  await watching;
  await Promise.all(playing);
  const final = await questRow(created.questId);
  const stored = await storedSeqs(created.questId);
  assert.deepEqual(
    stored.seqs,
    Array.from({ length: stored.seqs.length }, (_, i) => i + 1),
    'the stream has no gap',
  );
  assert.equal(final.version, stored.seqs.length);
  assert.ok(final.version > versionAtKill, 'the quest moved on after the kill');
  assert.equal(await leaseHolder(created.questId), undefined, 'a finished quest holds no lease');

  await waitFor('every player to reach the final version', 30_000, () => players.every((p) => p.version === final.version)).catch(
    (e: Error) => {
      const where = players.map((p) => `${p.name} at ${p.version} (connected: ${p.socket.connected})`).join(', ');
      throw new Error(`${e.message}: final ${final.version}; ${where}\n${survivor.output().slice(-3000)}`);
    },
  );
  for (const p of players) {
    const lost = p.acked.filter((text) => !stored.said.has(text));
    assert.deepEqual(lost, [], `${p.name}: acknowledged commands are stored`);
    assert.ok(p.acked.length > 10, `${p.name} played (${p.acked.length} acknowledged)`);
    assert.ok(p.live.has(final.version), `${p.name} heard the ending live`);
    const sync = await p.send('quest:sync', {});
    assert.ok(sync.ok && sync.version === final.version, `${p.name} syncs to the final version`);
    // Whatever a socket missed while it moved is in the log its client reads back on a gap.
    const r = await fetch(`${lb.url}/api/quests/${created.questId}/events?after=0&limit=1000`, {
      headers: { authorization: `Bearer ${p.token}` },
    });
    const { events } = (await r.json()) as { events: { seq: number }[] };
    // Redacted for the seat (a card shown to others is not in this player's log): a part of the stream, to its end.
    const all = new Set(stored.seqs);
    assert.ok(events.length > 0 && events.every((e) => all.has(e.seq)), `${p.name}: the log is the stored stream`);
    assert.equal(events.at(-1)?.seq, final.version, `${p.name}: the log runs to the end`);
    // The socket alone brought every event of the log, once: what a reconnection missed came with its catch-up.
    assert.deepEqual(p.duplicates, [], `${p.name}: no event arrived twice`);
    assert.deepEqual(
      events.map((e) => e.seq).filter((seq) => !p.live.has(seq)),
      [],
      `${p.name}: every event of the log arrived over the socket`,
    );
    // A catch-up brings exactly the seat's events after the version the client held, up to the version it names
    // (none when over 200 behind: the client pages the log then).
    for (const c of p.catchUps) {
      assert.deepEqual(
        c.seqs,
        c.version - c.from > 200 ? [] : events.map((e) => e.seq).filter((seq) => seq > c.from && seq <= c.version),
        `${p.name}: a catch-up brings what followed the version held (${JSON.stringify(c)})`,
      );
    }
    const caughtUp = p.catchUps.reduce((n, c) => n + c.seqs.length, 0);
    t.diagnostic(
      `${p.name}: ${p.acked.length} acknowledged, ${events.length} events heard, ${p.catchUps.length} reconnections ` +
        `whose catch-ups carried ${caughtUp}`,
    );
    p.socket.close();
  }
  const reconnected = players.filter((p) => p.catchUps.length > 0);
  // Whether anything was committed while a socket was away depends on timing; what it carried is checked above.
  assert.ok(reconnected.length > 0, 'the players on the killed process reconnected');
  t.diagnostic(`after the kill the quest went from version ${versionAtKill} to ${final.version} and ended by its deadlines`);
  // How the survivor was brought the changes made elsewhere: carried over Redis, and found by the periodic check
  // while Redis was away (the fallback an operator watches).
  const via = (v: string) => survivor.metric('polarity_relay_deliveries_total', { via: v });
  const [byRedis, byStore, byCheck] = [await via('redis'), await via('store'), await via('check')];
  t.diagnostic(
    `the survivor's relay: ${byRedis} via redis, ${byStore} read back after an announcement, ${byCheck} found by the check`,
  );
  assert.ok(byRedis > 0, 'changes were carried over Redis');
  assert.ok(byCheck > 0, 'the periodic check delivered what Redis could not while it was down');
  await lb.stop();
});

test('with three processes holding one quest, every deadline is sent once; its quest-ended job runs once', {
  timeout: 600_000,
}, async (t) => {
  const extra = [await cluster.startServer(), await cluster.startServer()];
  const running = cluster.servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  assert.ok(running.length >= 3, `three processes run (${running.length})`);
  const [c, d] = extra as [PolarityProcess, PolarityProcess];
  const before = await Promise.all(
    running.map(async (s) => ({
      deadlines: await s.metric('polarity_quest_deadlines_total'),
      reactions: await s.metric('polarity_quest_end_reactions_total'),
    })),
  );

  const created = await post<Created>(`${c.url}/api/quests`, { scenarioId: SCENARIO, name: 'Facilitator', seed: 5 });
  const spectatorJoin = await post<Created>(`${d.url}/api/invites/${created.invite}/join`, { name: 'Watcher' });
  const host = new TestPlayer('Facilitator', created.questId, created.player.token, c.url);
  const watcher = new TestPlayer('Watcher', created.questId, spectatorJoin.player.token, d.url);
  await Promise.all([host.connected(), watcher.connected()]);
  assert.equal((await host.send('lobby:seat', { seat: 'facilitator' })).ok, true);
  assert.equal((await watcher.send('lobby:seat', { seat: 'spectator' })).ok, true);
  assert.equal((await host.send('lobby:bots', { persona: 'positional' })).ok, true);
  assert.equal((await host.send('lobby:start', {})).ok, true);

  await waitFor('the all-bot quest to end', 400_000, async () => (await questRow(created.questId)).status === 'finished');
  const stored = await storedSeqs(created.questId);
  await waitFor('the reactions to complete', 60_000, async () => {
    const rows = await cluster.sql('select 1 from quest_end_reactions where quest_id = $1', [created.questId]);
    return rows.length === 1;
  });
  const afterRun = await Promise.all(
    running.map(async (s) => ({
      deadlines: await s.metric('polarity_quest_deadlines_total'),
      reactions: await s.metric('polarity_quest_end_reactions_total'),
    })),
  );
  const sent = afterRun.map((m, i) => m.deadlines - (before[i]?.deadlines ?? 0));
  const reactions = afterRun.map((m, i) => m.reactions - (before[i]?.reactions ?? 0));
  t.diagnostic(`deadlines sent per process: ${sent}; system changes stored: ${stored.systemBatches}`);
  assert.ok(stored.systemBatches >= 2, 'deadlines moved the quest');
  assert.equal(
    sent.reduce((x, y) => x + y, 0),
    stored.systemBatches,
    'each deadline was sent once, by one process',
  );
  assert.equal(sent.filter((n) => n > 0).length, 1, 'one process ran the clock');
  assert.equal(
    reactions.reduce((x, y) => x + y, 0),
    1,
    `the quest-ended reactions ran once across processes (${reactions})`,
  );
  assert.ok(watcher.version === stored.seqs.length && host.version === stored.seqs.length, 'both sides heard the end');
  host.socket.close();
  watcher.socket.close();

  // A crash after the event but before the reactions completed: the next process to start runs them.
  await cluster.sql('delete from quest_end_reactions where quest_id = $1', [created.questId]);
  const late = await cluster.startServer();
  // The job it enqueues at start-up may run in any process: count them all.
  const everyone = [...running, late];
  const ranBefore = afterRun.reduce((x, m) => x + m.reactions, 0);
  // The run is counted as it starts and recorded as complete once its reactions finish, so wait for both.
  await waitFor('the reactions to run again after a start-up and be recorded', 60_000, async () => {
    const rows = await cluster.sql('select 1 from quest_end_reactions where quest_id = $1', [created.questId]);
    return rows.length === 1;
  });
  const ranAfter = await Promise.all(everyone.map((s) => s.metric('polarity_quest_end_reactions_total')));
  assert.equal(
    ranAfter.reduce((x, y) => x + y, 0),
    ranBefore + 1,
    'they ran once more, in one process',
  );
});
