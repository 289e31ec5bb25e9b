// Where an invite link lands: what the quest is, who is in it, and a name to join with.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { ApiError, api } from '../api/http.ts';
import { playerFor, rememberedName, savePlayer } from '../api/session.ts';
import type { InviteInfo } from '../api/types.ts';
import { Link, navigate, questPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';

export function JoinScreen({ invite }: { invite: string }) {
  const [info, setInfo] = useState<InviteInfo | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [name, setName] = useState(rememberedName);
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();

  const load = useCallback(() => {
    setLoadError(null);
    setInfo(null);
    api
      .invite(invite)
      .then(setInfo, (e: unknown) => setLoadError(e instanceof ApiError ? e : new ApiError('network', String(e), 0)));
  }, [invite]);
  useEffect(load, [load]);
  useEffect(() => {
    document.title = info ? `Join ${info.scenario.title} · Polarity` : 'Join a quest · Polarity';
  }, [info]);

  if (loadError) {
    const gone = loadError.status === 404;
    return (
      <div className="page narrow">
        <ErrorState
          title={gone ? 'This invite link does not work' : 'The invite could not be loaded'}
          message={
            gone ? 'It may have been mistyped, or the quest was removed. Ask the host for a fresh link.' : loadError.message
          }
          onRetry={gone ? undefined : load}
        >
          <Link href="/" className="btn btn-secondary">
            Browse scenarios
          </Link>
        </ErrorState>
      </div>
    );
  }
  if (!info) return <Loading label="Opening the invite…" />;

  const existing = playerFor(info.questId);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Enter the name your teammates will see.');
      return;
    }
    setJoining(true);
    setError(null);
    try {
      const joined = await api.join(invite, trimmed);
      savePlayer(joined.questId, joined.player);
      navigate(questPath(joined.questId));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setJoining(false);
    }
  };

  return (
    <div className="page narrow">
      <p className="eyebrow">You are invited to a quest</p>
      <h1>{info.scenario.title}</h1>
      <p className="lede">{info.scenario.summary}</p>
      {info.status !== 'lobby' && (
        <p className="notice">
          {info.status === 'finished'
            ? 'This quest has ended. You can still join to read the debrief.'
            : 'This quest has already started. You can join and watch as a spectator.'}
        </p>
      )}
      {existing && (
        <div className="card callout">
          <p>
            You already joined this quest in this browser as <strong>{existing.name}</strong>.
          </p>
          <Link href={questPath(info.questId)} className="btn btn-primary">
            Continue as {existing.name}
          </Link>
        </div>
      )}
      <form className="card join-form" onSubmit={submit} noValidate>
        <h2 className="card-title">{existing ? 'Or join as someone new' : 'Join the team'}</h2>
        <label htmlFor={nameId} className="field-label">
          Your name
        </label>
        <div className="row">
          <input
            id={nameId}
            className="input grow"
            value={name}
            maxLength={40}
            autoComplete="nickname"
            onChange={(e) => setName(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
          <button type="submit" className="btn btn-primary" disabled={joining}>
            {joining ? 'Joining…' : 'Join quest'}
          </button>
        </div>
        <ActionError message={error} />
      </form>
      <section aria-labelledby="invite-roles" className="join-roles">
        <h2 id="invite-roles">The roles</h2>
        <ul className="brief-list">
          {info.scenario.roles.map((r) => (
            <li key={r.id} className="card">
              <p className="role-name">
                <strong>{r.name}</strong> <span className="muted">{r.title}</span>
              </p>
              <p>{r.brief}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
