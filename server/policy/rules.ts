// The vocabulary of authorisation: who a route is for, and what the policy needs to know to decide it. Rules only
// ever widen downwards: an admin of an organisation may do what a lead of any of its teams may do, and a lead what
// a member may do; nobody reaches into another organisation, and nothing lets a member act as a lead or an admin.

/**
 * anonymous: anyone, signed in or not. signed-in: any person with a session. self: a signed-in person acting only
 * on their own data (the handler never takes a person id). org-member / org-admin: the organisation named by
 * :orgId, or the one owning :teamId. team-lead: a lead of :teamId, or an admin of its organisation.
 */
export type Rule = 'anonymous' | 'signed-in' | 'self' | 'org-member' | 'team-lead' | 'org-admin';

export interface PolicyEntry {
  rule: Rule;
  /** Changes the organisation's data: refused while the organisation is read-only (trial ended unpaid). */
  writes?: true;
  /** false only for requests that carry their own proof instead of a browser session (the signed Stripe webhook). */
  csrf?: false;
}

/** 'METHOD /path' exactly as the route is registered (HEAD follows GET). */
export type PolicyTable = Readonly<Record<string, PolicyEntry>>;

export type OrgRole = 'member' | 'admin';
export type TeamRole = 'member' | 'lead';

export interface SignedInPerson {
  id: string;
  name: string;
  email: string | null;
  demo: boolean;
}

/** What a route handler knows after the policy let the request through. */
export interface Access {
  person: SignedInPerson | null;
  /** Set for org-member, team-lead and org-admin routes. */
  orgId: string | null;
  teamId: string | null;
  orgRole: OrgRole | null;
  teamRole: TeamRole | null;
}

/** What the policy asks of the accounts data; every answer is about one person in one place. */
export interface PolicyDirectory {
  authenticate(cookies: Record<string, string | undefined>): Promise<SignedInPerson | null>;
  orgRole(personId: string, orgId: string): Promise<OrgRole | null>;
  teamOrg(teamId: string): Promise<string | null>;
  teamRole(personId: string, teamId: string): Promise<TeamRole | null>;
  /** Why the organisation is read-only, in words for the person, or null when it is writable. */
  readOnlyReason(orgId: string): Promise<string | null>;
}

const SCOPED: ReadonlySet<Rule> = new Set(['org-member', 'team-lead', 'org-admin']);

export function isScoped(rule: Rule): boolean {
  return SCOPED.has(rule);
}

/** The path parameters a rule needs to find its organisation or team; checked when a route is registered. */
export function missingScope(rule: Rule, path: string): string | null {
  const hasOrg = path.includes(':orgId');
  const hasTeam = path.includes(':teamId');
  if (rule === 'team-lead' && !hasTeam) return `rule 'team-lead' needs a :teamId in the path`;
  if ((rule === 'org-member' || rule === 'org-admin') && !hasOrg && !hasTeam) {
    return `rule '${rule}' needs an :orgId or a :teamId in the path`;
  }
  if (hasOrg && hasTeam) return 'a path names either an :orgId or a :teamId, so the scope is never ambiguous';
  return null;
}
