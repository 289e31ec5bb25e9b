import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fastifyCookie from '@fastify/cookie';
import { eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { accountsPlugin } from './accounts-plugin.ts';
import { smtpMailer } from './mailer.ts';
import { people, sessions } from './schema.ts';
import {
  type AccountsHarness,
  type AccountsTestDatabase,
  type Browser,
  DRIVERS,
  openAccountsDatabase,
  startAccounts,
  TEST_CONFIG,
} from './test-accounts.ts';
import { type OidcProvider, startOidcProvider } from './test-oidc-provider.ts';

const SLACK_CLIENT = { clientId: 'polarity-test-client', clientSecret: 'polarity-test-secret' };

function tokenFromMail(text: string, marker: string): string {
  const m = new RegExp(`${marker}#token=([A-Za-z0-9_-]+)`).exec(text);
  assert.ok(m, `no link in: ${text}`);
  return m[1] as string;
}

async function countPeople(h: AccountsHarness): Promise<number> {
  const [r] = await h.db.select({ n: sql<number>`count(*)::int` }).from(people);
  return Number(r?.n);
}

async function signInByEmail(h: AccountsHarness, b: Browser, email: string): Promise<void> {
  const sent = await b.request('POST', '/api/auth/email', { json: { email } });
  assert.equal(sent.status, 202, sent.body);
  const token = tokenFromMail((h.mail.at(-1) as { text: string }).text, '/sign-in/email');
  const r = await b.request('POST', '/api/auth/email/verify', { json: { token } });
  assert.equal(r.status, 200, r.body);
}

// The drivers run side by side: PGlite works in this process while PostgreSQL works in its own.
describe('sign-in', { concurrency: true }, () => {
  for (const driver of DRIVERS) {
    describe(driver, { concurrency: false }, () => {
      let d: AccountsTestDatabase;
      describe(`sign-in on ${driver}`, { concurrency: false }, () => {
        let h: AccountsHarness;
        before(async () => {
          d = await openAccountsDatabase(driver);
          h = await startAccounts(d.db);
        });
        after(async () => {
          await h?.close();
        });

        test('the plugin registers from { db, config, logger, clock } alone, and refuses a second cookie plugin', async () => {
          const app = Fastify();
          await app.register(accountsPlugin, { db: d.db, config: TEST_CONFIG, logger: app.log, clock: () => 0 });
          const r = await app.inject({ url: '/api/auth/session' });
          assert.equal(r.statusCode, 200);
          assert.equal(r.json().person, null);
          await app.close();
          const clash = Fastify();
          await clash.register(fastifyCookie);
          await assert.rejects(async () => {
            await clash.register(accountsPlugin, { db: d.db, config: TEST_CONFIG, logger: clash.log });
            await clash.ready();
          }, /@fastify\/cookie is not registered yet/);
        });

        test('an anonymous session answer names the ways in and sets an httpOnly CSRF secret', async () => {
          const b = h.browser();
          const r = await b.request('GET', '/api/auth/session');
          assert.equal(r.status, 200);
          assert.equal(r.json.person, null);
          assert.match(r.json.csrfToken, /^[\w-]{20,}$/);
          assert.deepEqual(r.json.methods, { slack: false, email: true, emailDelivery: 'smtp', demo: true });
          const setCookie = String(r.headers['set-cookie']);
          assert.match(setCookie, /polarity_csrf=/);
          assert.match(setCookie, /HttpOnly/);
          assert.match(setCookie, /SameSite=Lax/);
        });

        test('a change without the CSRF token, or with another browser’s, is refused and changes nothing', async () => {
          const before = await countPeople(h);
          const b = h.browser();
          const missing = await b.request('POST', '/api/auth/demo', { json: { name: 'Mallory' } });
          assert.equal(missing.status, 403);
          assert.equal(missing.json.error.code, 'csrf');
          const other = h.browser();
          await other.refreshCsrf();
          await b.refreshCsrf();
          const foreign = await b.request('POST', '/api/auth/demo', {
            json: { name: 'Mallory' },
            headers: { 'x-csrf-token': other.csrf as string },
          });
          assert.equal(foreign.status, 403);
          assert.equal(foreign.json.error.code, 'csrf');
          assert.equal(await countPeople(h), before);
        });

        test('an email link signs in once, into a session stored only as a hash', async () => {
          const b = h.browser();
          await b.refreshCsrf();
          const sent = await b.request('POST', '/api/auth/email', { json: { email: 'Ada@Example.com', returnTo: '/orgs' } });
          assert.equal(sent.status, 202);
          const mail = h.mail.at(-1) as { to: string; text: string };
          assert.equal(mail.to, 'ada@example.com');
          const token = tokenFromMail(mail.text, 'http://polarity.test/sign-in/email');
          const r = await b.request('POST', '/api/auth/email/verify', { json: { token } });
          assert.equal(r.status, 200, r.body);
          assert.equal(r.json.person.email, 'ada@example.com');
          assert.equal(r.json.returnTo, '/orgs');
          const cookie = String(r.headers['set-cookie']);
          assert.match(cookie, /polarity_session=[\w-]+;.*HttpOnly/);
          assert.match(cookie, /SameSite=Lax/);
          assert.doesNotMatch(cookie, /Secure/);
          const sessionId = b.cookies.get('polarity_session') as string;
          const stored = await h.db.select().from(sessions).where(eq(sessions.personId, r.json.person.id));
          assert.equal(stored.length, 1);
          assert.notEqual(stored[0]?.tokenHash, sessionId);
          assert.equal(stored[0]?.tokenHash, createHash('sha256').update(sessionId).digest('hex'));
          const me = await b.request('GET', '/api/me');
          assert.equal(me.status, 200);
          assert.equal(me.json.person.name, 'ada');

          const again = await h.browser().request('POST', '/api/auth/email/verify', { json: { token } });
          assert.equal(again.status, 403, 'a fresh browser has no CSRF token yet');
          const other = h.browser();
          await other.refreshCsrf();
          const reused = await other.request('POST', '/api/auth/email/verify', { json: { token } });
          assert.equal(reused.status, 410);
          assert.match(reused.json.error.message, /already used/);
        });

        test('expired, unknown and malformed links are refused with what went wrong', async () => {
          const b = h.browser();
          await b.refreshCsrf();
          await b.request('POST', '/api/auth/email', { json: { email: 'late@example.com' } });
          const token = tokenFromMail((h.mail.at(-1) as { text: string }).text, '/sign-in/email');
          h.time.now += 16 * 60_000;
          const late = await b.request('POST', '/api/auth/email/verify', { json: { token } });
          assert.equal(late.status, 410);
          assert.match(late.json.error.message, /expired/);
          const unknown = await b.request('POST', '/api/auth/email/verify', { json: { token: 'x'.repeat(43) } });
          assert.equal(unknown.status, 404);
          const malformed = await b.request('POST', '/api/auth/email/verify', { json: { token: 'short' } });
          assert.equal(malformed.status, 400);
          assert.equal(malformed.json.error.code, 'invalid');
          for (const body of [
            { email: 'not an address' },
            { email: 'a@b.co', returnTo: '//evil.example' },
            { email: 'a@b.co', extra: 1 },
          ]) {
            const r = await b.request('POST', '/api/auth/email', { json: body });
            assert.equal(r.status, 400, JSON.stringify(body));
            assert.ok(r.json.error.issues.length > 0);
          }
        });

        test('signing in again rotates the session and the CSRF secret; the old ones stop working', async () => {
          const b = h.browser();
          await b.refreshCsrf();
          await signInByEmail(h, b, 'rotate@example.com');
          const first = b.cookies.get('polarity_session') as string;
          const firstCsrf = b.csrf as string;
          await signInByEmail(h, b, 'rotate@example.com');
          const second = b.cookies.get('polarity_session') as string;
          assert.notEqual(first, second);
          assert.notEqual(firstCsrf, b.csrf);
          assert.equal(await h.accounts.authenticate({ polarity_session: first }), null);
          assert.equal(
            (await h.accounts.authenticateCookieHeader(`a=b; polarity_session=${second}`))?.email,
            'rotate@example.com',
          );
          assert.equal(await h.accounts.authenticateCookieHeader(`polarity_session=${first}`), null);
          assert.equal(await h.accounts.authenticateCookieHeader(undefined), null);
          assert.equal((await h.accounts.authenticate({ polarity_session: second }))?.email, 'rotate@example.com');
          const stale = await b.request('PATCH', '/api/me', { json: { name: 'Rota' }, headers: { 'x-csrf-token': firstCsrf } });
          assert.equal(stale.status, 403);
          assert.equal(stale.json.error.code, 'csrf');
        });

        test('sign-out ends the session; sessions also end by themselves after their lifetime', async () => {
          const b = h.browser();
          await b.refreshCsrf();
          await signInByEmail(h, b, 'leaving@example.com');
          const token = b.cookies.get('polarity_session') as string;
          const out = await b.request('POST', '/api/auth/sign-out');
          assert.equal(out.status, 204);
          assert.equal(b.cookies.has('polarity_session'), false);
          assert.equal(await h.accounts.authenticate({ polarity_session: token }), null);
          assert.equal((await b.request('GET', '/api/me')).status, 401);

          await signInByEmail(h, b, 'leaving@example.com');
          assert.equal((await b.request('GET', '/api/me')).status, 200);
          h.time.now += 31 * 86_400_000;
          const expired = await b.request('GET', '/api/me');
          assert.equal(expired.status, 401);
          assert.equal(expired.json.error.code, 'unauthorized');
        });

        test('demo sign-in puts the person in the demo organisation in the role they picked', async () => {
          const b = h.browser();
          await b.refreshCsrf();
          const lead = await b.request('POST', '/api/auth/demo', { json: { name: 'Lee', role: 'lead' } });
          assert.equal(lead.status, 201, lead.body);
          assert.equal(lead.json.person.demo, true);
          const me = await b.request('GET', '/api/me');
          const place = me.json.memberships[0];
          assert.equal(place.organisation.slug, 'demo');
          assert.equal(place.role, 'member');
          assert.deepEqual(
            place.teams.map((t: { name: string; role: string }) => [t.name, t.role]),
            [['Demo team', 'lead']],
          );
          const bad = await b.request('POST', '/api/auth/demo', { json: { name: 'Lee', role: 'owner' } });
          assert.equal(bad.status, 400);
        });

        test('hosted mode refuses the demo sign-in and, without SMTP, email sign-in', async () => {
          const hosted = await startAccounts(d.db, { config: { mode: 'hosted' }, mailer: null });
          try {
            const b = hosted.browser();
            await b.refreshCsrf();
            const session = await b.request('GET', '/api/auth/session');
            assert.deepEqual(session.json.methods, { slack: false, email: false, emailDelivery: null, demo: false });
            const before = await countPeople(hosted);
            const demo = await b.request('POST', '/api/auth/demo', { json: { name: 'Eve' } });
            assert.equal(demo.status, 403);
            assert.match(demo.json.error.message, /embedded and demo mode/);
            const email = await b.request('POST', '/api/auth/email', { json: { email: 'eve@example.com' } });
            assert.equal(email.status, 404);
            assert.equal(await countPeople(hosted), before);
          } finally {
            await hosted.close();
          }
        });

        test('embedded mode without SMTP prints the sign-in link to the server log', async () => {
          const logged = await startAccounts(d.db, { mailer: 'configured', config: { mode: 'embedded', smtp: null } });
          try {
            const b = logged.browser();
            await b.refreshCsrf();
            const r = await b.request('POST', '/api/auth/email', { json: { email: 'laptop@example.com' } });
            assert.equal(r.status, 202);
            assert.equal(r.json.delivery, 'log');
            const line = logged.logs.find((l) => l.includes('laptop@example.com'));
            assert.ok(line, 'the email was logged');
            const token = tokenFromMail(JSON.parse(line).msg, 'http://polarity.test/sign-in/email');
            const v = await b.request('POST', '/api/auth/email/verify', { json: { token } });
            assert.equal(v.status, 200);
          } finally {
            await logged.close();
          }
        });

        test('secure cookies in production carry Secure and the __Host- prefix', async () => {
          const prod = await startAccounts(d.db, { config: { secureCookies: true } });
          try {
            const b = prod.browser();
            const session = await b.request('GET', '/api/auth/session');
            assert.match(String(session.headers['set-cookie'] ?? ''), /__Host-polarity_csrf=.*Secure/);
            b.csrf = session.json.csrfToken;
            const r = await b.request('POST', '/api/auth/demo', { json: { name: 'Sec' } });
            const cookies = ([] as string[]).concat(r.headers['set-cookie'] as string[]);
            const sessionCookie = cookies.find((c) => c.startsWith('__Host-polarity_session='));
            assert.ok(sessionCookie);
            assert.match(sessionCookie, /Secure/);
            assert.match(sessionCookie, /HttpOnly/);
            assert.match(sessionCookie, /Path=\//);
          } finally {
            await prod.close();
          }
        });

        test('sign-in attempts are limited per address and per client, with Retry-After', async () => {
          const limited = await startAccounts(d.db, {
            limits: { signInLinksPerAddress: { max: 2, windowMs: 3_600_000 }, signInPerClient: { max: 4, windowMs: 600_000 } },
          });
          try {
            const b = limited.browser('10.0.0.1');
            await b.refreshCsrf();
            for (let i = 0; i < 2; i++)
              assert.equal((await b.request('POST', '/api/auth/email', { json: { email: 'spam@example.com' } })).status, 202);
            const third = await b.request('POST', '/api/auth/email', { json: { email: 'spam@example.com' } });
            assert.equal(third.status, 429);
            assert.equal(third.json.error.code, 'rate_limited');
            assert.ok(Number(third.headers['retry-after']) > 0);
            assert.equal(limited.mail.length, 2);
            assert.equal((await b.request('POST', '/api/auth/email', { json: { email: 'other@example.com' } })).status, 202);
            const perClient = await b.request('POST', '/api/auth/demo', { json: { name: 'Flood' } });
            assert.equal(perClient.status, 429);
            const elsewhere = limited.browser('10.0.0.2');
            await elsewhere.refreshCsrf();
            assert.equal((await elsewhere.request('POST', '/api/auth/demo', { json: { name: 'Calm' } })).status, 201);
            limited.time.now += 3_600_000;
            assert.equal((await b.request('POST', '/api/auth/email', { json: { email: 'spam@example.com' } })).status, 202);
          } finally {
            await limited.close();
          }
        });
      });

      describe(`Sign in with Slack on ${driver}`, { concurrency: false }, () => {
        let h: AccountsHarness;
        let slack: OidcProvider;
        before(async () => {
          slack = await startOidcProvider(SLACK_CLIENT);
          h = await startAccounts(d.db, { config: { slack: { issuer: slack.issuer, ...SLACK_CLIENT } } });
        });
        after(async () => {
          await h?.close();
          await slack?.close();
          await d?.destroy();
        });

        async function startAt(b: Browser, returnTo = '/orgs'): Promise<URL> {
          const start = await b.request('GET', `/api/auth/slack/start?returnTo=${encodeURIComponent(returnTo)}`);
          assert.equal(start.status, 302, start.body);
          return new URL(String(start.headers.location));
        }

        async function callback(b: Browser, back: URL) {
          assert.equal(back.origin, 'http://polarity.test');
          return b.request('GET', `${back.pathname}${back.search}`);
        }

        test('discovery, PKCE, state and nonce: the provider signs the person in and back they go', async () => {
          slack.user = { sub: 'U1', name: 'Grace Hopper', email: 'grace@example.com', email_verified: true, team: 'T1' };
          const b = h.browser();
          const authorize = await startAt(b);
          assert.equal(authorize.origin, slack.issuer);
          const q = authorize.searchParams;
          assert.equal(q.get('code_challenge_method'), 'S256');
          assert.equal(q.get('redirect_uri'), 'http://polarity.test/api/auth/slack/callback');
          assert.match(q.get('scope') ?? '', /openid/);
          assert.ok(q.get('state') && q.get('nonce') && q.get('code_challenge'));
          const back = await slack.approve(authorize.href);
          const done = await callback(b, back);
          assert.equal(done.status, 302, done.body);
          assert.equal(done.headers.location, '/orgs');
          assert.ok(slack.tokenRequests.at(-1)?.get('code_verifier'), 'the token request carried the PKCE verifier');
          const me = await b.request('GET', '/api/me');
          assert.equal(me.status, 200);
          assert.deepEqual([me.json.person.name, me.json.person.email], ['Grace Hopper', 'grace@example.com']);

          // The same Slack account, and an email sign-in with the same verified address, reach the same person.
          const again = h.browser();
          const second = await callback(again, await slack.approve((await startAt(again)).href));
          assert.equal(second.status, 302);
          assert.equal((await again.request('GET', '/api/me')).json.person.id, me.json.person.id);
          const byEmail = h.browser();
          await byEmail.refreshCsrf();
          await signInByEmail(h, byEmail, 'grace@example.com');
          assert.equal((await byEmail.request('GET', '/api/me')).json.person.id, me.json.person.id);
        });

        test('a callback from another browser, a replayed one, or one with a bad ID token signs nobody in', async () => {
          slack.user = { sub: 'U2', name: 'Mallory', email: 'mallory@example.com', email_verified: true, team: 'T1' };
          const victim = h.browser();
          const attacker = h.browser();
          const back = await slack.approve((await startAt(attacker)).href);
          const planted = await callback(victim, back);
          assert.equal(planted.status, 302);
          assert.match(String(planted.headers.location), /^\/sign-in\?error=slack/);
          assert.equal((await victim.request('GET', '/api/me')).status, 401);
          // The attacker's own attempt was not used up by the victim's browser, but a replay of it is refused.
          assert.equal((await callback(attacker, back)).headers.location, '/orgs');
          const replay = await callback(attacker, back);
          assert.match(String(replay.headers.location), /^\/sign-in\?error=slack/);

          for (const misbehave of ['wrong-nonce', 'wrong-audience', 'wrong-signature', 'wrong-issuer', 'expired'] as const) {
            slack.misbehave = misbehave;
            const b = h.browser();
            const done = await callback(b, await slack.approve((await startAt(b)).href));
            assert.match(String(done.headers.location), /^\/sign-in\?error=slack/, misbehave);
            assert.equal((await b.request('GET', '/api/me')).status, 401, misbehave);
          }
          slack.misbehave = null;
        });

        test('a sign-in left too long expires, and a bad returnTo is refused before leaving', async () => {
          const b = h.browser();
          const authorize = await startAt(b);
          h.time.now += 11 * 60_000;
          const done = await callback(b, await slack.approve(authorize.href));
          assert.match(decodeURIComponent(String(done.headers.location)), /too long/);
          const evil = await b.request('GET', '/api/auth/slack/start?returnTo=https://evil.example/');
          assert.equal(evil.status, 400);
        });

        test('returns from Slack spend the sign-in budget too: a flood of callbacks is turned back before Slack is asked', async () => {
          const limited = await startAccounts(d.db, {
            config: { slack: { issuer: slack.issuer, ...SLACK_CLIENT } },
            limits: { signInPerClient: { max: 2, windowMs: 600_000 } },
          });
          try {
            const b = limited.browser('10.0.9.1');
            const start = await b.request('GET', '/api/auth/slack/start?returnTo=/orgs');
            assert.equal(start.status, 302);
            const first = await b.request('GET', '/api/auth/slack/callback?code=guess&state=guess');
            assert.doesNotMatch(decodeURIComponent(String(first.headers.location)), /too many/);
            const flood = await b.request('GET', '/api/auth/slack/callback?code=guess&state=guess');
            assert.equal(flood.status, 302);
            assert.match(decodeURIComponent(String(flood.headers.location)), /too many sign-in attempts/);
          } finally {
            await limited.close();
          }
        });
      });
    });
  }
});

test('SMTP_URL sends through nodemailer to an SMTP server', async () => {
  const received: string[] = [];
  const server = createServer((socket) => {
    let data = false;
    let message = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      for (const line of chunk.toString('utf8').split('\r\n')) {
        if (data) {
          if (line === '.') {
            data = false;
            received.push(message);
            socket.write('250 queued\r\n');
          } else message += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
        else if (verb === 'MAIL' || verb === 'RCPT') socket.write('250 ok\r\n');
        else if (verb === 'DATA') {
          data = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const mailer = smtpMailer({ url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: 'Polarity <polarity@example.com>' });
    await mailer.send({ to: 'ada@example.com', subject: 'Your Polarity sign-in link', text: 'the link' });
    assert.equal(received.length, 1);
    assert.match(received[0] as string, /Subject: Your Polarity sign-in link/);
    assert.match(received[0] as string, /To: ada@example.com/);
  } finally {
    server.close();
  }
});
