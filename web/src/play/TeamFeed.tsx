// The team's conversation: what people said and asked, interleaved with the moves they made. New lines are
// announced politely; the composer says or asks, optionally to one role.
import { type FormEvent, type KeyboardEvent, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import { notConnected, type QuestSocket } from '../api/quest-socket.ts';
import type { SeenEvent } from '../api/types.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useAction } from '../ui/use-action.ts';
import { describeEvent, type FeedItem } from './describe-event.ts';

type Filter = 'talk' | 'all';

export function TeamFeed({
  view,
  feed,
  socket,
  choiceLabels,
}: {
  view: QuestView;
  feed: SeenEvent[];
  socket: QuestSocket | null;
  choiceLabels: Map<string, string>;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  const items = useMemo(() => {
    const out: FeedItem[] = [];
    for (const e of feed) {
      const item = describeEvent(e, { view, choiceLabels });
      if (item && (filter === 'all' || item.kind === 'message')) out.push(item);
    }
    return out;
  }, [feed, view, choiceLabels, filter]);

  const logRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the newest line whenever the lines change
  useLayoutEffect(() => {
    const el = logRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [items]);

  return (
    <section className="card feed" aria-labelledby="feed-title">
      <div className="feed-head">
        <h2 id="feed-title" className="card-title">
          Team conversation
        </h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Show</legend>
          <button type="button" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
            Everything
          </button>
          <button type="button" aria-pressed={filter === 'talk'} onClick={() => setFilter('talk')}>
            Messages only
          </button>
        </fieldset>
      </div>
      <div
        ref={logRef}
        className="feed-log"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-labelledby="feed-title"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
      >
        <ol className="feed-lines">
          {items.length === 0 && (
            <li className="feed-empty">
              {filter === 'talk' ? 'Nobody has said anything yet. Start with what you know.' : 'The quest is about to begin.'}
            </li>
          )}
          {items.map((item) => (
            <FeedLine key={item.seq} item={item} mine={item.by !== undefined && item.by === view.me?.role} />
          ))}
        </ol>
      </div>
      {view.me ? (
        <Composer view={view} socket={socket} />
      ) : (
        <p className="field-help feed-note">Only seated roles can speak in the quest.</p>
      )}
    </section>
  );
}

function FeedLine({ item, mine }: { item: FeedItem; mine: boolean }) {
  if (item.kind === 'message') {
    return (
      <li
        className={`msg${mine ? ' msg-mine' : ''}${item.question ? ' msg-question' : ''}${item.toName === 'you' ? ' msg-to-me' : ''}`}
      >
        <p className="msg-meta">
          <strong>{mine ? 'You' : item.byName}</strong>
          {item.question && <span className="msg-kind">{item.toName ? `asks ${item.toName}` : 'asks'}</span>}
          {item.spoken && <span className="msg-kind">said aloud</span>}
          <time dateTime={new Date(item.at).toISOString()}>{timeOfDay(item.at)}</time>
        </p>
        <p className="msg-text">{item.text}</p>
      </li>
    );
  }
  return <li className={`activity activity-${item.kind}${item.tone ? ` tone-${item.tone}` : ''}`}>{item.text}</li>;
}

function timeOfDay(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function Composer({ view, socket }: { view: QuestView; socket: QuestSocket | null }) {
  const [text, setText] = useState('');
  const [to, setTo] = useState('');
  const action = useAction();
  const textId = useId();
  const toId = useId();
  const errId = useId();
  const others = view.roles.filter((r) => r.id !== view.me?.role);
  useEffect(() => {
    if (text) action.clear();
  }, [text, action.clear]);

  const send = async (kind: 'say' | 'ask') => {
    const body = text.trim();
    if (!body) {
      action.fail(kind === 'ask' ? 'Write your question first.' : 'Write a message first.');
      return;
    }
    const ok = await action.run(
      () =>
        socket?.command(kind === 'ask' ? { type: 'ask', text: body, ...(to ? { to } : {}) } : { type: 'say', text: body }) ??
        notConnected(),
    );
    if (ok) setText('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send('say');
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send('say');
    }
  };
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={textId} className="visually-hidden">
        Message to the team
      </label>
      <textarea
        id={textId}
        className="input composer-text"
        rows={2}
        maxLength={2000}
        value={text}
        placeholder="Say what you know, or ask why…"
        aria-describedby={action.error ? errId : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
      />
      <div className="composer-actions">
        <button type="submit" className="btn btn-small btn-primary" disabled={action.pending}>
          Say
        </button>
        <button type="button" className="btn btn-small btn-secondary" disabled={action.pending} onClick={() => void send('ask')}>
          Ask a question
        </button>
        <label htmlFor={toId} className="visually-hidden">
          Ask whom
        </label>
        <select id={toId} className="select select-small" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">of everyone</option>
          {others.map((r) => (
            <option key={r.id} value={r.id}>
              of {r.name.split(' ')[0]} ({r.title})
            </option>
          ))}
        </select>
      </div>
      <ActionError id={errId} message={action.error} />
    </form>
  );
}
