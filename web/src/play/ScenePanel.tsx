// The scene itself: what is happening, what this phase asks of you, and the phase's one button (ready to move
// on, or a check-in to pause the decision and talk about how the team is talking).
import { useId, useState } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import { notConnected, type QuestSocket } from '../api/quest-socket.ts';
import type { SeenEvent } from '../api/types.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useAction } from '../ui/use-action.ts';
import { describeEvent } from './describe-event.ts';
import { firstName, PHASE_INFO } from './vocabulary.ts';

export function ScenePanel({
  view,
  socket,
  feed,
  labels,
}: {
  view: QuestView;
  socket: QuestSocket | null;
  feed: SeenEvent[];
  labels: Map<string, string>;
}) {
  const scene = view.scene;
  if (!scene) return null;
  return (
    <section className="card scene" aria-labelledby="narrative-title">
      <h2 id="narrative-title" className="visually-hidden">
        The scene
      </h2>
      <p className="narrative">{scene.narrative}</p>
      {view.status === 'paused' && (
        <p className="notice" role="status">
          The facilitator has paused the quest. The clock is stopped; you can still talk and share.
        </p>
      )}
      {scene.checkIn && (
        <p className="notice notice-calm" role="status">
          <strong>{firstName(view, scene.checkIn.by)} called a check-in.</strong> Step back from the options for a moment: what
          matters most to each of you here?
        </p>
      )}
      {scene.phase === 'consequences' && <SceneOutcome view={view} feed={feed} labels={labels} />}
      <div className="phase-guide">
        <p>
          <strong>{PHASE_INFO[scene.phase].label}.</strong> {PHASE_INFO[scene.phase].hint}
        </p>
        {view.me && <PhaseAction view={view} socket={socket} />}
      </div>
    </section>
  );
}

function PhaseAction({ view, socket }: { view: QuestView; socket: QuestSocket | null }) {
  const scene = view.scene as NonNullable<QuestView['scene']>;
  const action = useAction();
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  const noteId = useId();
  const me = view.roles.find((r) => r.id === view.me?.role);
  if (scene.phase !== 'discussion') {
    const ready = me?.ready ?? false;
    return (
      <div className="phase-action">
        <button
          type="button"
          className="btn btn-primary"
          disabled={ready || action.pending || view.status !== 'running'}
          onClick={() => action.run(() => socket?.command({ type: 'ready' }) ?? notConnected())}
        >
          {ready ? 'You are ready' : scene.phase === 'briefing' ? 'I’m ready to discuss' : 'Ready for what comes next'}
        </button>
        <span className="muted">
          {view.roles.filter((r) => r.ready).length} of {view.roles.length} ready
        </span>
        <ActionError message={action.error} />
      </div>
    );
  }
  if (scene.checkIn) return null;
  return (
    <div className="phase-action">
      {asking ? (
        <form
          className="checkin-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await action.run(() => socket?.command({ type: 'check_in', note: note.trim() }) ?? notConnected()))
              setAsking(false);
          }}
        >
          <label htmlFor={noteId} className="field-label">
            What do you want to check in about? (optional)
          </label>
          <input
            id={noteId}
            className="input"
            maxLength={500}
            value={note}
            placeholder="I notice we are going in circles…"
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="btn btn-small btn-primary" disabled={action.pending}>
              Pause and check in
            </button>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="btn btn-secondary"
          disabled={scene.checkInUsed || view.status !== 'running'}
          aria-describedby={`${noteId}-help`}
          onClick={() => setAsking(true)}
        >
          {scene.checkInUsed ? 'Check-in used this scene' : 'Call a check-in'}
        </button>
      )}
      {!asking && (
        <span id={`${noteId}-help`} className="field-help">
          Stops the decision clock so the team can talk about how it is talking. Once per scene.
        </span>
      )}
      <ActionError message={action.error} />
    </div>
  );
}

/** What the decision of this scene set in motion: the outcome, risks rolled, consequences scheduled. */
function SceneOutcome({ view, feed, labels }: { view: QuestView; feed: SeenEvent[]; labels: Map<string, string> }) {
  let start = 0;
  for (let i = feed.length - 1; i >= 0; i--) {
    if (feed[i]?.event.type === 'scene_started') {
      start = i;
      break;
    }
  }
  const kinds = new Set(['decision_made', 'risk_rolled', 'consequence_scheduled', 'consequence_came_due', 'challenge_solved']);
  const lines = feed
    .slice(start)
    .filter((e) => kinds.has(e.event.type))
    .map((e) => describeEvent(e, { view, choiceLabels: labels }))
    .filter((x) => x !== null);
  if (lines.length === 0) return null;
  return (
    <div className="outcome">
      <h3 className="label-heading">What happened</h3>
      <ul className="outcome-list">
        {lines.map((l) => (
          <li key={l.seq} className={l.tone ? `tone-${l.tone}` : ''}>
            {l.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
