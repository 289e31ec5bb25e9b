// A signed-in person coming back to a quest with their session cookie instead of the player token: their own linked
// player, nobody else's, and never through a tampered cookie, a page on another site, or with nothing at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { type Accounts, createAccounts } from '../accounts/accounts.ts';
import type { AccountsDatabase } from '../accounts/accounts-database.ts';
import { TEST_CONFIG } from '../accounts/test-accounts.ts';
import { type Client, client, connected, startTestServer, type TestServer } from '../http/test-server.ts';
import { openStore } from '../store/open-store.ts';

let server: TestServer;
let accounts: Accounts;
let closeStore: () => Promise<void>;

before(async () => {
  const opened = await openStore({ dataDir: 'memory://' });
  closeStore = () => opened.close();
  accounts = createAccounts({
    db: opened.store.db as unknown as AccountsDatabase,
    config: TEST_CONFIG,
    logger: pino({ level: 'silent' }),
  });
  server = await startTestServer({ opened, app: { accounts } });
});
after(async () => {
  await server?.close();
  await closeStore?.();
});

/** A person with a live session; the cookie header a browser would send for it. */
async function signedIn(email: string): Promise<{ id: string; cookie: string }> {
  const person = await accounts.services.people.withEmail(email);
  const { token } = await accounts.services.sessions.start(person.id, undefined);
  return { id: person.id, cookie: `${accounts.services.sessions.cookieName}=${token}` };
}

function refusedWith(c: Client): Promise<Error & { data?: { code: string } }> {
  return new Promise((resolve, reject) => {
    c.socket.once('connect_error', resolve);
    c.socket.once('connect', () => reject(new Error('the socket was let in')));
  });
}

describe('the handshake with a session cookie', () => {
  let questId: string;
  let hanaPlayerId: string;
  let hana: { id: string; cookie: string };

  before(async () => {
    hana = await signedIn('hana@sockets.example.com');
    const created = await server.service.createQuest({ scenarioId: 'ship-by-friday', hostName: 'Hana', personId: hana.id });
    assert.ok(created.ok);
    questId = created.questId;
    hanaPlayerId = created.player.id;
  });

  test('a signed-in person is let in as their own linked player, without the token', async () => {
    const c = client(server.url, { questId }, { extraHeaders: { cookie: hana.cookie } });
    try {
      const welcome = c.next<{ questId: string }>('lobby');
      await connected(c);
      const lobby = await welcome;
      assert.equal(lobby.questId, questId);
      const seat = await c.send('lobby:seat', { seat: 'spectator' });
      assert.equal(seat.ok, true, JSON.stringify(seat));
      const row = (await server.service.lobby(questId))?.players.find((p) => p.id === hanaPlayerId);
      assert.equal(row?.seat, 'spectator', 'the change was made as Hana’s player');
    } finally {
      c.close();
    }
  });

  test('joined twice, the seated player is the one the cookie names', async () => {
    const invite = (await server.service.lobby(questId))?.invite as string;
    const again = await server.service.join(invite, 'Hana again', hana.id);
    assert.ok(again.ok);
    // The first test seated Hana's first player as a spectator; the second has no seat yet.
    assert.equal((await server.service.authenticatePerson(questId, hana.id))?.id, hanaPlayerId);
    assert.equal(await server.service.authenticatePerson(questId, '00000000-0000-4000-8000-000000000000'), null);
    assert.equal(await server.service.authenticatePerson('not-a-quest', hana.id), null);
  });

  test('someone else’s session gets nothing: they have no player in this quest', async () => {
    const gil = await signedIn('gil@sockets.example.com');
    const error = await refusedWith(client(server.url, { questId }, { extraHeaders: { cookie: gil.cookie } }));
    assert.match(error.message, /not allowed: send auth\.token, or sign in as a person who plays in this quest/);
    assert.equal(error.data?.code, 'unauthorized');
  });

  test('a tampered or ended session is refused', async () => {
    const [name, value] = hana.cookie.split('=') as [string, string];
    const flipped = `${name}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const cookie of [flipped, `${name}=`, `${name}=${'x'.repeat(43)}`]) {
      const error = await refusedWith(client(server.url, { questId }, { extraHeaders: { cookie } }));
      assert.equal(error.data?.code, 'unauthorized', cookie);
    }
    const ended = await signedIn('ended@sockets.example.com');
    const mine = await server.service.createQuest({ scenarioId: 'ship-by-friday', hostName: 'End', personId: ended.id });
    assert.ok(mine.ok);
    await accounts.services.sessions.end(ended.cookie.split('=')[1] as string);
    const error = await refusedWith(client(server.url, { questId: mine.questId }, { extraHeaders: { cookie: ended.cookie } }));
    assert.equal(error.data?.code, 'unauthorized');
  });

  test('a page on another site cannot use the cookie', async () => {
    const error = await refusedWith(
      client(server.url, { questId }, { extraHeaders: { cookie: hana.cookie, origin: 'https://evil.example.com' } }),
    );
    assert.equal(error.data?.code, 'unauthorized');
    const same = client(server.url, { questId }, { extraHeaders: { cookie: hana.cookie, origin: server.url } });
    try {
      await connected(same);
    } finally {
      same.close();
    }
  });

  test('no cookie and no token is refused with a clear message', async () => {
    const error = await refusedWith(client(server.url, { questId }));
    assert.match(error.message, /not allowed: send auth\.token, or sign in/);
    assert.equal(error.data?.code, 'unauthorized');
  });

  test('a token still wins over the cookie: the player it names, whoever is signed in', async () => {
    const guest = await server.service.join((await server.service.lobby(questId))?.invite as string, 'Guest');
    assert.ok(guest.ok);
    const c = client(server.url, { questId, token: guest.player.token }, { extraHeaders: { cookie: hana.cookie } });
    try {
      await connected(c);
      const seat = await c.send('lobby:seat', { seat: 'spectator' });
      assert.equal(seat.ok, true);
      const players = (await server.service.lobby(questId))?.players ?? [];
      assert.equal(players.find((p) => p.id === guest.player.id)?.seat, 'spectator');
    } finally {
      c.close();
    }
  });
});
