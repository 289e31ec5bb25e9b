// After the quest: how it ended, what happened to the world, the moments that mattered, which steps of the
// framework the team actually used, questions to talk through, and every role's private intel, now revealed.
import { useCallback, useEffect, useState } from 'react';
import type { CardView, QuestView } from '../../../engine/index.ts';
import { ApiError, api } from '../api/http.ts';
import { playerFor } from '../api/session.ts';
import type { Debrief } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import type { QuestSession } from '../app/use-quest.ts';
import { PrivateDebriefNote } from '../coach/PrivateDebriefNote.tsx';
import { MetricsChart } from '../debrief/MetricsChart.tsx';
import { formatClock, roleName } from '../play/vocabulary.ts';
import { ErrorState, Loading } from '../ui/states.tsx';

export function DebriefScreen({ session }: { session: QuestSession }) {
  const questId = session.lobby?.questId ?? '';
  const [debrief, setDebrief] = useState<Debrief | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(() => {
    const player = playerFor(questId);
    if (!player) return;
    setError(null);
    api
      .debrief(questId, player.token)
      .then(setDebrief, (e: unknown) => setError(e instanceof ApiError ? e : new ApiError('network', String(e), 0)));
  }, [questId]);
  useEffect(load, [load]);
  useEffect(() => {
    document.title = `Debrief · ${session.view?.title ?? 'Quest'} · Polarity`;
  }, [session.view?.title]);

  if (error) {
    return (
      <div className="page narrow">
        <ErrorState title="The debrief could not be loaded" message={error.message} onRetry={load} />
      </div>
    );
  }
  if (!debrief) return <Loading label="Preparing the debrief…" />;
  const view = debrief.view;
  const ending = view.ending;
  const start = view.history[0]?.at ?? debrief.timeline[0]?.at ?? 0;

  return (
    <div className="page debrief">
      <header className={`card ending ending-${ending?.outcome ?? 'mixed'}`}>
        <p className="eyebrow">Debrief · {view.title}</p>
        <h1>{ending?.title ?? 'The quest is over'}</h1>
        {ending && (
          <p className="ending-meta">
            <span className={`badge badge-${ending.outcome}`}>
              {ending.outcome === 'success' ? 'Success' : ending.outcome === 'mixed' ? 'Mixed' : 'Failure'}
            </span>
            <span>
              Score <strong>{Math.round(ending.score)}</strong>
            </span>
            {ending.early && <span className="muted">Ended early, before the last scene</span>}
          </p>
        )}
        {ending && <p className="lede">{ending.text}</p>}
        {view.debrief && <p>{view.debrief.summary}</p>}
        <PrivateDebriefNote questId={questId} />
      </header>

      <div className="debrief-grid">
        <section className="card span-2" aria-labelledby="chart-title">
          <h2 id="chart-title" className="card-title">
            Metrics over time
          </h2>
          <MetricsChart history={view.history} />
        </section>

        <div className="debrief-col">
          <section className="card" aria-labelledby="decisions-title">
            <h2 id="decisions-title" className="card-title">
              What the team decided
            </h2>
            <ol className="decision-record">
              {view.decisions.map((d) => (
                <li key={`${d.scene}-${d.decision}`}>
                  <strong>{d.label}</strong>
                  <span className="muted">
                    {d.via === 'vote'
                      ? 'Decided by vote'
                      : d.via === 'timeout'
                        ? 'Time ran out: the default happened'
                        : 'Decided by the facilitator'}
                  </span>
                </li>
              ))}
            </ol>
            {view.risksFired.length > 0 && (
              <>
                <h3 className="label-heading">Risks that hit</h3>
                <ul className="plain-list">
                  {view.risksFired.map((r) => (
                    <li key={r.id} className="tone-bad">
                      {r.text}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          {view.debrief && (
            <section className="card" aria-labelledby="challenges-title">
              <h2 id="challenges-title" className="card-title">
                Hidden challenges
              </h2>
              <ul className="plain-list challenges">
                {view.debrief.challenges.map((c) => {
                  const solved = view.solved.some((s) => s.id === c.id);
                  return (
                    <li key={c.id}>
                      <p>
                        <strong>{c.title}</strong>{' '}
                        <span className={`badge ${solved ? 'badge-success' : 'badge-failure'}`}>
                          {solved ? 'Solved' : 'Missed'}
                        </span>
                      </p>
                      <p className="muted">{c.explanation}</p>
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
        </div>
        <div className="debrief-col">
          <section className="card" aria-labelledby="framework-title">
            <h2 id="framework-title" className="card-title">
              The framework, step by step
            </h2>
            <ul className="framework">
              {debrief.framework.map((f) => {
                const lookFor = view.debrief?.framework.find((x) => x.step === f.step)?.look_for;
                return (
                  <li key={f.step} className={f.used ? 'used' : 'unused'}>
                    <p className="framework-step">
                      <span className="framework-mark" aria-hidden="true">
                        {f.used ? '✓' : '○'}
                      </span>
                      <strong>{f.step}</strong>
                      <span className={`badge ${f.used ? 'badge-success' : ''}`}>{f.used ? 'Used' : 'Not seen'}</span>
                    </p>
                    {lookFor && <p className="muted">{lookFor}</p>}
                    {f.evidence.length > 0 && (
                      <ul className="evidence">
                        {f.evidence.map((e) => (
                          <li key={e}>{e}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
          {view.debrief && (
            <section className="card" aria-labelledby="questions-title">
              <h2 id="questions-title" className="card-title">
                Talk it through
              </h2>
              <ol className="questions">
                {view.debrief.questions.map((q) => (
                  <li key={q}>{q}</li>
                ))}
              </ol>
            </section>
          )}
        </div>
        <section className="card span-2" aria-labelledby="timeline-title">
          <h2 id="timeline-title" className="card-title">
            Key moments
          </h2>
          {debrief.timeline.length === 0 ? (
            <p className="empty">No key moments were recorded.</p>
          ) : (
            <ol className="timeline">
              {debrief.timeline.map((t) => (
                <li key={t.seq} className={`moment moment-${t.kind}`}>
                  <span className="moment-time">{formatClock(t.at - start)}</span>
                  <span className="moment-kind">{t.kind.replace(/_/g, ' ')}</span>
                  <span className="moment-text">{t.text}</span>
                </li>
              ))}
            </ol>
          )}
        </section>

        <RevealedIntel view={view} />
      </div>
      <p className="debrief-foot">
        <Link href="/" className="btn btn-primary">
          Play another quest
        </Link>
      </p>
    </div>
  );
}

function RevealedIntel({ view }: { view: QuestView }) {
  const cards: CardView[] = [...(view.me?.cards ?? []), ...view.cards];
  return (
    <section className="card span-2" aria-labelledby="intel-title">
      <h2 id="intel-title" className="card-title">
        Everyone’s private intel, revealed
      </h2>
      <div className="reveal-grid">
        {view.roles.map((r) => {
          const own = cards.filter((c) => c.owner === r.id);
          return (
            <div key={r.id} className="reveal-role">
              <h3 className="reveal-name">
                {r.name} <span className="muted">{r.title}</span>
              </h3>
              <ul className="intel-list">
                {own.map((c) => (
                  <li key={c.id} className="intel-card">
                    <h4 className="intel-title">{c.title}</h4>
                    <p className="intel-text">{c.text}</p>
                    <p className="intel-state">
                      {c.sharedWith === 'team'
                        ? 'Shared with the team'
                        : c.sharedWith.length
                          ? `Shown to ${c.sharedWith.map((x) => roleName(view, x)).join(', ')}`
                          : 'Never shared'}
                    </p>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
