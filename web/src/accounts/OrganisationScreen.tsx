// One organisation: its teams and people, and what the signed-in person may do there. Admins create teams,
// invite, change roles, choose who sees team insights and see billing; a team lead invites into their team; everyone
// sees who is where.
// Counts of who takes part appear only as totals over groups of at least five.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import {
  accountsApi,
  type InsightsAudience,
  type Invitation,
  type OrganisationView,
  type OrgMember,
  type OrgRole,
  type Participation,
  type TeamSummary,
} from '../api/accounts.ts';
import { billingPath, Link, ledgerPath, orgInsightsPath, slackPath, teamInsightsPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import { InviteForm } from './InviteForm.tsx';
import { NameForm } from './NameForm.tsx';
import { teamRoleWords } from './role-words.ts';
import { SignedInOnly } from './SignedInOnly.tsx';
import { type Loaded, reasonOf, useLoad } from './use-load.ts';

export function OrganisationScreen({ orgId }: { orgId: string }) {
  return <SignedInOnly>{() => <Organisation orgId={orgId} />}</SignedInOnly>;
}

function Organisation({ orgId }: { orgId: string }) {
  const org = useLoad(useCallback(() => accountsApi.organisation(orgId), [orgId]));
  const members = useLoad(useCallback(() => accountsApi.members(orgId), [orgId]));
  const name = org.data?.organisation.name;
  useEffect(() => {
    document.title = name ? `${name} · Polarity` : 'Organisation · Polarity';
  }, [name]);

  if (org.error) {
    return (
      <div className="page narrow">
        <ErrorState
          title="This organisation could not be opened"
          message={org.error.message}
          onRetry={org.error.status === 404 ? undefined : org.reload}
        >
          <Link href="/orgs" className="btn btn-secondary">
            My organisations
          </Link>
        </ErrorState>
      </div>
    );
  }
  if (!org.data) return <Loading label="Loading the organisation…" />;
  const view = org.data;
  const admin = view.you.role === 'admin';
  const refresh = () => {
    org.reload();
    members.reload();
  };
  return (
    <div className="page">
      <div className="page-head">
        <p className="eyebrow">Organisation</p>
        <h1>{view.organisation.name}</h1>
        <p className="muted">
          You are {admin ? 'an organisation admin' : 'a member'}
          {view.you.teams.length > 0 &&
            `; ${view.you.teams.map((t) => (t.role === 'lead' ? `lead of ${t.name}` : `in ${t.name}`)).join(', ')}`}
          .
        </p>
        {admin && (
          <nav className="row" aria-label={`${view.organisation.name} for admins`}>
            <Link href={orgInsightsPath(orgId)} className="btn btn-secondary btn-small">
              Insights
            </Link>
            <Link href={slackPath(orgId)} className="btn btn-secondary btn-small">
              Slack
            </Link>
            <Link href={billingPath(orgId)} className="btn btn-secondary btn-small">
              Billing
            </Link>
          </nav>
        )}
      </div>
      {view.readOnly && (
        <p className="notice" role="status">
          {view.readOnly}
        </p>
      )}
      <div className="account-grid">
        <section aria-labelledby="teams-title" className="account-main">
          <h2 id="teams-title">Teams</h2>
          {view.teams.length === 0 ? (
            <Empty>{admin ? 'No teams yet. Create the first one below.' : 'This organisation has no teams yet.'}</Empty>
          ) : (
            <ul className="account-list">
              {view.teams.map((team) => (
                <TeamCard key={team.id} team={team} view={view} members={members.data?.members ?? []} onChange={refresh} />
              ))}
            </ul>
          )}
          {admin && <NewTeam orgId={orgId} onCreated={org.reload} />}
        </section>
        <aside className="account-side" aria-label="People and invitations">
          {admin && (
            <ParticipationCounts label="Taking part in the organisation" load={() => accountsApi.orgParticipation(orgId)} />
          )}
          {admin && (
            <InsightsAudienceChoice
              orgId={orgId}
              current={view.organisation.insightsAudience}
              onSaved={(organisation) => org.set({ ...view, organisation })}
            />
          )}
          {admin && <AdminInvitations orgId={orgId} teams={view.teams} />}
          <Members members={members} admin={admin} orgId={orgId} onChange={refresh} />
        </aside>
      </div>
    </div>
  );
}

function TeamCard({
  team,
  view,
  members,
  onChange,
}: {
  team: TeamSummary;
  view: OrganisationView;
  members: OrgMember[];
  onChange(): void;
}) {
  const admin = view.you.role === 'admin';
  const lead = view.you.teams.some((t) => t.id === team.id && t.role === 'lead');
  // The ledger is the team's own (its members and the organisation's admins); insights are for its leads and admins,
  // or admins only when the admins chose so (the server refuses anyone else).
  const inTeam = view.you.teams.some((t) => t.id === team.id);
  const seesInsights = admin || (lead && view.organisation.insightsAudience === 'leads_and_admins');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [addId, setAddId] = useState('');
  const addFieldId = useId();
  const act = async (key: string, send: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await send();
      onChange();
    } catch (e) {
      setError(reasonOf(e));
    } finally {
      setBusy(null);
    }
  };
  const roster = members.flatMap((m) => {
    const place = m.teams.find((t) => t.teamId === team.id);
    return place ? [{ personId: m.personId, name: m.name, role: place.role }] : [];
  });
  const outside = members.filter((m) => !m.teams.some((t) => t.teamId === team.id));
  const headingId = `team-${team.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        {team.name}
      </h3>
      {(inTeam || admin) && (
        <nav className="row" aria-label={`${team.name} pages`}>
          <Link href={ledgerPath(team.id)} className="btn btn-quiet btn-small">
            Ledger
          </Link>
          {seesInsights && (
            <Link href={teamInsightsPath(team.id)} className="btn btn-quiet btn-small">
              Team insights
            </Link>
          )}
        </nav>
      )}
      {lead && !seesInsights && (
        <p className="muted">Your organisation’s admins have chosen to show team insights to admins only.</p>
      )}
      {team.members === 0 ? (
        <Empty>Nobody is in this team yet.</Empty>
      ) : (
        <ul className="people-list">
          {roster.map((m) => (
            <li key={m.personId}>
              <span>{m.name}</span> <span className="tag">{teamRoleWords(m.role)}</span>
              {admin && m.role !== 'lead' && (
                <button
                  type="button"
                  className="btn btn-quiet btn-small"
                  disabled={busy !== null}
                  onClick={() => act(`lead-${m.personId}`, () => accountsApi.makeLead(team.id, m.personId))}
                >
                  Make {m.name} team lead
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {(admin || lead) && outside.length > 0 && (
        <div className="row">
          <label htmlFor={addFieldId} className="visually-hidden">
            Add someone from the organisation to {team.name}
          </label>
          <select id={addFieldId} className="select select-small grow" value={addId} onChange={(e) => setAddId(e.target.value)}>
            <option value="">Add someone from the organisation…</option>
            {outside.map((m) => (
              <option key={m.personId} value={m.personId}>
                {m.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={!addId || busy !== null}
            onClick={() => act('add', () => accountsApi.addTeamMember(team.id, addId)).then(() => setAddId(''))}
          >
            Add to team
          </button>
        </div>
      )}
      <ActionError message={error} />
      {(admin || lead) && (
        <ParticipationCounts label={`Taking part in ${team.name}`} load={() => accountsApi.teamParticipation(team.id)} />
      )}
      {lead && !admin && <InviteForm target={{ kind: 'team', team }} onInvited={onChange} />}
    </li>
  );
}

const AUDIENCE_CHOICES: { value: InsightsAudience; label: string }[] = [
  { value: 'leads_and_admins', label: 'Team leads and admins' },
  { value: 'admins', label: 'Admins only' },
];

function InsightsAudienceChoice({
  orgId,
  current,
  onSaved,
}: {
  orgId: string;
  current: InsightsAudience;
  onSaved(organisation: OrganisationView['organisation']): void;
}) {
  const ids = { group: useId(), hint: useId(), error: useId() };
  const [choice, setChoice] = useState<InsightsAudience>(current);
  const { busy, error, send } = useSave();
  const [saved, setSaved] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    await send(async () => {
      const { organisation } = await accountsApi.changeOrganisation(orgId, { insightsAudience: choice });
      onSaved(organisation);
      setSaved(
        organisation.insightsAudience === 'admins'
          ? 'Saved. Team insights are now shown to admins only.'
          : 'Saved. Team leads see their own team’s insights; admins see every team’s.',
      );
    });
  };
  return (
    <section aria-labelledby="insights-audience-title" className="account-section">
      <h2 id="insights-audience-title">Team insights</h2>
      <form className="account-form" onSubmit={submit} noValidate>
        <fieldset className="account-choice" aria-describedby={ids.hint}>
          <legend className="field-label">Who may see team insights</legend>
          {AUDIENCE_CHOICES.map((c) => (
            <label key={c.value} className="account-radio">
              <input type="radio" name={ids.group} checked={choice === c.value} onChange={() => setChoice(c.value)} /> {c.label}
            </label>
          ))}
        </fieldset>
        <p id={ids.hint} className="muted">
          Either way, team insights show only totals over five or more people who chose to take part, and everyone keeps their own
          insights page. Slack follows this choice too.
        </p>
        <button type="submit" className="btn btn-secondary btn-small" disabled={busy || choice === current}>
          {busy ? 'Saving…' : 'Save who sees team insights'}
        </button>
        <ActionError message={error} id={ids.error} />
        <p className="done-note" role="status" aria-live="polite">
          {saved}
        </p>
      </form>
    </section>
  );
}

function NewTeam({ orgId, onCreated }: { orgId: string; onCreated(): void }) {
  return (
    <NameForm
      title="Create a team"
      level={3}
      label="Team name"
      missing="Enter the team’s name."
      action="Create team"
      busyAction="Creating…"
      create={async (name) => {
        await accountsApi.createTeam(orgId, name);
        onCreated();
      }}
    />
  );
}

function ParticipationCounts({ label, load }: { label: string; load(): Promise<{ participation: Participation }> }) {
  // The loader is rebuilt each render; the label names what it counts, so it keys the request.
  // biome-ignore lint/correctness/useExhaustiveDependencies: load changes identity every render, label does not
  const counts = useLoad(useCallback(load, [label]));
  if (counts.error)
    return (
      <p className="muted">
        {label}: the count could not be loaded ({counts.error.message})
      </p>
    );
  if (!counts.data) return <p className="muted">{label}: counting…</p>;
  const p = counts.data.participation;
  return (
    <p className="participation">
      <strong>{label}:</strong>{' '}
      {p.takingPart === null
        ? `not shown for ${p.people === 1 ? 'one person' : `${p.people} people`}: a count appears only once at least ${p.minimumGroup} take part and at least ${p.minimumGroup} do not.`
        : `${p.takingPart} of ${p.people} people.`}{' '}
      <span className="muted">Nobody is shown individually.</span>
    </p>
  );
}

function AdminInvitations({ orgId, teams }: { orgId: string; teams: TeamSummary[] }) {
  const list = useLoad(useCallback(() => accountsApi.invitations(orgId), [orgId]));
  const [error, setError] = useState<string | null>(null);
  const revoke = async (invitation: Invitation) => {
    setError(null);
    try {
      await accountsApi.revokeInvitation(orgId, invitation.id);
      list.reload();
    } catch (e) {
      setError(reasonOf(e));
    }
  };
  const pending = list.data?.invitations.filter((i) => i.status === 'pending') ?? [];
  return (
    <section aria-labelledby="invitations-title" className="account-section">
      <h2 id="invitations-title">Invitations</h2>
      <InviteForm target={{ kind: 'organisation', orgId, teams }} onInvited={list.reload} />
      {list.error && <p className="action-error">{list.error.message}</p>}
      {list.data && pending.length === 0 && <Empty>No invitations are waiting.</Empty>}
      {pending.length > 0 && (
        <ul className="people-list">
          {pending.map((i) => (
            <li key={i.id}>
              <span>
                {i.email ?? 'Link'} · {i.role === 'admin' ? 'admin' : 'member'}
                {i.team ? ` · ${i.team.name}` : ''}
              </span>
              <button type="button" className="btn btn-quiet btn-small" onClick={() => revoke(i)}>
                Withdraw <span className="visually-hidden">the invitation for {i.email ?? 'the link'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ActionError message={error} />
    </section>
  );
}

function Members({
  members,
  admin,
  orgId,
  onChange,
}: {
  members: Loaded<{ members: OrgMember[] }>;
  admin: boolean;
  orgId: string;
  onChange(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const setRole = async (m: OrgMember, role: OrgRole) => {
    setError(null);
    try {
      await accountsApi.setMemberRole(orgId, m.personId, role);
      onChange();
    } catch (e) {
      setError(reasonOf(e));
    }
  };
  return (
    <section aria-labelledby="members-title" className="account-section">
      <h2 id="members-title">People</h2>
      {members.error && <p className="action-error">{members.error.message}</p>}
      {!members.data && !members.error && <p className="muted">Loading people…</p>}
      {members.data && (
        <ul className="people-list">
          {members.data.members.map((m) => (
            <li key={m.personId}>
              <span>
                {m.name}
                {m.email && <span className="muted"> · {m.email}</span>}
              </span>
              {admin ? (
                <select
                  className="select select-small"
                  aria-label={`Role of ${m.name}`}
                  value={m.role}
                  onChange={(e) => setRole(m, e.target.value as OrgRole)}
                >
                  <option value="member">Member</option>
                  <option value="admin">Admin</option>
                </select>
              ) : (
                <span className="tag">{m.role === 'admin' ? 'Admin' : 'Member'}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <ActionError message={error} />
    </section>
  );
}
