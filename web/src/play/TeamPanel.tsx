// Who is at the table: people and bots, who is connected, who is ready, and the needs the team has named.
import type { QuestView } from '../../../engine/index.ts';
import type { BotPersona, Lobby } from '../api/types.ts';
import { firstName, NEED_INFO, PERSONA_INFO } from './vocabulary.ts';

export function TeamPanel({ view, lobby }: { view: QuestView; lobby: Lobby }) {
  const phase = view.scene?.phase;
  const showReady = phase === 'briefing' || phase === 'consequences';
  return (
    <section className="card team" aria-labelledby="team-title">
      <h2 id="team-title" className="card-title">
        The team
        {showReady && (
          <span className="count">
            {view.roles.filter((r) => r.ready).length} of {view.roles.length} ready
          </span>
        )}
      </h2>
      <ul className="team-list">
        {view.roles.map((r) => {
          const seat = lobby.seats.find((s) => s.role === r.id);
          const person = seat?.occupant && 'playerId' in seat.occupant ? seat.occupant : null;
          const isMe = view.me?.role === r.id;
          const needs = view.needsNamed.filter((n) => n.of === r.id);
          const persona = r.persona ? (PERSONA_INFO[r.persona as BotPersona]?.label.toLowerCase() ?? r.persona) : null;
          const presence =
            r.kind === 'bot'
              ? `bot${persona ? ` · ${persona}` : ''}`
              : person
                ? `${person.name}${isMe ? ' (you)' : ''}${person.connected ? '' : ' · away'}`
                : 'person';
          return (
            <li key={r.id}>
              <span
                className={`dot ${r.kind === 'bot' ? 'dot-bot' : person?.connected === false ? 'dot-off' : 'dot-ok'}`}
                aria-hidden="true"
              />
              <span className="team-who">
                <strong>{r.name}</strong> <span className="muted">{r.title}</span>
                <span className="team-presence">{presence}</span>
                {needs.length > 0 && (
                  <span className="team-needs">
                    Needs named: {[...new Set(needs.map((n) => NEED_INFO[n.need]?.label.toLowerCase() ?? n.need))].join(', ')}
                    {needs.some((n) => n.by !== r.id) &&
                      ` (by ${[...new Set(needs.filter((n) => n.by !== r.id).map((n) => firstName(view, n.by)))].join(', ')})`}
                  </span>
                )}
              </span>
              {showReady && <span className={`ready-flag${r.ready ? ' is-ready' : ''}`}>{r.ready ? 'Ready' : 'Reading'}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
