// The client's copy of one quest: the lobby, this seat's view, and the event feed, kept current over the socket.
// Versions guard against missed messages: a gap, or a reconnect the server could not replay, triggers quest:sync
// and a refetch of the events after the last one we hold.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/http.ts';
import { type ConnectionState, QuestSocket } from '../api/quest-socket.ts';
import { nextView } from '../api/quest-update.ts';
import type { Lobby, LobbyPlayer, PlayerCredentials, QuestUpdate, QuestView, SeenEvent } from '../api/types.ts';

export interface QuestSession {
  status: 'loading' | 'ready' | 'error';
  error: ApiError | null;
  lobby: Lobby | null;
  view: QuestView | null;
  version: number;
  feed: SeenEvent[];
  connection: ConnectionState;
  connectionDetail: string | null;
  socket: QuestSocket | null;
  me: LobbyPlayer | null;
  retry(): void;
}

export function useQuest(questId: string, player: PlayerCredentials | null): QuestSession {
  const [status, setStatus] = useState<QuestSession['status']>('loading');
  const [error, setError] = useState<ApiError | null>(null);
  const [lobby, setLobby] = useState<Lobby | null>(null);
  const [view, setView] = useState<QuestView | null>(null);
  const [version, setVersion] = useState(0);
  const [feed, setFeed] = useState<SeenEvent[]>([]);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [connectionDetail, setConnectionDetail] = useState<string | null>(null);
  const [socket, setSocket] = useState<QuestSocket | null>(null);
  const [attempt, setAttempt] = useState(0);

  const versionRef = useRef(-1);
  const viewRef = useRef<QuestView | null>(null);
  const events = useRef(new Map<number, SeenEvent>());
  const lastSeq = useRef(0);
  const feedLoaded = useRef(false);
  // The socket sends every lobby change, so once it has sent one, the page's first fetch (which may have been read
  // before this socket connected, showing this player offline) must not replace it.
  const lobbyFromSocket = useRef(false);

  const addEvents = useCallback((incoming: SeenEvent[]) => {
    let changed = false;
    for (const e of incoming) {
      if (events.current.has(e.seq)) continue;
      events.current.set(e.seq, e);
      if (e.seq > lastSeq.current) lastSeq.current = e.seq;
      changed = true;
    }
    if (changed) setFeed([...events.current.values()].sort((a, b) => a.seq - b.seq));
  }, []);

  const applyState = useCallback((v: number, fresh: QuestView | null | undefined, nextLobby?: Lobby) => {
    if (nextLobby) setLobby(nextLobby);
    if (v < versionRef.current) return;
    versionRef.current = v;
    setVersion(v);
    if (fresh === undefined) return;
    viewRef.current = fresh;
    setView(fresh);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's way of starting over
  useEffect(() => {
    if (!player) {
      setStatus('error');
      setError(
        new ApiError('not_allowed', 'You have not joined this quest in this browser. Ask the host for the invite link.', 401),
      );
      return;
    }
    let live = true;
    events.current = new Map();
    lastSeq.current = 0;
    versionRef.current = -1;
    viewRef.current = null;
    feedLoaded.current = false;
    lobbyFromSocket.current = false;
    setStatus('loading');
    setError(null);
    setFeed([]);

    const fillFrom = async (after: number) => {
      try {
        const missed = await api.eventsAfter(questId, player.token, after);
        if (live) addEvents(missed);
      } catch {
        // The feed is a convenience: the view is already current, and the next sync tries again.
      }
    };

    const qs = new QuestSocket(questId, player.token, {
      lobby: (l) => {
        if (!live) return;
        lobbyFromSocket.current = true;
        setLobby(l);
      },
      state: (s, detail) => {
        if (!live) return;
        setConnection(s);
        setConnectionDetail(detail ?? null);
      },
      update: (u: QuestUpdate) => {
        if (!live) return;
        const first = u.events[0];
        const gap = versionRef.current >= 0 && u.version - versionRef.current > u.events.length;
        if (feedLoaded.current && first && first.seq > lastSeq.current + 1) void fillFrom(lastSeq.current);
        addEvents(u.events);
        const step = nextView(viewRef.current, u);
        if ('view' in step) applyState(u.version, step.view);
        else if ('stale' in step) applyState(u.version, undefined);
        if (gap || 'resync' in step) void resync();
      },
      resync: () => void resync(),
      heldVersion: () => versionRef.current,
    });

    const resync = async () => {
      const ack = await qs.sync();
      if (!live || !ack.ok) return;
      applyState(ack.version, ack.view, ack.lobby);
      await fillFrom(lastSeq.current);
    };

    setSocket(qs);
    (async () => {
      try {
        const snap = await api.quest(questId, player.token);
        if (!live) return;
        applyState(snap.version, snap.view, lobbyFromSocket.current ? undefined : snap.lobby);
        setStatus('ready');
        if (snap.view) {
          const all = await api.eventsAfter(questId, player.token, 0);
          if (!live) return;
          addEvents(all);
        }
        feedLoaded.current = true;
      } catch (e) {
        if (!live) return;
        setError(e instanceof ApiError ? e : new ApiError('network', String(e), 0));
        setStatus('error');
      }
    })();
    return () => {
      live = false;
      qs.close();
      setSocket(null);
    };
  }, [questId, player, attempt, addEvents, applyState]);

  // The lobby can start a quest: the first view then arrives with quest:update, and the feed starts empty.
  useEffect(() => {
    if (view && status === 'ready') feedLoaded.current = true;
  }, [view, status]);

  const me = lobby && player ? (lobby.players.find((p) => p.id === player.id) ?? null) : null;
  return {
    status,
    error,
    lobby,
    view,
    version,
    feed,
    connection,
    connectionDetail,
    socket,
    me,
    retry: () => setAttempt((n) => n + 1),
  };
}
