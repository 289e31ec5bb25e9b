// One quest's address: joins the socket with this browser's token and shows the lobby, the quest or the debrief,
// whichever the quest is in. Connection trouble shows as a banner above whichever screen is up.
import { useEffect, useMemo, useState } from 'react';
import { playerFor } from '../api/session.ts';
import { Link } from '../app/router.tsx';
import { type QuestSession, useQuest } from '../app/use-quest.ts';
import { ErrorState, Loading } from '../ui/states.tsx';
import { DebriefScreen } from './DebriefScreen.tsx';
import { LobbyScreen } from './LobbyScreen.tsx';
import { PlayScreen } from './PlayScreen.tsx';

export function QuestRoute({ questId }: { questId: string }) {
  const player = useMemo(() => playerFor(questId), [questId]);
  const session = useQuest(questId, player);

  if (session.status === 'loading') return <Loading label="Joining the quest…" />;
  if (session.status === 'error' || !session.lobby || !player) {
    const err = session.error;
    const unauthorised = err && (err.status === 401 || err.status === 403 || err.status === 404);
    return (
      <div className="page narrow">
        <ErrorState
          title={unauthorised ? 'You are not in this quest' : 'The quest could not be loaded'}
          message={
            unauthorised
              ? 'This browser has no seat in this quest. Open the invite link the host shared to join it.'
              : (err?.message ?? 'Something went wrong.')
          }
          onRetry={unauthorised ? undefined : session.retry}
        >
          <Link href="/" className="btn btn-secondary">
            Browse scenarios
          </Link>
        </ErrorState>
      </div>
    );
  }
  return (
    <>
      <ConnectionBanner session={session} />
      <QuestScreen session={session} playerId={player.id} />
    </>
  );
}

function QuestScreen({ session, playerId }: { session: QuestSession; playerId: string }) {
  const lobby = session.lobby;
  if (!lobby) return null;
  if (lobby.status === 'lobby') return <LobbyScreen session={session} playerId={playerId} />;
  if (!session.view) return <Loading label="The quest is starting…" />;
  if (lobby.status === 'finished' || session.view.status === 'finished') return <DebriefScreen session={session} />;
  return <PlayScreen session={session} playerId={playerId} />;
}

/** A first connection usually takes a moment: say so only when it takes longer than that. */
function useSlowConnect(connection: QuestSession['connection']): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (connection !== 'connecting') {
      setSlow(false);
      return;
    }
    const t = setTimeout(() => setSlow(true), 1500);
    return () => clearTimeout(t);
  }, [connection]);
  return slow;
}

function ConnectionBanner({ session }: { session: QuestSession }) {
  const { connection, connectionDetail, lobby } = session;
  const slow = useSlowConnect(connection);
  useEffect(() => {
    if (connection === 'refused') document.title = 'Disconnected · Polarity';
  }, [connection]);
  if (connection === 'online' || (connection === 'connecting' && !slow)) return null;
  if (connection === 'refused') {
    return (
      <div className="banner banner-danger" role="alert">
        <p>
          <strong>Disconnected.</strong> {connectionDetail ?? 'The server refused the connection.'}
        </p>
        <button type="button" className="btn btn-small" onClick={session.retry}>
          Reconnect
        </button>
      </div>
    );
  }
  return (
    <div className="banner banner-warn" role="status">
      <span className="spinner spinner-small" aria-hidden="true" />
      <p>
        <strong>{connection === 'connecting' ? 'Connecting…' : 'Connection lost. Reconnecting…'}</strong>{' '}
        {connection === 'reconnecting' && lobby && lobby.status !== 'lobby' && (
          <>Your seat is held for {lobby.graceSeconds} seconds; after that a bot covers it until you are back.</>
        )}
      </p>
    </div>
  );
}
