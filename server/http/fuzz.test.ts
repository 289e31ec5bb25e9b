// Thousands of random and malformed HTTP requests against a running quest: none may crash the server, answer 5xx,
// or change the quest. Requests that happen to be valid and would write (create, join) are left out, since those
// are meant to change something.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Player } from '../quests/quest-service.ts';
import { createQuestBody, joinBody } from './request-schemas.ts';
import { api, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
let questId: string;
let invite: string;
let token: string;
let host: Player;

before(async () => {
  server = await startTestServer();
  const q = await api.create(server.url, 'Host', 'ship-by-friday', 5);
  questId = q.questId;
  invite = q.invite;
  token = q.player.token;
  host = (await server.service.authenticate(questId, token))!;
  assert.equal((await server.service.takeSeat(host, 'pm')).ok, true);
  assert.equal((await server.service.fillBots(host, 'quiet')).ok, true);
  assert.equal((await server.service.start(host)).ok, true);
});
after(() => server.close());

async function fingerprint(): Promise<string> {
  const snap = await server.service.snapshot(host);
  const events = await server.service.events(host, 0, 1000);
  return JSON.stringify({
    version: snap.version,
    players: snap.lobby.players.length,
    seats: snap.lobby.seats,
    status: snap.lobby.status,
    events,
  });
}

const junkText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('%', '%00', '..%2f..%2fetc%2fpasswd', 'ship-by-friday', '0', '-1', 'null', '__proto__', 'constructor'),
);

const path = fc.oneof(
  fc.constantFrom(
    '/api/quests',
    `/api/invites/INVITE`,
    `/api/invites/INVITE/join`,
    '/api/quests/QUEST',
    '/api/quests/QUEST/events',
    '/api/quests/QUEST/debrief',
    '/api/scenarios',
    '/api/health',
  ),
  junkText.map((s) => `/api/quests/${encodeURIComponent(s)}`),
  junkText.map((s) => `/api/invites/${encodeURIComponent(s)}/join`),
  junkText.map((s) => `/api/${encodeURIComponent(s)}`),
);

const query = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(fc.constantFrom('after', 'limit', 'x', 'seed', '__proto__'), junkText, { maxKeys: 3 })
    .map((d) => `?${new URLSearchParams(d as Record<string, string>).toString()}`),
  junkText.map((s) => `?${s}`),
);

const body = fc.oneof(
  fc.jsonValue().map((v) => ({ text: JSON.stringify(v), type: 'application/json' })),
  fc
    .record(
      { scenarioId: fc.oneof(junkText, fc.jsonValue()), name: fc.oneof(junkText, fc.jsonValue()), seed: fc.jsonValue() },
      { requiredKeys: [] },
    )
    .map((v) => ({ text: JSON.stringify(v), type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'text/plain' })),
  fc
    .constantFrom('{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '[', '{"name":', '\u0000')
    .map((text) => ({ text, type: 'application/json' })),
  fc.constant({ text: 'x'.repeat(20_000), type: 'application/json' }),
  fc.constant(null),
);

const authorization = fc.oneof(
  fc.constant(undefined),
  fc.constant('TOKEN'),
  junkText.map((s) => `Bearer ${s}`),
  junkText,
);

function wouldWrite(method: string, url: string, text: string | undefined): boolean {
  if (method !== 'POST' || text === undefined) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (url === '/api/quests') return createQuestBody.safeParse(parsed).success;
  if (/^\/api\/invites\/[^/]+\/join$/.test(url)) return joinBody.safeParse(parsed).success;
  return false;
}

test('random and malformed requests never crash, never 5xx, never change the quest', async () => {
  const before = await fingerprint();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path,
      query,
      body,
      authorization,
      async (method, p, q, b, auth) => {
        const url = p.replace('INVITE', invite).replace('QUEST', questId);
        if (wouldWrite(method, url, b?.text)) return;
        const headers: Record<string, string> = {};
        if (b) headers['content-type'] = b.type;
        if (auth !== undefined)
          headers.authorization = auth === 'TOKEN' ? `Bearer ${token}` : auth.replace(/[^\t\x20-\x7e]/g, '');
        const res = await server.app.http.inject({
          method: method as 'GET',
          url: url + q,
          headers,
          ...(b && method !== 'GET' ? { payload: b.text } : {}),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        assert.ok(res.statusCode < 500, `${method} ${url}${q} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
        if (res.statusCode >= 400) {
          const error = res.json().error;
          assert.equal(typeof error.code, 'string');
          assert.equal(typeof error.message, 'string');
        }
      },
    ),
    { numRuns: 3000 },
  );
  assert.equal(await fingerprint(), before);
  assert.ok((statuses.get(400) ?? 0) > 100, `plenty of 400s: ${JSON.stringify([...statuses])}`);
  const health = await server.app.http.inject({ method: 'GET', url: '/api/health' });
  assert.equal(health.statusCode, 200);
});
