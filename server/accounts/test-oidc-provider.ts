// A small OpenID Connect provider on a loopback port, standing in for Slack in tests: discovery, an authorize
// endpoint that approves at once (as if the person clicked Allow), a token endpoint that checks the client secret,
// the redirect URI and PKCE, and ID tokens signed with a jose RS256 key. It can be told to misbehave.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface OidcUser {
  sub: string;
  name?: string;
  email?: string;
  email_verified?: boolean;
  team?: string;
}

export type Misbehaviour = 'wrong-nonce' | 'wrong-audience' | 'wrong-signature' | 'wrong-issuer' | 'expired' | null;

export interface OidcProvider {
  issuer: string;
  /** Who approves the next sign-in. */
  user: OidcUser;
  misbehave: Misbehaviour;
  /** Every authorize request's parameters, as the provider received them. */
  authorizeRequests: URLSearchParams[];
  tokenRequests: URLSearchParams[];
  /** Follows the authorization URL like a browser and returns where the provider sends it back to. */
  approve(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  nonce: string;
  challenge: string;
  user: OidcUser;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOidcProvider(client: { clientId: string; clientSecret: string }): Promise<OidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const impostor = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  let issuer = '';

  const provider: OidcProvider = {
    issuer: '',
    user: { sub: 'U0001', name: 'Grace Hopper', email: 'grace@example.com', email_verified: true, team: 'T0001' },
    misbehave: null,
    authorizeRequests: [],
    tokenRequests: [],
    async approve(authorizationUrl) {
      const res = await fetch(authorizationUrl, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`the provider did not redirect: ${res.status} ${await res.text()}`);
      return new URL(location);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function idToken(code: PendingCode): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const m = provider.misbehave;
    const claims: Record<string, unknown> = {
      nonce: m === 'wrong-nonce' ? 'not-the-nonce' : code.nonce,
      ...(code.user.name ? { name: code.user.name } : {}),
      ...(code.user.email ? { email: code.user.email, email_verified: code.user.email_verified ?? false } : {}),
      ...(code.user.team ? { 'https://slack.com/team_id': code.user.team } : {}),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(m === 'wrong-issuer' ? 'https://impostor.example' : issuer)
      .setAudience(m === 'wrong-audience' ? 'someone-else' : code.clientId)
      .setSubject(code.user.sub)
      .setIssuedAt(m === 'expired' ? now - 7200 : now)
      .setExpirationTime(m === 'expired' ? now - 3600 : now + 300)
      .sign(m === 'wrong-signature' ? impostor.privateKey : privateKey);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        scopes_supported: ['openid', 'email', 'profile'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      provider.authorizeRequests.push(q);
      if (q.get('client_id') !== client.clientId) return json(400, { error: 'unauthorized_client' });
      const redirect = new URL(q.get('redirect_uri') ?? '');
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        clientId: client.clientId,
        redirectUri: redirect.href,
        nonce: q.get('nonce') ?? '',
        challenge: q.get('code_challenge') ?? '',
        user: { ...provider.user },
      });
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: redirect.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      provider.tokenRequests.push(form);
      const basic = req.headers.authorization?.startsWith('Basic ')
        ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8').split(':').map(decodeURIComponent)
        : null;
      const id = basic?.[0] ?? form.get('client_id');
      const secret = basic?.[1] ?? form.get('client_secret');
      if (id !== client.clientId || secret !== client.clientSecret) return json(401, { error: 'invalid_client' });
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code || code.redirectUri !== form.get('redirect_uri')) return json(400, { error: 'invalid_grant' });
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
        return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      return json(200, {
        access_token: randomBytes(16).toString('hex'),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: await idToken(code),
      });
    }
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.issuer = issuer;
  return provider;
}
