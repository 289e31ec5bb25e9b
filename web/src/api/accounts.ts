// HTTP calls for accounts, organisations, consent and billing (docs/ACCOUNTS.md). They ride on the session cookie,
// and every state-changing request carries the CSRF token from GET /api/auth/session; a stale token is fetched
// again once and the request retried, because sign-in rotates the secret behind it.
import { ApiError } from './http.ts';
import type { ServerError } from './types.ts';

export type OrgRole = 'member' | 'admin';
export type TeamRole = 'member' | 'lead';
/** Who reads team insights, as the organisation's admins chose; the server enforces it. */
export type InsightsAudience = 'leads_and_admins' | 'admins';
export type ConsentStatus = 'not_taking_part' | 'taking_part' | 'paused';

export interface SignedInPerson {
  id: string;
  name: string;
  email: string | null;
  demo: boolean;
}

export interface AuthSession {
  person: SignedInPerson | null;
  csrfToken: string;
  mode: 'embedded' | 'demo' | 'hosted';
  methods: { slack: boolean; email: boolean; emailDelivery: 'smtp' | 'log' | null; demo: boolean };
}

export interface Membership {
  organisation: { id: string; name: string; slug: string };
  role: OrgRole;
  teams: { id: string; name: string; role: TeamRole }[];
  readOnly: string | null;
}

export interface Me {
  person: SignedInPerson;
  consent: { status: ConsentStatus; upToDate: boolean | null };
  memberships: Membership[];
}

export interface ConsentNotice {
  version: string;
  title: string;
  paragraphs: string[];
}

export interface Consent {
  status: ConsentStatus;
  agreedNoticeVersion: string | null;
  upToDate: boolean | null;
  givenAt: string | null;
  changedAt: string | null;
  notice: ConsentNotice;
}

export interface TeamMember {
  personId: string;
  name: string;
  role: TeamRole;
}

export interface Team {
  id: string;
  orgId: string;
  name: string;
  createdAt: string;
  members: TeamMember[];
}

/** A team as the organisation lists it: its roster comes from the organisation's members. */
export interface TeamSummary {
  id: string;
  name: string;
  members: number;
}

export interface OrganisationView {
  organisation: { id: string; name: string; slug: string; insightsAudience: InsightsAudience; createdAt: string };
  you: { role: OrgRole; teams: { id: string; name: string; role: TeamRole }[] };
  teams: TeamSummary[];
  readOnly: string | null;
}

export interface OrgMember {
  personId: string;
  name: string;
  email?: string | null;
  role: OrgRole;
  teams: { teamId: string; role: TeamRole }[];
}

export interface Invitation {
  id: string;
  kind: 'link' | 'email';
  email: string | null;
  role: OrgRole;
  team: { id: string; name: string } | null;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
}

export interface InvitationPreview {
  organisation: { name: string };
  team: { name: string } | null;
  role: OrgRole;
  invitedBy: string | null;
  expiresAt: string;
}

export type InvitationSent = { invitation: Invitation; link: string } | { invitation: Invitation; sent: true; delivery: string };

export interface Participation {
  people: number;
  takingPart: number | null;
  minimumGroup: number;
  note: string;
}

export interface BillingSummary {
  organisation: { id: string; name: string };
  standing:
    | { state: 'trial' | 'subscribed'; readOnly: false }
    | { state: 'unbilled'; readOnly: false; why: string }
    | { state: 'read_only'; readOnly: true; message: string };
  trial: { endsAt: string; daysLeft: number };
  seats: { month: string; activeUsers: number; billableActiveUsers: number };
  subscription: { status: string } | null;
  nextInvoice: {
    periodStart: string;
    periodEnd: string;
    activeUsers: number;
    pricePerActiveUserCents: number;
    amountCents: number;
    currency: string;
    billedOn: string;
  };
  checkout: { available: boolean };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;

/** Sign-in answers carry a fresh token: keep it so the next write uses it. */
function remember<T>(answer: T): T {
  const token = (answer as { csrfToken?: unknown } | null)?.csrfToken;
  if (typeof token === 'string') csrfToken = token;
  return answer;
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken ?? (await session()).csrfToken;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', 'The server could not be reached. Check your connection and try again.', 0);
  }
}

async function failure(res: Response): Promise<ApiError> {
  let err: ServerError | undefined;
  try {
    err = ((await res.json()) as { error?: ServerError } | null)?.error;
  } catch {
    err = undefined;
  }
  if (err?.message) return new ApiError(err.code, sentence(err.message), res.status, err.issues);
  if (res.status === 404) return new ApiError('not_found', 'This part of Polarity is not available on this server.', 404);
  const message = res.status >= 500 ? 'The server had a problem. Try again in a moment.' : `The server answered ${res.status}.`;
  return new ApiError('network', message, res.status);
}

/** Server reasons read well after a colon; on a page they read as a sentence. */
function sentence(message: string): string {
  const s = message.trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let res = await send(method, path, body);
  if (res.status === 403 && method !== 'GET') {
    const err = await failure(res.clone());
    if (err.code === 'csrf') {
      csrfToken = null;
      await session();
      res = await send(method, path, body);
    }
  }
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return remember((text ? JSON.parse(text) : null) as T);
}

