// Asking the coach about a real situation: the question box, then the answer with where it came from (the playbook
// entries it drew on, the person's own quests, and whether the playbook or the configured model wrote the text).
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { reasonOf, useLoad } from '../accounts/use-load.ts';
import { type CoachAnswer, coachApi, MAX_QUESTION_LENGTH } from '../api/coach.ts';
import { ActionError } from '../ui/ActionError.tsx';

const EXAMPLES = [
  'How do I push back on a deadline my PM promised a customer?',
  'Engineering keeps saying a refactor is urgent. How do I weigh it against the roadmap?',
  'Our planning meeting keeps turning into the same argument. What can I do?',
];

export function AskCoach({ initialQuestion, onAnswered }: { initialQuestion: string; onAnswered(): void }) {
  const [question, setQuestion] = useState(initialQuestion.slice(0, MAX_QUESTION_LENGTH));
  const [answer, setAnswer] = useState<CoachAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const topics = useLoad(useCallback(() => coachApi.topics(), []));
  const boxId = useId();
  const helpId = useId();
  const errorId = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (initialQuestion) box.current?.focus();
  }, [initialQuestion]);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    const q = question.trim();
    if (!q) {
      setError('Write your question first: a sentence or two about the situation is enough.');
      box.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setAnswer(await coachApi.ask(q));
      onAnswered();
    } catch (err) {
      setError(reasonOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card coach-section" aria-labelledby="ask-title" id="ask">
      <h2 id="ask-title" className="card-title">
        Ask the coach
      </h2>
      <form onSubmit={ask} noValidate>
        <div className="field">
          <label className="field-label" htmlFor={boxId}>
            What is the situation?
          </label>
          <textarea
            id={boxId}
            ref={box}
            className="input coach-question"
            rows={3}
            maxLength={MAX_QUESTION_LENGTH}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            aria-describedby={`${helpId} ${errorId}`}
            aria-invalid={error ? true : undefined}
          />
          <p className="field-help" id={helpId}>
            For example: “{EXAMPLES[0]}” Your question and the answer are kept for you alone ({question.length}/
            {MAX_QUESTION_LENGTH} characters).
          </p>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Asking…' : 'Ask'}
        </button>
        <ActionError message={error} id={errorId} />
      </form>
      {topics.data && topics.data.length > 0 && (
        <details className="coach-topics">
          <summary>What the coach can help with</summary>
          <ul className="plain-list">
            {topics.data.map((t) => (
              <li key={t.id}>{t.title}</li>
            ))}
          </ul>
        </details>
      )}
      <div aria-live="polite" className="coach-answer-region">
        {busy && <p className="muted">The coach is thinking about your situation…</p>}
        {answer && !busy && <Answer answer={answer} />}
      </div>
    </section>
  );
}

/**
 * The paragraphs to show as the answer's text. The playbook's text repeats its lists in plain words (for a chat
 * message), so the page shows only its first paragraph and the lists below; a model's text is shown whole.
 */
function told(a: CoachAnswer): string[] {
  const paragraphs = a.text.split(/\n{2,}/).filter((p) => p.trim() !== '');
  return a.source === 'playbook' && a.entries.length > 0 ? paragraphs.slice(0, 1) : paragraphs;
}

export function Answer({ answer: a, headingLevel = 3 }: { answer: CoachAnswer; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="coach-answer">
      <H className="visually-hidden">The coach’s answer</H>
      {told(a).map((p) => (
        <p key={p} className="coach-answer-text">
          {p}
        </p>
      ))}
      {a.advice.length > 0 && (
        <>
          <H>What to try</H>
          <ul>
            {a.advice.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </>
      )}
      {a.phrasings.length > 0 && (
        <>
          <H>Lines you could use</H>
          {a.phrasings.map((x) => (
            <blockquote key={x} className="coach-line">
              {x}
            </blockquote>
          ))}
        </>
      )}
      {a.followUps.length > 0 && (
        <>
          <H>Questions to think on</H>
          <ul>
            {a.followUps.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </>
      )}
      {a.personal && (
        <>
          <H>From your own quests</H>
          <p>{a.personal}</p>
        </>
      )}
      <div className="coach-sources">
        <H>Where this comes from</H>
        <ul className="plain-list">
          <li>
            <span className="tag">{a.source === 'model' ? 'Model' : 'Playbook'}</span>{' '}
            {a.source === 'model'
              ? 'Written by the language model this server is set up with, from the playbook entries below and your own history only.'
              : 'Written by the playbook coach, from the framework in the source documents.'}
          </li>
          {a.entries.length > 0 && <li>Playbook: {a.entries.map((e) => e.title).join(' · ')}</li>}
          {a.personal && <li>Your history: the signals behind your own debriefs</li>}
        </ul>
      </div>
    </div>
  );
}
