import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Player } from '../quests/quest-service.ts';
import { api, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

// biome-ignore lint/suspicious/noExplicitAny: a test reads answers field by field and asserts each one
type Body = Record<string, any>;
type Answer = { status: number; json: Body; headers: Record<string, unknown>; body: string };

async function req(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  opts: { json?: unknown; body?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const payload = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  const res = await server.app.http.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
  let json: Body = {};
  try {
    json = res.json();
  } catch {
    json = {};
  }
  return { status: res.statusCode, json, headers: res.headers, body: res.body };
}

function refused(a: Answer, status: number, code: string, message?: RegExp): void {
  assert.equal(a.status, status, `status for ${a.body}`);
  assert.equal(a.json.error?.code, code, a.body);
  assert.equal(typeof a.json.error?.message, 'string');
  if (message) assert.match(a.json.error.message, message);
}

async function playerOf(questId: string, token: string): Promise<Player> {
  const p = await server.service.authenticate(questId, token);
  assert.ok(p);
  return p;
}

describe('happy paths', () => {
  test('health and the scenario gallery', async () => {
    const h = await req('GET', '/api/health');
    assert.equal(h.status, 200);
    assert.deepEqual(h.json, { ok: true, version: '0.1.0' });
    const s = await req('GET', '/api/scenarios');
    assert.equal(s.status, 200);
    const ship = s.json.scenarios.find((x: { id: string }) => x.id === 'ship-by-friday');
    assert.ok(ship);
    assert.deepEqual(
      ship.roles.map((r: { id: string }) => r.id),
      ['pm', 'eng', 'cs', 'design'],
    );
    assert.equal(typeof ship.minutes, 'number');
  });

  test('create, look up the invite, join, read the quest before and after the start, then the debrief', async () => {
    const created = await req('POST', '/api/quests', { json: { scenarioId: 'ship-by-friday', name: 'Dana', seed: 3 } });
    assert.equal(created.status, 201);
    const { questId, invite, player: host } = created.json;
    assert.match(host.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(host.name, 'Dana');

    const info = await req('GET', `/api/invites/${invite}`);
    assert.equal(info.status, 200);
    assert.equal(info.json.questId, questId);
    assert.equal(info.json.status, 'lobby');
    assert.equal(info.json.scenario.id, 'ship-by-friday');

    const joined = await req('POST', `/api/invites/${invite}/join`, { json: { name: '  Sam  ' } });
    assert.equal(joined.status, 201);
    assert.equal(joined.json.questId, questId);
    assert.equal(joined.json.player.name, 'Sam');

    const lobby = await req('GET', `/api/quests/${questId}`, { token: host.token });
    assert.equal(lobby.status, 200);
    assert.equal(lobby.json.version, 0);
    assert.equal(lobby.json.view, null);
    assert.equal(lobby.json.lobby.hostId, host.id);
    assert.deepEqual(
      lobby.json.lobby.players.map((p: { name: string }) => p.name),
      ['Dana', 'Sam'],
    );
    assert.deepEqual((await req('GET', `/api/quests/${questId}/events`, { token: host.token })).json, { events: [] });

    const h = await playerOf(questId, host.token);
    assert.equal((await server.service.fillBots(h, 'quiet')).ok, true);
    assert.equal((await server.service.start(h)).ok, true);

    const running = await req('GET', `/api/quests/${questId}`, { token: joined.json.player.token });
    assert.equal(running.status, 200);
    assert.ok(running.json.version > 0);
    assert.deepEqual(running.json.view.seat, { spectator: true });
    const events = await req('GET', `/api/quests/${questId}/events?after=0&limit=2`, { token: host.token });
    assert.equal(events.status, 200);
    assert.deepEqual(
      events.json.events.map((e: { seq: number }) => e.seq),
      [1, 2],
    );
    assert.equal(events.json.events[0].event.type, 'quest_started');
    const later = await req('GET', `/api/quests/${questId}/events?after=1`, { token: host.token });
    assert.equal(later.json.events[0].seq, 2);

    refused(await req('GET', `/api/quests/${questId}/debrief`, { token: host.token }), 409, 'wrong_phase', /debrief/);
    assert.equal((await server.service.command(h, { type: 'end', reason: 'test' })).ok, true);
    const debrief = await req('GET', `/api/quests/${questId}/debrief`, { token: host.token });
    assert.equal(debrief.status, 200);
    assert.equal(debrief.json.view.status, 'finished');
    assert.ok(Array.isArray(debrief.json.timeline));
    assert.ok(Array.isArray(debrief.json.framework));
  });
});

describe('every refusal is a specific 4xx', () => {
  let questId: string;
  let token: string;
  let invite: string;
  before(async () => {
    const q = await api.create(server.url, 'Owner');
    questId = q.questId;
    token = q.player.token;
    invite = q.invite;
  });

  test('create: missing, unknown and badly typed fields', async () => {
    const missing = await req('POST', '/api/quests', { json: { name: 'A' } });
    refused(missing, 400, 'invalid', /scenarioId/);
    assert.deepEqual(missing.json.error.issues[0].path, 'scenarioId');
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'ship-by-friday', name: 'A', colour: 'red' } }),
      400,
      'invalid',
      /unknown field 'colour'/,
    );
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'ship-by-friday', name: '' } }),
      400,
      'invalid',
      /name.*empty/,
    );
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'ship-by-friday', name: 'x'.repeat(41) } }),
      400,
      'invalid',
      /40/,
    );
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'ship-by-friday', name: 'a\u0007b' } }),
      400,
      'invalid',
      /control/,
    );
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'ship-by-friday', name: 'A', seed: 1.5 } }),
      400,
      'invalid',
      /seed/,
    );
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'ship-by-friday', name: 'A', seed: -1 } }),
      400,
      'invalid',
      /seed/,
    );
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'Ship By Friday', name: 'A' } }),
      400,
      'invalid',
      /scenario id/,
    );
    refused(await req('POST', '/api/quests', { json: [1, 2] }), 400, 'invalid');
    refused(await req('POST', '/api/quests', { json: null }), 400, 'invalid');
    refused(
      await req('POST', '/api/quests?debug=1', { json: { scenarioId: 'ship-by-friday', name: 'A' } }),
      400,
      'invalid',
      /debug/,
    );
    refused(
      await req('POST', '/api/quests', { json: { scenarioId: 'no-such-scenario', name: 'A' } }),
      404,
      'not_found',
      /no-such-scenario/,
    );
  });

  test('bodies that are not JSON, empty, or too large', async () => {
    refused(
      await req('POST', '/api/quests', { body: '{"scenarioId":', headers: { 'content-type': 'application/json' } }),
      400,
      'invalid',
      /not valid JSON/,
    );
    refused(
      await req('POST', '/api/quests', { body: '', headers: { 'content-type': 'application/json' } }),
      400,
      'invalid',
      /empty/,
    );
    refused(
      await req('POST', '/api/quests', { body: 'name=A', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      400,
      'invalid',
      /Content-Type: application\/json/,
    );
    refused(await req('POST', '/api/quests'), 400, 'invalid');
    refused(
      await req('POST', '/api/quests', {
        body: '{"__proto__":{"admin":true},"scenarioId":"ship-by-friday","name":"A"}',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'invalid',
    );
    const big = JSON.stringify({ scenarioId: 'ship-by-friday', name: 'A', pad: 'x'.repeat(17 * 1024) });
    refused(
      await req('POST', '/api/quests', { body: big, headers: { 'content-type': 'application/json' } }),
      413,
      'too_large',
      /16 KB/,
    );
  });

  test('invites: malformed and unknown', async () => {
    refused(await req('GET', '/api/invites/not%20an%20invite'), 400, 'invalid', /path field 'invite'/);
    refused(await req('GET', '/api/invites/AAAAAAAAAAAAAAAAAAAA'), 404, 'not_found', /invite/);
    refused(await req('POST', '/api/invites/AAAAAAAAAAAAAAAAAAAA/join', { json: { name: 'B' } }), 404, 'not_found');
    refused(
      await req('POST', `/api/invites/${invite}/join`, { json: { name: 'B', seat: 'pm' } }),
      400,
      'invalid',
      /unknown field 'seat'/,
    );
    refused(await req('POST', `/api/invites/${invite}/join`, { json: {} }), 400, 'invalid', /name/);
    refused(await req('GET', `/api/invites/${invite}?x=1`), 400, 'invalid', /x/);
  });

  test('quest reads need the bearer token of a player of that quest', async () => {
    refused(await req('GET', `/api/quests/${questId}`), 401, 'unauthorized', /Bearer/);
    refused(await req('GET', `/api/quests/${questId}`, { headers: { authorization: `Basic ${token}` } }), 401, 'unauthorized');
    refused(await req('GET', `/api/quests/${questId}`, { headers: { authorization: 'Bearer short' } }), 401, 'unauthorized');
    refused(await req('GET', `/api/quests/${questId}`, { token: 'A'.repeat(43) }), 401, 'unauthorized', /does not belong/);
    const other = await api.create(server.url, 'Elsewhere');
    refused(await req('GET', `/api/quests/${questId}`, { token: other.player.token }), 401, 'unauthorized');
    refused(await req('GET', '/api/quests/00000000-0000-4000-8000-000000000000', { token }), 401, 'unauthorized');
    refused(await req('GET', '/api/quests/not*an*id', { token }), 400, 'invalid', /path field 'id'/);
    refused(await req('GET', `/api/quests/${questId}?verbose=true`, { token }), 400, 'invalid', /verbose/);
  });

  test('event paging is checked', async () => {
    const base = `/api/quests/${questId}/events`;
    refused(await req('GET', `${base}?after=-1`, { token }), 400, 'invalid', /after/);
    refused(await req('GET', `${base}?after=abc`, { token }), 400, 'invalid', /after/);
    refused(await req('GET', `${base}?limit=0`, { token }), 400, 'invalid', /limit.*at least 1/);
    refused(await req('GET', `${base}?limit=5000`, { token }), 400, 'invalid', /limit.*1000/);
    refused(await req('GET', `${base}?after=1&after=2`, { token }), 400, 'invalid', /after/);
    refused(await req('GET', `${base}?page=2`, { token }), 400, 'invalid', /page/);
    refused(await req('GET', base), 401, 'unauthorized');
  });

  test('the debrief waits for the end', async () => {
    refused(await req('GET', `/api/quests/${questId}/debrief`, { token }), 409, 'wrong_phase');
  });

  test('unknown API paths and methods are JSON 404s', async () => {
    refused(await req('GET', '/api/nothing-here'), 404, 'not_found', /GET \/api\/nothing-here/);
    refused(await req('POST', '/api/health', { json: {} }), 404, 'not_found');
    refused(await req('DELETE', `/api/quests/${questId}`, { token }), 404, 'not_found');
    refused(await req('GET', '/api'), 404, 'not_found');
  });
});

describe('rate limits', () => {
  test('creating quests has its own, tighter budget', async () => {
    const limited = await startTestServer({
      opened: server.opened,
      app: { httpLimits: { perMinute: 100, createPerMinute: 2, joinPerMinute: 2 } },
    });
    try {
      const create = () =>
        limited.app.http.inject({ method: 'POST', url: '/api/quests', payload: { scenarioId: 'ship-by-friday', name: 'A' } });
      assert.equal((await create()).statusCode, 201);
      assert.equal((await create()).statusCode, 201);
      const third = await create();
      assert.equal(third.statusCode, 429);
      assert.equal(third.json().error.code, 'rate_limited');
      assert.match(third.json().error.message, /try again in/);
      assert.ok(Number(third.headers['retry-after']) > 0, 'retry-after says when');
      assert.equal(
        (await limited.app.http.inject({ method: 'GET', url: '/api/health' })).statusCode,
        200,
        'other routes still answer',
      );
    } finally {
      await limited.close();
    }
  });

  test('the whole API is limited per client', async () => {
    const limited = await startTestServer({ opened: server.opened, app: { httpLimits: { perMinute: 5 } } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++)
        codes.push((await limited.app.http.inject({ method: 'GET', url: '/api/scenarios' })).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('the web client', () => {
  test('serves the build, falls back to index.html for client routes, and 404s missing assets', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'polarity-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Polarity</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    const web = await startTestServer({ opened: server.opened, app: { webDist: dist } });
    try {
      const inject = (url: string) => web.app.http.inject({ method: 'GET', url });
      const root = await inject('/');
      assert.equal(root.statusCode, 200);
      assert.match(root.body, /<title>Polarity<\/title>/);
      assert.equal(root.headers['referrer-policy'], 'no-referrer');
      assert.match(String(root.headers['content-security-policy']), /default-src 'self'/);
      const route = await inject('/join/abcdefghijklmnopqrst');
      assert.equal(route.statusCode, 200);
      assert.match(route.body, /id="root"/);
      const asset = await inject('/assets/app-abc123.js');
      assert.equal(asset.statusCode, 200);
      assert.match(String(asset.headers['cache-control']), /immutable/);
      assert.equal((await inject('/assets/missing-123.js')).statusCode, 404);
      assert.equal((await inject('/api/unknown')).json().error.code, 'not_found');
    } finally {
      await web.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });

  test('without a build every page says how to make one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'polarity-nodist-'));
    const web = await startTestServer({ opened: server.opened, app: { webDist: empty } });
    try {
      for (const url of ['/', '/join/abc']) {
        const page = await web.app.http.inject({ method: 'GET', url });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /npm run build:web/);
      }
      assert.equal((await web.app.http.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
    } finally {
      await web.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
