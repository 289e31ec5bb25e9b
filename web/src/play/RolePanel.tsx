// Your role: goal, the need you have not said out loud, and the private intel only you hold, with the controls to
// share it. Below, the cards others have shared with you.
import { useId, useState } from 'react';
import type { CardView, Need, QuestView } from '../../../engine/index.ts';
import { notConnected, type QuestSocket } from '../api/quest-socket.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useAction } from '../ui/use-action.ts';
import { firstName, listNames, NEED_INFO, NEEDS, roleName } from './vocabulary.ts';

export function RolePanel({ view, socket }: { view: QuestView; socket: QuestSocket | null }) {
  const me = view.me;
  return (
    <div className="role-panel">
      {me ? <RoleCard view={view} socket={socket} /> : <WatcherCard view={view} />}
      <SharedCards view={view} socket={socket} />
    </div>
  );
}

function RoleCard({ view, socket }: { view: QuestView; socket: QuestSocket | null }) {
  const me = view.me as NonNullable<QuestView['me']>;
  const role = view.roles.find((r) => r.id === me.role);
  const need = NEED_INFO[me.need];
  const saidIt = view.needsNamed.some((n) => n.by === me.role && n.of === me.role && n.need === me.need);
  const nameOwn = useAction();
  return (
    <section className="card role-card" aria-labelledby="role-title">
      <p className="eyebrow">Your role</p>
      <h2 id="role-title" className="role-heading">
        {role?.name} <span className="role-title">{role?.title}</span>
      </h2>
      <dl className="role-facts">
        <dt>Your goal</dt>
        <dd>{me.goal}</dd>
        <dt>Your unspoken need</dt>
        <dd>
          <strong>{need.label}.</strong> “{need.says}”
          <span className="field-help">Only you can see this. Saying it out loud changes the conversation.</span>
          {saidIt ? (
            <span className="done-note">You named it for the team.</span>
          ) : (
            <button
              type="button"
              className="btn btn-small btn-secondary"
              disabled={nameOwn.pending}
              onClick={() => nameOwn.run(() => socket?.command({ type: 'name_need', need: me.need }) ?? notConnected())}
            >
              Say it: I need {need.label.toLowerCase()}
            </button>
          )}
          <ActionError message={nameOwn.error} />
        </dd>
      </dl>
      <h3 className="label-heading">Private intel</h3>
      <ul className="intel-list">
        {me.cards.map((c) => (
          <li key={c.id}>
            <IntelCard card={c} view={view} socket={socket} />
          </li>
        ))}
      </ul>
      <NameANeed view={view} socket={socket} />
    </section>
  );
}

function sharingText(view: QuestView, card: CardView): string {
  if (card.sharedWith === 'team') return 'Shared with the team';
  if (card.sharedWith.length === 0) return 'Private: only you know this';
  return `Shown to ${listNames(card.sharedWith.map((r) => firstName(view, r)))}`;
}

