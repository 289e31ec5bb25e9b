// What the person asked the coach before, newest first, each answer folded away until opened.

import type { Loaded } from '../accounts/use-load.ts';
import type { AskedQuestion } from '../api/coach.ts';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { Answer } from './AskCoach.tsx';
import { formatMoment } from './coach-words.ts';

export function CoachHistory({ history }: { history: Loaded<AskedQuestion[]> }) {
  return (
    <section className="card coach-section" aria-labelledby="history-title">
      <h2 id="history-title" className="card-title">
        What you asked before
      </h2>
      {history.error ? (
        <ErrorState title="Your questions could not be loaded" message={history.error.message} onRetry={history.reload} />
      ) : !history.data ? (
        <Loading label="Loading your questions…" />
      ) : history.data.length === 0 ? (
        <Empty>Nothing yet. Your questions and the coach’s answers will be kept here, for you alone.</Empty>
      ) : (
        <ul className="coach-history">
          {history.data.map((q) => (
            <li key={q.id}>
              <details>
                <summary>
                  <span className="coach-history-question">{q.answer.question}</span>{' '}
                  <span className="muted">· {formatMoment(q.askedAt)}</span>
                </summary>
                <Answer answer={q.answer} headingLevel={4} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
