// Pause, resume, extend and end: the facilitator's controls (the host's, when nobody facilitates).
import { useState } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import { notConnected, type QuestSocket } from '../api/quest-socket.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useAction } from '../ui/use-action.ts';

export function FacilitatorControls({ view, socket, asHost }: { view: QuestView; socket: QuestSocket | null; asHost: boolean }) {
  const action = useAction();
  const [confirmEnd, setConfirmEnd] = useState(false);
  const paused = view.status === 'paused';
  const send = (command: Parameters<QuestSocket['command']>[0]) => action.run(() => socket?.command(command) ?? notConnected());
  return (
    <section className="facilitator" aria-labelledby="facilitator-title">
      <h2 id="facilitator-title" className="label-heading">
        {asHost ? 'Host controls' : 'Facilitator controls'}
      </h2>
      <div className="toolbar">
        {paused ? (
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={action.pending}
            onClick={() => send({ type: 'resume' })}
          >
            Resume
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-secondary"
            disabled={action.pending}
            onClick={() => send({ type: 'pause' })}
          >
            Pause
          </button>
        )}
        <button
          type="button"
          className="btn btn-small btn-secondary"
          disabled={action.pending}
          onClick={() => send({ type: 'extend', seconds: 60 })}
        >
          +1 min
        </button>
        <button
          type="button"
          className="btn btn-small btn-secondary"
          disabled={action.pending}
          onClick={() => send({ type: 'extend', seconds: 180 })}
        >
          +3 min
        </button>
        {confirmEnd ? (
          <>
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={action.pending}
              onClick={async () => {
                await send({ type: 'end', reason: 'ended by the facilitator' });
                setConfirmEnd(false);
              }}
            >
              Yes, end the quest
            </button>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirmEnd(false)}>
              Keep playing
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirmEnd(true)}>
            End quest…
          </button>
        )}
      </div>
      <ActionError message={action.error} />
    </section>
  );
}
