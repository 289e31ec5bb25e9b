// Deleting everything the coach holds about the person: debriefs, the signals behind them, and their questions.
// Asked twice (a second button), because it cannot be undone; what happens is said in the person's words first.
import { useEffect, useId, useRef, useState } from 'react';
import { reasonOf } from '../accounts/use-load.ts';
import { coachApi } from '../api/coach.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { resetUnread } from './unread-debriefs.ts';

export function DeleteCoaching({ onDeleted }: { onDeleted(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const warningId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await coachApi.deleteAll();
      setConfirming(false);
      setDone(true);
      resetUnread();
      onDeleted();
    } catch (e) {
      setError(reasonOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card coach-section" aria-labelledby="delete-coaching-title">
      <h2 id="delete-coaching-title" className="card-title">
        Delete my coaching
      </h2>
      <p id={warningId}>
        This deletes every debrief, the notes on your moves behind them, and every question you asked. It cannot be undone. Your
        quests, your account and the rest of your data stay as they are.
      </p>
      {confirming ? (
        <div className="row">
          <button
            type="button"
            className="btn btn-danger"
            ref={confirmRef}
            onClick={remove}
            disabled={busy}
            aria-describedby={warningId}
          >
            {busy ? 'Deleting…' : 'Yes, delete all my coaching'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setConfirming(false)} disabled={busy}>
            Keep it
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            setDone(false);
            setConfirming(true);
          }}
        >
          Delete my coaching…
        </button>
      )}
      <ActionError message={error} />
      <p className="done-note" role="status">
        {done ? 'Deleted. The coach holds nothing about you now; new quests will bring new debriefs.' : ''}
      </p>
    </section>
  );
}
