// Inviting people: by a link to pass on (shown once) or by email. Admins invite into the organisation as a member
// or admin, optionally straight into a team; a team lead invites into their own team.
import { type FormEvent, useId, useState } from 'react';
import { accountsApi, type InvitationSent, type OrgRole, type TeamSummary } from '../api/accounts.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { reasonOf } from './use-load.ts';

type Target = { kind: 'organisation'; orgId: string; teams: TeamSummary[] } | { kind: 'team'; team: TeamSummary };

export function InviteForm({ target, onInvited }: { target: Target; onInvited(): void }) {
  const [kind, setKind] = useState<'link' | 'email'>('link');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrgRole>('member');
  const [teamId, setTeamId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ link: string } | { sentTo: string } | null>(null);
  const ids = { email: useId(), role: useId(), team: useId(), error: useId(), kind: useId() };
  const title = target.kind === 'team' ? `Invite someone to ${target.team.name}` : 'Invite people';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    if (kind === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      setError('Enter the address to send the invitation to, like name@example.com.');
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body = kind === 'email' ? { kind, email: address } : { kind };
      const sent: InvitationSent =
        target.kind === 'team'
          ? await accountsApi.inviteToTeam(target.team.id, body)
          : await accountsApi.inviteToOrganisation(target.orgId, { ...body, role, ...(teamId ? { teamId } : {}) });
      setResult('link' in sent ? { link: sent.link } : { sentTo: address });
      setEmail('');
      onInvited();
    } catch (err) {
      setError(reasonOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card account-form" onSubmit={submit} noValidate aria-label={title}>
      <h3 className="card-title">{title}</h3>
      <fieldset className="account-choice">
        <legend className="field-label">How</legend>
        <label className="account-radio">
          <input type="radio" name={ids.kind} checked={kind === 'link'} onChange={() => setKind('link')} /> A link I pass on
        </label>
        <label className="account-radio">
          <input type="radio" name={ids.kind} checked={kind === 'email'} onChange={() => setKind('email')} /> An email
        </label>
      </fieldset>
      {kind === 'email' && (
        <div className="field">
          <label htmlFor={ids.email} className="field-label">
            Their email address
          </label>
          <input
            id={ids.email}
            className="input"
            type="email"
            autoComplete="off"
            value={email}
            maxLength={254}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
      )}
      {target.kind === 'organisation' && (
        <div className="row account-selects">
          <div className="field grow">
            <label htmlFor={ids.role} className="field-label">
              As
            </label>
            <select id={ids.role} className="select" value={role} onChange={(e) => setRole(e.target.value as OrgRole)}>
              <option value="member">Member</option>
              <option value="admin">Organisation admin</option>
            </select>
          </div>
          <div className="field grow">
            <label htmlFor={ids.team} className="field-label">
              Into team
            </label>
            <select id={ids.team} className="select" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">No team yet</option>
              {target.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Inviting…' : kind === 'link' ? 'Make an invitation link' : 'Send the invitation'}
      </button>
      <ActionError message={error} id={ids.error} />
      {result && 'link' in result && <InvitationLink link={result.link} />}
      {result && 'sentTo' in result && (
        <p className="done-note" role="status">
          Invitation sent to {result.sentTo}. It works once, for 7 days.
        </p>
      )}
    </form>
  );
}

function InvitationLink({ link }: { link: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const linkId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Copied.');
    } catch {
      setCopied('This browser would not copy it: select the link and copy it yourself.');
    }
  };
  return (
    <div className="invitation-link" role="status">
      <label htmlFor={linkId} className="field-label">
        The invitation link (shown only now; it works once, for 7 days)
      </label>
      <div className="row">
        <input id={linkId} className="input grow mono" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn btn-secondary" onClick={copy}>
          Copy
        </button>
      </div>
      {copied && <p className="field-help">{copied}</p>}
    </div>
  );
}
