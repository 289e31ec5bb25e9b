// Deleting everything the coach holds about the person: debriefs, the signals behind them, and their questions.
// Asked twice (a second button), because it cannot be undone; what happens is said in the person's words first.
import { useId } from 'react';
import { coachApi } from '../api/coach.ts';
import { ConfirmTwice } from '../ui/ConfirmTwice.tsx';
import { resetUnread } from './unread-debriefs.ts';

export function DeleteCoaching({ onDeleted }: { onDeleted(): void }) {
  const warningId = useId();
  return (
    <section className="card coach-section" aria-labelledby="delete-coaching-title">
      <h2 id="delete-coaching-title" className="card-title">
        Delete my coaching
      </h2>
      <p id={warningId}>
        This deletes every debrief, the notes on your moves behind them, and every question you asked. It cannot be undone. Your
        quests, your account and the rest of your data stay as they are.
      </p>
      <ConfirmTwice
        askLabel="Delete my coaching…"
        askClassName="btn btn-secondary"
        confirmLabel="Yes, delete all my coaching"
        pendingLabel="Deleting…"
        cancelLabel="Keep it"
        describedBy={warningId}
        doneMessage="Deleted. The coach holds nothing about you now; new quests will bring new debriefs."
        act={async () => {
          await coachApi.deleteAll();
          resetUnread();
        }}
        onDone={onDeleted}
      />
    </section>
  );
}
