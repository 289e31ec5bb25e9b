// Before the start: share the invite, choose seats, see who is here, fill empty seats with bots, start.
import { useEffect, useId, useRef, useState } from 'react';
import { notConnected } from '../api/quest-socket.ts';
import type { BotPersona, Lobby, LobbySeat } from '../api/types.ts';
import { invitePath } from '../app/router.tsx';
import { useScenario } from '../app/scenario-cache.ts';
import type { QuestSession } from '../app/use-quest.ts';
import { PERSONA_INFO } from '../play/vocabulary.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useAction } from '../ui/use-action.ts';

export function LobbyScreen({ session, playerId }: { session: QuestSession; playerId: string }) {
  const lobby = session.lobby as Lobby;
  const scenario = useScenario(lobby.scenarioId, lobby.invite);
  const me = lobby.players.find((p) => p.id === playerId);
  const isHost = lobby.hostId === playerId;
  const seated = lobby.seats.filter((s) => s.occupant !== null).length;
  const allSeated = seated === lobby.seats.length;
  const host = lobby.players.find((p) => p.host);

  useEffect(() => {
    document.title = `Lobby${scenario ? ` · ${scenario.title}` : ''} · Polarity`;
  }, [scenario]);

  return (
    <div className="page lobby">
      <header className="page-head">
        <p className="eyebrow">Lobby</p>
        <h1>{scenario?.title ?? 'Getting the team together'}</h1>
        {scenario && <p className="lede">{scenario.summary}</p>}
        <InviteCard invite={lobby.invite} />
      </header>
      <div className="lobby-grid">
        <div className="lobby-main">
          <section aria-labelledby="seats-title">
            <div className="section-head">
              <h2 id="seats-title">Choose your seat</h2>
              <p className="muted">Each role holds private information the others need. Pick one, or watch.</p>
            </div>
            <ul className="seat-grid">
              {lobby.seats.map((seat) => (
                <li key={seat.role}>
                  <SeatCard
                    seat={seat}
                    brief={scenario?.roles.find((r) => r.id === seat.role)?.brief}
                    mine={me?.seat === seat.role}
                    isHost={isHost}
                    session={session}
                  />
                </li>
              ))}
            </ul>
          </section>
          <OtherSeats session={session} mySeat={me?.seat ?? null} />
        </div>
        <aside className="lobby-side" aria-label="Who is here and starting">
          <PeopleCard lobby={lobby} playerId={playerId} />
          <section className="card" aria-labelledby="start-title">
            <h2 id="start-title" className="card-title">
              Ready to start?
            </h2>
            <p className="readiness">
              <span className={`dot ${allSeated ? 'dot-ok' : 'dot-wait'}`} aria-hidden="true" />
              {seated} of {lobby.seats.length} roles seated
            </p>
            {isHost ? (
              <HostControls session={session} allSeated={allSeated} emptySeats={lobby.seats.length - seated} />
            ) : (
              <p className="muted">
                {allSeated ? 'Everyone is seated.' : 'Waiting for the remaining seats.'}{' '}
                {host ? `${host.name} starts the quest.` : ''}
              </p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

function occupantLabel(seat: LobbySeat, mine: boolean): { text: string; tone: 'open' | 'person' | 'away' | 'bot' } {
  const o = seat.occupant;
  if (!o) return { text: 'Open seat', tone: 'open' };
  if ('bot' in o) return { text: `Bot · ${PERSONA_INFO[o.bot]?.label.toLowerCase() ?? o.bot}`, tone: 'bot' };
  if (mine) return { text: 'You', tone: 'person' };
  return { text: `${o.name}${o.connected ? '' : ' (away)'}`, tone: o.connected ? 'person' : 'away' };
}

function SeatCard({
  seat,
  brief,
  mine,
  isHost,
  session,
}: {
  seat: LobbySeat;
  brief?: string;
  mine: boolean;
  isHost: boolean;
  session: QuestSession;
}) {
  const action = useAction();
  const who = occupantLabel(seat, mine);
  const titleId = useId();
  const isBot = seat.occupant !== null && 'bot' in seat.occupant;
  return (
    <article className={`card seat-card${mine ? ' seat-mine' : ''}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="seat-title">
        {seat.title}
      </h3>
      <p className="seat-person">{seat.name}</p>
      {brief && <p className="seat-brief">{brief}</p>}
      <div className="seat-foot">
        <span className={`occupant occupant-${who.tone}`}>{who.text}</span>
        {!mine && (seat.occupant === null || isBot) && (
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={action.pending}
            aria-label={`Take this seat: ${seat.title}`}
            onClick={() => action.run(() => session.socket?.takeSeat(seat.role) ?? notConnected())}
          >
            Take this seat
          </button>
        )}
        {isHost && isBot && (
          <button
            type="button"
            className="btn btn-small btn-quiet"
            disabled={action.pending}
            aria-label={`Remove bot from ${seat.title}`}
            onClick={() => action.run(() => session.socket?.clearSeat(seat.role) ?? notConnected())}
          >
            Remove bot
          </button>
        )}
      </div>
      <ActionError message={action.error} />
    </article>
  );
}

function OtherSeats({ session, mySeat }: { session: QuestSession; mySeat: string | null }) {
  const action = useAction();
  const lobby = session.lobby as Lobby;
  const facilitator = lobby.players.find((p) => p.seat === 'facilitator');
  const spectators = lobby.players.filter((p) => p.seat === 'spectator');
  const take = (seat: 'spectator' | 'facilitator') => action.run(() => session.socket?.takeSeat(seat) ?? notConnected());
  return (
    <section aria-labelledby="other-seats-title" className="other-seats">
      <h2 id="other-seats-title">Or sit outside the quest</h2>
      <div className="other-seat-grid">
        <div className="card">
          <h3 className="card-title">Facilitator</h3>
          <p className="muted">Keeps time and can pause, extend or end the quest. Sees no private intel.</p>
          <p className="occupant-line">
            {facilitator ? `Facilitating: ${facilitator.name}` : 'Nobody is facilitating; the host has the controls.'}
          </p>
          {mySeat === 'facilitator' ? (
            <span className="occupant occupant-person">You facilitate</span>
          ) : (
            <button
              type="button"
              className="btn btn-small btn-secondary"
              disabled={action.pending || !!facilitator}
              onClick={() => take('facilitator')}
            >
              Facilitate
            </button>
          )}
        </div>
        <div className="card">
          <h3 className="card-title">Spectator</h3>
          <p className="muted">Watches the team’s conversation and decisions without taking part.</p>
          <p className="occupant-line">
            {spectators.length ? `Watching: ${spectators.map((p) => p.name).join(', ')}` : 'Nobody is watching.'}
          </p>
          {mySeat === 'spectator' ? (
            <span className="occupant occupant-person">You are watching</span>
          ) : (
            <button
              type="button"
              className="btn btn-small btn-secondary"
              disabled={action.pending}
              onClick={() => take('spectator')}
            >
              Watch as spectator
            </button>
          )}
        </div>
      </div>
      <ActionError message={action.error} />
    </section>
  );
}

function InviteCard({ invite }: { invite: string }) {
  const url = `${location.origin}${invitePath(invite)}`;
  const [copied, setCopied] = useState<'idle' | 'copied' | 'manual'>('idle');
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      // Clipboard access needs a secure context or permission: select the link so Ctrl+C works.
      inputRef.current?.select();
      setCopied('manual');
    }
  };
  useEffect(() => {
    if (copied === 'idle') return;
    const t = setTimeout(() => setCopied('idle'), 4000);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <section className="card invite" aria-labelledby="invite-title">
      <h2 id="invite-title" className="card-title">
        Invite your team
      </h2>
      <label htmlFor={inputId} className="field-label">
        Invite link
      </label>
      <div className="row invite-row">
        <input
          ref={inputRef}
          id={inputId}
          className="input grow mono"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn-secondary" onClick={copy}>
          Copy link
        </button>
      </div>
      <p className="field-help" role="status" aria-live="polite">
        {copied === 'copied'
          ? 'Copied. Paste it into your team’s chat.'
          : copied === 'manual'
            ? 'Selected: press Ctrl+C (⌘C) to copy.'
            : ''}
      </p>
    </section>
  );
}

function PeopleCard({ lobby, playerId }: { lobby: Lobby; playerId: string }) {
  const seatName = (seat: string | null) => {
    if (seat === null) return 'choosing a seat';
    if (seat === 'spectator') return 'spectator';
    if (seat === 'facilitator') return 'facilitator';
    return lobby.seats.find((s) => s.role === seat)?.title ?? seat;
  };
  return (
    <section className="card" aria-labelledby="people-title">
      <h2 id="people-title" className="card-title">
        Who is here <span className="count">{lobby.players.filter((p) => p.connected).length} online</span>
      </h2>
      <ul className="people" aria-live="polite">
        {lobby.players.map((p) => (
          <li key={p.id}>
            <span className={`dot ${p.connected ? 'dot-ok' : 'dot-off'}`} aria-hidden="true" />
            <span className="person-name">
              {p.name}
              {p.id === playerId && ' (you)'}
            </span>
            {p.host && <span className="badge">host</span>}
            <span className="muted person-seat">
              {seatName(p.seat)}
              <span className="visually-hidden">, {p.connected ? 'online' : 'offline'}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function HostControls({ session, allSeated, emptySeats }: { session: QuestSession; allSeated: boolean; emptySeats: number }) {
  const [persona, setPersona] = useState<BotPersona>('collaborative');
  const bots = useAction();
  const start = useAction();
  const personaId = useId();
  const personaHelp = useId();
  return (
    <div className="host-controls">
      <div className="field">
        <label htmlFor={personaId} className="field-label">
          Bot persona for empty seats
        </label>
        <select
          id={personaId}
          className="select"
          value={persona}
          aria-describedby={personaHelp}
          onChange={(e) => setPersona(e.target.value as BotPersona)}
        >
          {(Object.keys(PERSONA_INFO) as BotPersona[]).map((p) => (
            <option key={p} value={p}>
              {PERSONA_INFO[p].label}
            </option>
          ))}
        </select>
        <p id={personaHelp} className="field-help">
          {PERSONA_INFO[persona].text}
        </p>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={bots.pending || emptySeats === 0}
          onClick={() => bots.run(() => session.socket?.fillBots(persona) ?? notConnected())}
        >
          Fill {emptySeats === 0 ? 'empty seats' : `${emptySeats} empty ${emptySeats === 1 ? 'seat' : 'seats'}`} with bots
        </button>
        <ActionError message={bots.error} />
      </div>
      <button
        type="button"
        className="btn btn-primary btn-wide"
        disabled={start.pending || !allSeated}
        aria-describedby={allSeated ? undefined : 'start-hint'}
        onClick={() => start.run(() => session.socket?.start() ?? notConnected())}
      >
        {start.pending ? 'Starting…' : 'Start the quest'}
      </button>
      {!allSeated && (
        <p id="start-hint" className="field-help">
          Every role needs a person or a bot before the quest can start.
        </p>
      )}
      <ActionError message={start.error} />
    </div>
  );
}
