// The scenario gallery: what each quest is about, who is in it and what it practises; start one for a team, or
// practise alone with bots in every other seat.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../api/http.ts';
import { QuestSocket } from '../api/quest-socket.ts';
import { rememberedName, savePlayer } from '../api/session.ts';
import type { Ack, ScenarioSummary } from '../api/types.ts';
import { navigate, questPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';

type Gallery = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; scenarios: ScenarioSummary[] };

export function HomeScreen() {
  const [gallery, setGallery] = useState<Gallery>({ status: 'loading' });
  const [name, setName] = useState(rememberedName);
  const nameRef = useRef<HTMLInputElement>(null);
  const nameHelpId = useId();

  const load = useCallback(() => {
    setGallery({ status: 'loading' });
    api.scenarios().then(
      (scenarios) => setGallery({ status: 'ready', scenarios }),
      (e: unknown) => setGallery({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  }, []);
  useEffect(load, [load]);

  const requireName = (): string | null => {
    const trimmed = name.trim();
    if (trimmed) return trimmed;
    nameRef.current?.focus();
    return null;
  };

  return (
    <div className="page">
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero-copy">
          <p className="eyebrow">Team practice for product and engineering</p>
          <h1 id="hero-title">Ship fast and build well, together.</h1>
          <p className="lede">
            The PM says “we need to ship this by Friday.” The engineer says “it will break under load.” Both are right about their
            own concern. In a Polarity quest each person holds part of the picture: pool what you know, put numbers on the risks,
            and let the people who carry the consequences make the call.
          </p>
        </div>
        <div className="hero-name card">
          <label htmlFor="player-name" className="field-label">
            Your name
          </label>
          <input
            ref={nameRef}
            id="player-name"
            className="input"
            value={name}
            maxLength={40}
            autoComplete="nickname"
            aria-describedby={nameHelpId}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Priya"
          />
          <p id={nameHelpId} className="field-help">
            Shown to your teammates in the quest. No account needed.
          </p>
        </div>
      </section>

      <section aria-labelledby="gallery-title" className="gallery">
        <div className="section-head">
          <h2 id="gallery-title">Scenarios</h2>
          <p className="muted">Each one is a short, timed quest for 2 to 6 people. Empty seats can be played by bots.</p>
        </div>
        {gallery.status === 'loading' && <Loading label="Loading scenarios…" />}
        {gallery.status === 'error' && (
          <ErrorState title="The scenarios could not be loaded" message={gallery.message} onRetry={load} />
        )}
        {gallery.status === 'ready' && gallery.scenarios.length === 0 && (
          <Empty>No scenarios are installed yet. Add a scenario file to the scenarios folder and restart the server.</Empty>
        )}
        {gallery.status === 'ready' && gallery.scenarios.length > 0 && (
          <ul className="scenario-list">
            {gallery.scenarios.map((s) => (
              <li key={s.id}>
                <ScenarioCard scenario={s} requireName={requireName} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ScenarioCard({ scenario, requireName }: { scenario: ScenarioSummary; requireName: () => string | null }) {
  const [soloRole, setSoloRole] = useState(scenario.roles[0]?.id ?? '');
  const [busy, setBusy] = useState<null | 'team' | 'solo'>(null);
  const [progress, setProgress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const soloId = useId();

  const start = async (mode: 'team' | 'solo') => {
    const name = requireName();
    if (!name) {
      setError('Add your name at the top of the page first.');
      return;
    }
    setError(null);
    setBusy(mode);
    setProgress('Creating the quest…');
    try {
      const created = await api.createQuest(scenario.id, name);
      savePlayer(created.questId, created.player);
      if (mode === 'solo') await seatSolo(created.questId, created.player.token, soloRole, setProgress);
      navigate(questPath(created.questId));
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
      setBusy(null);
      setProgress('');
    }
  };

  return (
    <article className="card scenario-card" aria-labelledby={titleId}>
      <header className="scenario-head">
        <h3 id={titleId}>{scenario.title}</h3>
        <p className="meta">
          <span>{scenario.minutes} min</span>
          <span aria-hidden="true">·</span>
          <span>
            {scenario.sceneCount} {scenario.sceneCount === 1 ? 'scene' : 'scenes'}
          </span>
          <span aria-hidden="true">·</span>
          <span>{scenario.roles.length} roles</span>
        </p>
      </header>
      <p className="scenario-summary">{scenario.summary}</p>
      <div className="scenario-columns">
        <div>
          <h4 className="label-heading">What it practises</h4>
          <ul className="chips">
            {scenario.practises.map((p) => (
              <li key={p} className="chip">
                {p}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4 className="label-heading">Roles</h4>
          <ul className="role-list">
            {scenario.roles.map((r) => (
              <li key={r.id}>
                <strong>{r.name}</strong> <span className="muted">{r.title}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="scenario-actions">
        <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => start('team')}>
          {busy === 'team' ? 'Creating…' : 'Start a quest'}
        </button>
        <div className="solo-group">
          <label htmlFor={soloId} className="field-label-inline">
            Practise solo as
          </label>
          <select
            id={soloId}
            className="select"
            value={soloRole}
            onChange={(e) => setSoloRole(e.target.value)}
            disabled={busy !== null}
          >
            {scenario.roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-secondary" disabled={busy !== null} onClick={() => start('solo')}>
            {busy === 'solo' ? 'Setting up…' : 'Practise solo'}
          </button>
        </div>
      </div>
      <p className="progress-note" role="status" aria-live="polite">
        {busy ? progress : ''}
      </p>
      <ActionError message={error} />
    </article>
  );
}

/** Takes the chosen role, puts collaborative bots in every other seat, and starts. */
async function seatSolo(questId: string, token: string, role: string, say: (s: string) => void): Promise<void> {
  const socket = new QuestSocket(questId, token, { lobby() {}, update() {}, state() {}, resync() {} });
  const must = async (ack: Promise<Ack>) => {
    const a = await ack;
    if (!a.ok) throw new Error(a.error.message);
  };
  try {
    say('Connecting…');
    await socket.ready();
    say('Taking your seat…');
    await must(socket.takeSeat(role));
    say('Seating collaborative bots…');
    await must(socket.fillBots('collaborative'));
    say('Starting the quest…');
    await must(socket.start());
  } finally {
    socket.close();
  }
}
