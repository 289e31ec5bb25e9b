// The quest in play: the scene bar with the clock, your role on the left, the scene and the decision in the
// middle, the world and the team's conversation on the right. The scene comes first in reading order (and first
// on a phone): it is what everything else is about.
import { useEffect, useMemo, useRef } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import type { Lobby } from '../api/types.ts';
import type { QuestSession } from '../app/use-quest.ts';
import { CinematicQuest } from '../cinema/CinematicQuest.tsx';
import { sceneClock, useNow } from '../play/clock.ts';
import { DecisionPanel } from '../play/DecisionPanel.tsx';
import { FacilitatorControls } from '../play/FacilitatorControls.tsx';
import { MetricsPanel } from '../play/MetricsPanel.tsx';
import { RolePanel } from '../play/RolePanel.tsx';
import { SceneBar } from '../play/SceneBar.tsx';
import { ScenePanel } from '../play/ScenePanel.tsx';
import { TeamFeed } from '../play/TeamFeed.tsx';
import { TeamPanel } from '../play/TeamPanel.tsx';

/** Option labels outlive the scene they were offered in; the feed still names them afterwards. */
function useChoiceLabels(view: QuestView): Map<string, string> {
  const labels = useRef(new Map<string, string>());
  const d = view.decision;
  return useMemo(() => {
    for (const c of d?.choices ?? []) labels.current.set(c.id, c.label);
    return new Map(labels.current);
  }, [d]);
}

export function PlayScreen({ session, playerId }: { session: QuestSession; playerId: string }) {
  const view = session.view as QuestView;
  const lobby = session.lobby as Lobby;
  const now = useNow();
  const clock = sceneClock(view, now);
  const labels = useChoiceLabels(view);
  const facilitating = 'facilitator' in view.seat;
  const nobodyFacilitates = !lobby.players.some((p) => p.seat === 'facilitator');
  const hostControls = !facilitating && lobby.hostId === playerId && nobodyFacilitates;

  useEffect(() => {
    const scene = view.scene;
    document.title = scene ? `${scene.title} · ${view.title} · Polarity` : `${view.title} · Polarity`;
  }, [view.scene, view.title]);

  return (
    <div className="play">
      <SceneBar view={view} clock={clock} />
      {(facilitating || hostControls) && (
        <div className="page-wide">
          <FacilitatorControls view={view} socket={session.socket} asHost={hostControls} />
        </div>
      )}
      <CinematicQuest view={view} questId={lobby.questId} feed={session.feed} labels={labels} socket={session.socket} />
      <div className="play-grid page-wide">
        <div className="play-main">
          <ScenePanel view={view} socket={session.socket} feed={session.feed} labels={labels} />
          <DecisionPanel view={view} socket={session.socket} labels={labels} />
        </div>
        <div className="play-role">
          <RolePanel view={view} socket={session.socket} />
        </div>
        <div className="play-talk">
          <TeamFeed view={view} feed={session.feed} socket={session.socket} choiceLabels={labels} />
          <MetricsPanel view={view} />
          <TeamPanel view={view} lobby={lobby} />
        </div>
      </div>
    </div>
  );
}
