// The organisation admin's Slack page: whether Slack is set up on this server, "Add to Slack" and the installs, the
// channel that gets quest announcements, and who is offered team insights from Slack. Admins can change the same
// settings in Slack with /polarity admin.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { SignedInOnly } from '../accounts/SignedInOnly.tsx';
import { useLoad } from '../accounts/use-load.ts';
import { Link, organisationPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import { type InsightsAudience, type SlackStatus, slackApi } from './slack-api.ts';

export function SlackScreen({ orgId }: { orgId: string }) {
  return <SignedInOnly>{() => <SlackAdmin orgId={orgId} />}</SignedInOnly>;
}

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

function SlackAdmin({ orgId }: { orgId: string }) {
  const status = useLoad(useCallback(() => slackApi.status(orgId), [orgId]));
  useEffect(() => {
    document.title = 'Slack · Polarity';
  }, []);
  const installed = new URLSearchParams(location.search).get('installed') === '1';

  if (status.error) {
    const refused = status.error.status === 403 || status.error.status === 404;
    return (
      <div className="page narrow">
        <ErrorState
          title="The Slack page could not be opened"
          message={refused ? `${status.error.message} Only the organisation’s admins manage Slack.` : status.error.message}
          onRetry={refused ? undefined : status.reload}
        >
          <Link href={organisationPath(orgId)} className="btn btn-secondary">
            Back to the organisation
          </Link>
        </ErrorState>
      </div>
    );
  }
  if (!status.data) return <Loading label="Loading Slack…" />;
  const s = status.data;
  return (
    <div className="page narrow">
      <div className="page-head">
        <p className="eyebrow">
          <Link href={organisationPath(orgId)}>Organisation</Link>
        </p>
        <h1>Slack</h1>
        <p className="lede">
          Start quests, ask the coach privately and record trade-offs from Slack. Taking part stays voluntary, and coaching only
          ever reaches the person it is about.
        </p>
      </div>
      {installed && (
        <p className="notice notice-calm" role="status">
          Polarity is installed. The installer has a setup checklist in their Slack DM with Polarity.
        </p>
      )}
      <Install orgId={orgId} s={s} />
      {s.enabled && <Settings orgId={orgId} s={s} onSaved={(settings) => status.set({ ...s, settings })} />}
    </div>
  );
}

function Install({ orgId, s }: { orgId: string; s: SlackStatus }) {
  return (
    <section className="card" aria-labelledby="slack-install-title">
      <h2 id="slack-install-title" className="card-title">
        Install
      </h2>
      {!s.enabled ? (
        <p className="muted">
          Slack is not set up on this server. Whoever runs it sets SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET
          (or SLACK_APP_TOKEN for Socket Mode); docs/SLACK.md explains how.
        </p>
      ) : (
        <>
          {s.installations.length === 0 ? (
            <p>Not installed in any Slack workspace yet.</p>
          ) : (
            <ul>
              {s.installations.map((i) => (
                <li key={i.installKey}>
                  <strong>{i.name || i.teamId || i.enterpriseId}</strong>
                  {i.orgWide ? ' (every workspace of the Enterprise Grid organisation)' : ''} — installed {day(i.installedAt)}
                </li>
              ))}
            </ul>
          )}
          <a className="btn btn-primary" href={slackApi.installPath(orgId)}>
            {s.installations.length === 0 ? 'Add to Slack' : 'Add to another workspace or reinstall'}
          </a>
          <p className="muted">
            {s.mode === 'socket' ? 'Events arrive over Socket Mode.' : 'Slack sends events to /slack/events on this server.'}
          </p>
        </>
      )}
    </section>
  );
}

function Settings({
  orgId,
  s,
  onSaved,
}: {
  orgId: string;
  s: SlackStatus;
  onSaved: (settings: SlackStatus['settings']) => void;
}) {
  const ids = { channel: useId(), channelName: useId(), audience: useId(), error: useId() };
  const [channelId, setChannelId] = useState(s.settings.announcementChannel?.id ?? '');
  const [channelName, setChannelName] = useState(s.settings.announcementChannel?.name ?? '');
  const [audience, setAudience] = useState<InsightsAudience>(s.settings.insightsAudience);
  const { busy, error, send } = useSave();
  const [saved, setSaved] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    await send(async () => {
      const id = channelId.trim();
      const settings = await slackApi.saveSettings(orgId, {
        announcementChannel: id ? { id, name: channelName.trim() || null } : null,
        insightsAudience: audience,
      });
      onSaved(settings);
      setSaved('Saved.');
    });
  };

  return (
    <form className="card account-form" onSubmit={submit} noValidate aria-labelledby="slack-settings-title">
      <h2 id="slack-settings-title" className="card-title">
        Settings
      </h2>
      <div className="row account-selects">
        <div className="field grow">
          <label htmlFor={ids.channel} className="field-label">
            Announcement channel id
          </label>
          <input
            id={ids.channel}
            className="input"
            value={channelId}
            maxLength={21}
            placeholder="C0123ABCD"
            onChange={(e) => setChannelId(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
        <div className="field grow">
          <label htmlFor={ids.channelName} className="field-label">
            Its name (shown here only)
          </label>
          <input
            id={ids.channelName}
            className="input"
            value={channelName}
            maxLength={80}
            onChange={(e) => setChannelName(e.target.value)}
          />
        </div>
      </div>
      <p className="muted">
        Leave the id empty for no announcements. In Slack, /polarity admin lets you pick the channel from a list.
      </p>
      <fieldset className="account-choice">
        <legend className="field-label">Who may see team insights</legend>
        {s.audiences.map((a) => (
          <label key={a.value} className="account-radio">
            <input type="radio" name={ids.audience} checked={audience === a.value} onChange={() => setAudience(a.value)} />{' '}
            {a.label}
          </label>
        ))}
      </fieldset>
      <p className="muted">Either way, insights show only aggregates over five or more people who chose to take part.</p>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save settings'}
      </button>
      <ActionError message={error} id={ids.error} />
      <p className="done-note" role="status" aria-live="polite">
        {saved}
      </p>
    </form>
  );
}
