// One private debrief, opened (which marks it read): the coach's opening, what worked, what is worth a second look,
// each tied to a step of the framework and quoting the person's own moment with its scene and time, then one thing
// to practise with a line to try, and a way to take it to the coach.
import { useCallback, useEffect, useRef } from 'react';
import { useLoad } from '../accounts/use-load.ts';
import { coachApi, type DebriefObservation, type PrivateDebrief } from '../api/coach.ts';
import { coachPath, Link } from '../app/router.tsx';
import { ErrorState, Loading } from '../ui/states.tsx';
import { formatDay, quotedParts } from './coach-words.ts';
import { refreshUnread } from './unread-debriefs.ts';

export function DebriefView({ debriefId }: { debriefId: string }) {
  const loaded = useLoad(useCallback(() => coachApi.debrief(debriefId), [debriefId]));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!loaded.data) return;
    document.title = `Your debrief · ${loaded.data.scenarioTitle} · Polarity`;
    heading.current?.focus();
    // Opening it marked it read: the header's count goes down now, not a minute later.
    void refreshUnread();
  }, [loaded.data]);
  const back = (
    <p>
      <Link href={coachPath}>← All your debriefs</Link>
    </p>
  );
  if (loaded.error) {
    return (
      <>
        {back}
        <ErrorState
          title={loaded.error.status === 404 ? 'There is no such debrief among yours' : 'This debrief could not be loaded'}
          message={loaded.error.message}
          onRetry={loaded.error.status === 404 ? undefined : loaded.reload}
        />
      </>
    );
  }
  if (!loaded.data) return <Loading label="Opening your debrief…" />;
  return (
    <>
      {back}
      <Debrief debrief={loaded.data} headingRef={heading} />
    </>
  );
}

function Debrief({
  debrief: d,
  headingRef,
}: {
  debrief: PrivateDebrief;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const strengths = d.observations.filter((o) => o.tone === 'strength');
  const edges = d.observations.filter((o) => o.tone === 'edge');
  const ask = `How do I practise "${d.practise.stepTitle.toLowerCase()}" in a real conversation?`;
  return (
    <article className="card coach-debrief" aria-labelledby="debrief-title">
      <header>
        <p className="eyebrow">
          Debrief · {formatDay(d.createdAt)} · as {d.roleName}, {d.roleTitle}
        </p>
        <h2 id="debrief-title" className="card-title" tabIndex={-1} ref={headingRef}>
          {d.scenarioTitle}
        </h2>
        <p className="lede">{d.opening}</p>
      </header>
      {strengths.length > 0 && (
        <section aria-labelledby="worked-title">
          <h3 id="worked-title">What worked</h3>
          <ul className="coach-observations">
            {strengths.map((o) => (
              <Observation key={o.pattern} o={o} />
            ))}
          </ul>
        </section>
      )}
      {edges.length > 0 && (
        <section aria-labelledby="second-look-title">
          <h3 id="second-look-title">Worth a second look</h3>
          <ul className="coach-observations">
            {edges.map((o) => (
              <Observation key={o.pattern} o={o} />
            ))}
          </ul>
        </section>
      )}
      <section className="coach-practise" aria-labelledby="practise-title">
        <h3 id="practise-title">One thing to practise</h3>
        <p className="coach-step">
          <span className="tag">{d.practise.stepTitle}</span>
        </p>
        <p>{d.practise.text}</p>
        <p className="coach-line-intro">Try saying:</p>
        <blockquote className="coach-line">{d.practise.line}</blockquote>
        <Link href={`${coachPath}?ask=${encodeURIComponent(ask)}`} className="btn btn-secondary btn-small">
          Ask the coach about practising this
        </Link>
      </section>
      <p className="coach-closing muted">{d.closing}</p>
    </article>
  );
}

function Observation({ o }: { o: DebriefObservation }) {
  return (
    <li className={`coach-observation coach-${o.tone}`}>
      <p className="coach-observation-meta">
        <span className="tag">{o.stepTitle}</span>
        <span className="muted">
          {o.scene} · {o.time} into the quest
        </span>
      </p>
      <p>
        {quotedParts(o.text).map((p, i) =>
          p.quoted ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, never reordered
            <span key={i} className="coach-quote">
              {p.text}
            </span>
          ) : (
            p.text
          ),
        )}
      </p>
    </li>
  );
}