/** The same signed-in round trip for other modules' clients (insights, coach, ledger): cookie, CSRF retry, errors. */
export const signedInRequest = request;

async function session(): Promise<AuthSession> {
  return remember(await request<AuthSession>('GET', '/api/auth/session'));
}

const at = encodeURIComponent;

export const accountsApi = {
  session,
  signInWithEmail: (email: string, returnTo?: string) =>
    request<{ sent: boolean; delivery: 'smtp' | 'log' | null; message: string }>('POST', '/api/auth/email', {
      email,
      ...(returnTo ? { returnTo } : {}),
    }),
  verifyEmailLink: (token: string) =>
    request<{ person: SignedInPerson; csrfToken: string; returnTo: string | null }>('POST', '/api/auth/email/verify', { token }),
  signInAsDemo: (name: string, role: 'member' | 'lead' | 'admin') =>
    request<{ person: SignedInPerson; csrfToken: string; organisation: { id: string; name: string } }>('POST', '/api/auth/demo', {
      name,
      role,
    }),
  signOut: async () => {
    await request<void>('POST', '/api/auth/sign-out');
    csrfToken = null;
  },
  slackStartPath: (returnTo: string) => `/api/auth/slack/start?returnTo=${at(returnTo)}`,

  me: () => request<Me>('GET', '/api/me'),
  consent: () => request<Consent>('GET', '/api/me/consent'),
  optIn: (noticeVersion: string) => request<Consent>('PUT', '/api/me/consent', { status: 'taking_part', noticeVersion }),
  pause: () => request<Consent>('PUT', '/api/me/consent', { status: 'paused' }),
  withdraw: () =>
    request<{ withdrawn: boolean; erased: unknown; consent: Consent }>('POST', '/api/me/withdraw', { confirm: 'withdraw' }),
  exportPath: '/api/me/export',
  deleteAccount: () => request<void>('DELETE', '/api/me', { confirm: 'delete my account' }),

  createOrganisation: (name: string) => request<{ organisation: { id: string; name: string } }>('POST', '/api/orgs', { name }),
  organisation: (orgId: string) => request<OrganisationView>('GET', `/api/orgs/${at(orgId)}`),
  changeOrganisation: (orgId: string, change: { name?: string; insightsAudience?: InsightsAudience }) =>
    request<{ organisation: OrganisationView['organisation'] }>('PATCH', `/api/orgs/${at(orgId)}`, change),
  members: (orgId: string) => request<{ members: OrgMember[] }>('GET', `/api/orgs/${at(orgId)}/members`),
  setMemberRole: (orgId: string, personId: string, role: OrgRole) =>
    request<{ member: { personId: string; role: OrgRole } }>('PATCH', `/api/orgs/${at(orgId)}/members/${at(personId)}`, { role }),
  createTeam: (orgId: string, name: string) => request<{ team: Team }>('POST', `/api/orgs/${at(orgId)}/teams`, { name }),
  addTeamMember: (teamId: string, personId: string) =>
    request<{ team: Team }>('PUT', `/api/teams/${at(teamId)}/members/${at(personId)}`),
  makeLead: (teamId: string, personId: string) =>
    request<{ team: Team }>('PUT', `/api/teams/${at(teamId)}/leads/${at(personId)}`),
  orgParticipation: (orgId: string) => request<{ participation: Participation }>('GET', `/api/orgs/${at(orgId)}/participation`),
  teamParticipation: (teamId: string) =>
    request<{ participation: Participation }>('GET', `/api/teams/${at(teamId)}/participation`),

  invitations: (orgId: string) => request<{ invitations: Invitation[] }>('GET', `/api/orgs/${at(orgId)}/invitations`),
  inviteToOrganisation: (orgId: string, invite: { kind: 'link' | 'email'; email?: string; role?: OrgRole; teamId?: string }) =>
    request<InvitationSent>('POST', `/api/orgs/${at(orgId)}/invitations`, invite),
  inviteToTeam: (teamId: string, invite: { kind: 'link' | 'email'; email?: string }) =>
    request<InvitationSent>('POST', `/api/teams/${at(teamId)}/invitations`, invite),
  revokeInvitation: (orgId: string, invitationId: string) =>
    request<{ invitation: Invitation }>('DELETE', `/api/orgs/${at(orgId)}/invitations/${at(invitationId)}`),
  invitation: (token: string) => request<{ invitation: InvitationPreview }>('GET', `/api/invitations/${at(token)}`),
  acceptInvitation: (token: string) =>
    request<{ organisation: { id: string; name: string }; role: OrgRole; team: { id: string; name: string } | null }>(
      'POST',
      `/api/invitations/${at(token)}/accept`,
    ),

  billing: (orgId: string) => request<BillingSummary>('GET', `/api/billing/${at(orgId)}`),
  checkout: (orgId: string) => request<{ url: string }>('POST', `/api/billing/${at(orgId)}/checkout`),
};
