// The presentation around a quest in play: the switches, the stage with its narration and sound, and voice
// control. In text-only mode only the switches and voice control remain; the quest itself is all text already.
import { useCallback, useMemo } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import type { QuestSocket } from '../api/quest-socket.ts';
import type { SeenEvent } from '../api/types.ts';
import { VoiceControl } from '../voice/VoiceControl.tsx';
import { PresentationControls } from './PresentationControls.tsx';
import { usePresentationSettings } from './presentation-settings.ts';
import { QuestStage } from './QuestStage.tsx';
import { useNarration } from './use-narration.ts';
import { NARRATOR } from './voice-casting.ts';
import './cinema.css';

export function CinematicQuest({
  view,
  questId,
  feed,
  labels,
  socket,
}: {
  view: QuestView;
  questId: string;
  feed: SeenEvent[];
  labels: Map<string, string>;
  socket: QuestSocket | null;
}) {
  const settings = usePresentationSettings();
  const speechAvailable = typeof window !== 'undefined' && 'speechSynthesis' in window;
  const speakers = useMemo(() => view.roles.map((r) => (r.voice ? { id: r.id, voice: r.voice } : { id: r.id })), [view.roles]);
  const narration = useNarration(settings.narration && !settings.textOnly, speakers);
  const { say } = narration;
  const scene = view.scene;
  const replay = useCallback(() => {
    if (!scene) return;
    say([
      { speaker: NARRATOR, name: 'Narrator', text: `Scene ${scene.index + 1}: ${scene.title}.` },
      { speaker: NARRATOR, name: 'Narrator', text: scene.narrative },
    ]);
  }, [scene, say]);
  const speak = useCallback((text: string) => say([{ speaker: NARRATOR, name: 'Polarity', text }]), [say]);

  return (
    <div className={`cinema page-wide${settings.textOnly ? ' cinema-text-only' : ''}`}>
      {!settings.textOnly && <QuestStage view={view} feed={feed} labels={labels} settings={settings} narration={narration} />}
      <div className="cinema-side">
        <PresentationControls settings={settings} speechAvailable={speechAvailable} onReplay={replay} />
        <VoiceControl view={view} questId={questId} socket={socket} speak={speak} talkKey={settings.talkKey} />
      </div>
    </div>
  );
}