function IntelCard({ card, view, socket }: { card: CardView; view: QuestView; socket: QuestSocket | null }) {
  const action = useAction();
  const selectId = useId();
  const titleId = useId();
  const me = view.me?.role;
  const others = view.roles.filter((r) => r.id !== me && !(Array.isArray(card.sharedWith) && card.sharedWith.includes(r.id)));
  const [target, setTarget] = useState('');
  const chosen = others.some((r) => r.id === target) ? target : (others[0]?.id ?? '');
  const team = card.sharedWith === 'team';
  return (
    <article className={`intel-card${team ? ' intel-shared' : ''}`} aria-labelledby={titleId}>
      <h4 id={titleId} className="intel-title">
        {card.title}
      </h4>
      <p className="intel-text">{card.text}</p>
      <p className="intel-state">{sharingText(view, card)}</p>
      {!team && (
        <div className="intel-actions">
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={action.pending}
            aria-label={`Share with team: ${card.title}`}
            onClick={() => action.run(() => socket?.command({ type: 'share', card: card.id, with: 'team' }) ?? notConnected())}
          >
            Share with team
          </button>
          {others.length > 0 && (
            <span className="share-one">
              <label htmlFor={selectId} className="visually-hidden">
                Show “{card.title}” to one role
              </label>
              <select id={selectId} className="select select-small" value={chosen} onChange={(e) => setTarget(e.target.value)}>
                {others.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn btn-small btn-secondary"
                disabled={action.pending || !chosen}
                aria-label={`Show “${card.title}” to ${roleName(view, chosen)}`}
                onClick={() =>
                  action.run(() => socket?.command({ type: 'share', card: card.id, with: chosen }) ?? notConnected())
                }
              >
                Show
              </button>
            </span>
          )}
        </div>
      )}
      <ActionError message={action.error} />
    </article>
  );
}

function NameANeed({ view, socket }: { view: QuestView; socket: QuestSocket | null }) {
  const me = view.me?.role;
  const others = view.roles.filter((r) => r.id !== me);
  const [of, setOf] = useState(others[0]?.id ?? '');
  const [need, setNeed] = useState<Need>('predictability');
  const action = useAction();
  const ofId = useId();
  const needId = useId();
  if (others.length === 0) return null;
  return (
    <details className="name-need">
      <summary>Name a need you hear in someone else</summary>
      <div className="name-need-body">
        <div className="field">
          <label htmlFor={ofId} className="field-label">
            Whose need
          </label>
          <select id={ofId} className="select" value={of} onChange={(e) => setOf(e.target.value)}>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.title})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={needId} className="field-label">
            What they seem to need
          </label>
          <select id={needId} className="select" value={need} onChange={(e) => setNeed(e.target.value as Need)}>
            {NEEDS.map((n) => (
              <option key={n} value={n}>
                {NEED_INFO[n].label}
              </option>
            ))}
          </select>
          <p className="field-help">“{NEED_INFO[need].says}”</p>
        </div>
        <button
          type="button"
          className="btn btn-small btn-secondary"
          disabled={action.pending}
          onClick={() => action.run(() => socket?.command({ type: 'name_need', need, of }) ?? notConnected())}
        >
          Name it
        </button>
        <ActionError message={action.error} />
      </div>
    </details>
  );
}

function WatcherCard({ view }: { view: QuestView }) {
  const facilitating = 'facilitator' in view.seat;
  return (
    <section className="card role-card" aria-labelledby="role-title">
      <p className="eyebrow">{facilitating ? 'Facilitating' : 'Watching'}</p>
      <h2 id="role-title" className="role-heading">
        {facilitating ? 'You keep the time' : 'You are a spectator'}
      </h2>
      <p className="muted">
        {facilitating
          ? 'Watch how the team pools information and prices risks. Pause when the conversation needs a reset; ' +
            'extend when a good discussion needs a minute more.'
          : 'You see what the team shares and decides. Private intel stays private until the debrief.'}
      </p>
    </section>
  );
}

function SharedCards({ view, socket }: { view: QuestView; socket: QuestSocket | null }) {
  return (
    <section className="card" aria-labelledby="shared-title">
      <h2 id="shared-title" className="card-title">
        Shared with you <span className="count">{view.cards.length}</span>
      </h2>
      {view.cards.length === 0 ? (
        <p className="empty">Nothing yet. When a teammate shares intel, it appears here.</p>
      ) : (
        <ul className="intel-list">
          {view.cards.map((c) => (
            <li key={c.id}>
              <ReceivedCard card={c} view={view} socket={socket} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A card someone shared with you. One shown to you privately can be pooled with the whole team. */
function ReceivedCard({ card, view, socket }: { card: CardView; view: QuestView; socket: QuestSocket | null }) {
  const action = useAction();
  const privately = card.sharedWith !== 'team';
  return (
    <article className="intel-card intel-received">
      <h3 className="intel-title">{card.title}</h3>
      <p className="intel-text">{card.text}</p>
      <p className="intel-state">
        From {roleName(view, card.owner)} · {privately ? 'shown to you privately' : 'shared with the team'}
      </p>
      {privately && view.me && (
        <div className="intel-actions">
          <button
            type="button"
            className="btn btn-small btn-secondary"
            disabled={action.pending}
            aria-label={`Share with team: ${card.title}`}
            onClick={() => action.run(() => socket?.command({ type: 'share', card: card.id, with: 'team' }) ?? notConnected())}
          >
            Share with team
          </button>
        </div>
      )}
      <ActionError message={action.error} />
    </article>
  );
}
