// /api/auth: the session and its CSRF token, Sign in with Slack, email links, the demo sign-in, and signing out.
// Every way in ends in signIn(): a new session id, a new CSRF secret, and the previous session of the browser ended.
import type {} from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessOf } from '../policy/enforce-policy.ts';
import { parseInput, Refusal } from '../policy/refusal.ts';
import type { SignedInPerson } from '../policy/rules.ts';
import type { AccountsServices } from './accounts.ts';
import { spend } from './attempt-limiter.ts';
import {
  demoSignInBody,
  emailSignInBody,
  emptyBody,
  emptyQuery,
  returnToQuery,
  slackCallbackQuery,
  tokenBody,
} from './request-schemas.ts';
import { csrfCookieName } from './sessions.ts';

const SLACK_STATE_COOKIE = 'polarity_slack_state';
const SLACK_COOKIE_PATH = '/api/auth/slack';
const DEMO_TEAM = 'Demo team';

function signInError(reason: string): string {
  return `/sign-in?error=slack&reason=${encodeURIComponent(reason.slice(0, 200))}`;
}

export function publicPerson(p: SignedInPerson): SignedInPerson {
  return { id: p.id, name: p.name, email: p.email, demo: p.demo };
}

export function authRoutes(app: FastifyInstance, s: AccountsServices): void {
  const csrfCookie = csrfCookieName(s.config.secureCookies);
  const demoAllowed = s.config.mode !== 'hosted';

  async function signIn(request: FastifyRequest, reply: FastifyReply, person: SignedInPerson) {
    const { token, expiresAt } = await s.sessions.start(person.id, request.cookies[s.sessions.cookieName]);
    s.sessions.setCookie(reply, token, expiresAt);
    // A CSRF token fetched before signing in must not work after it: forget the secret so a new one is made.
    delete request.cookies[csrfCookie];
    return { person: publicPerson(person), csrfToken: reply.generateCsrf() };
  }

  app.get('/api/auth/session', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    const { person } = accessOf(request);
    return {
      person: person ? publicPerson(person) : null,
      csrfToken: reply.generateCsrf(),
      mode: s.config.mode,
      methods: {
        slack: s.slackSignIn !== null,
        email: s.emailSignIn.available,
        emailDelivery: s.emailSignIn.delivery,
        demo: demoAllowed,
      },
    };
  });

  // A browser navigates here: once the query is valid and Slack is set up, refusals go back to the sign-in page.
  app.get('/api/auth/slack/start', async (request, reply) => {
    const { returnTo } = parseInput(returnToQuery, request.query, 'query');
    if (!s.slackSignIn) throw new Refusal('not_found', 'Sign in with Slack is not set up on this server');
    try {
      spend(s.limits.signInPerClient, request.ip, 'sign-in attempts from this address');
      const { url, state } = await s.slackSignIn.start(returnTo);
      reply.setCookie(SLACK_STATE_COOKIE, state, {
        path: SLACK_COOKIE_PATH,
        httpOnly: true,
        // Lax, not Strict: the cookie must come back on Slack's top-level redirect to the callback.
        sameSite: 'lax',
        secure: s.config.secureCookies,
        maxAge: 600,
      });
      return reply.redirect(url, 302);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      return reply.redirect(signInError(e.message), 302);
    }
  });

  // The query carries Slack's one-time code: kept out of the request log.
  app.get('/api/auth/slack/callback', { logLevel: 'warn' }, async (request, reply) => {
    const cookieState = request.cookies[SLACK_STATE_COOKIE];
    reply.clearCookie(SLACK_STATE_COOKIE, {
      path: SLACK_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: s.config.secureCookies,
    });
    const back = (reason: string) => reply.redirect(signInError(reason), 302);
    const query = slackCallbackQuery.safeParse(request.query);
    if (!s.slackSignIn) return back('Sign in with Slack is not set up on this server');
    if (!query.success) return back('the answer from Slack was malformed');
    try {
      // Each callback may cost a round trip to Slack's token endpoint, so it spends from the same budget as starting.
      spend(s.limits.signInPerClient, request.ip, 'sign-in attempts from this address');
      const { person, returnTo } = await s.slackSignIn.finish(query.data, cookieState);
      await signIn(request, reply, person);
      return reply.redirect(returnTo, 302);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      request.log.warn({ reason: e.message }, 'Slack sign-in refused');
      return back(e.message);
    }
  });

  app.post('/api/auth/email', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    const { email, returnTo } = parseInput(emailSignInBody, request.body, 'body');
    if (!s.emailSignIn.available) throw new Refusal('not_found', 'sign-in by email is not set up on this server');
    spend(s.limits.signInPerClient, request.ip, 'sign-in attempts from this address');
    spend(s.limits.signInLinksPerAddress, email, 'sign-in links for this address');
    await s.emailSignIn.send(email, returnTo);
    return reply.code(202).send({
      sent: true,
      delivery: s.emailSignIn.delivery,
      message:
        s.emailSignIn.delivery === 'log'
          ? 'This server has no email set up: the sign-in link is printed in its log.'
          : 'A sign-in link is on its way. It works once, within 15 minutes.',
    });
  });

  app.post('/api/auth/email/verify', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    const { token } = parseInput(tokenBody, request.body, 'body');
    spend(s.limits.signInPerClient, request.ip, 'sign-in attempts from this address');
    const { person, returnTo } = await s.emailSignIn.redeem(token);
    return { ...(await signIn(request, reply, person)), returnTo };
  });

  app.post('/api/auth/demo', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    const { name, role } = parseInput(demoSignInBody, request.body, 'body');
    if (!demoAllowed) throw new Refusal('not_allowed', 'the demo sign-in exists only in embedded and demo mode');
    spend(s.limits.signInPerClient, request.ip, 'sign-in attempts from this address');
    const org = await s.orgs.demo();
    const person = await s.people.createDemo(name);
    await s.orgs.join(org.id, person.id, role === 'admin' ? 'admin' : 'member');
    if (role !== 'admin') {
      const team = (await s.orgs.teams(org.id)).find((t) => t.name === DEMO_TEAM) ?? (await createDemoTeam(s, org.id));
      await s.orgs.setTeamRole(team.id, org.id, person.id, role === 'lead' ? 'lead' : 'member');
    }
    const answer = await signIn(request, reply, person);
    return reply.code(201).send({ ...answer, organisation: { id: org.id, name: org.name } });
  });

  app.post('/api/auth/sign-out', async (request, reply) => {
    parseInput(emptyQuery, request.query, 'query');
    parseInput(emptyBody, request.body, 'body');
    await s.sessions.end(request.cookies[s.sessions.cookieName]);
    s.sessions.clearCookie(reply);
    return reply.code(204).send();
  });
}

async function createDemoTeam(s: AccountsServices, orgId: string): Promise<{ id: string }> {
  try {
    return await s.orgs.createTeam(orgId, DEMO_TEAM);
  } catch (e) {
    // Two demo sign-ins at once: the other one created it.
    if (!(e instanceof Refusal)) throw e;
    const team = (await s.orgs.teams(orgId)).find((t) => t.name === DEMO_TEAM);
    if (!team) throw e;
    return team;
  }
}
