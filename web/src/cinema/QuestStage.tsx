// The cinematic stage above the quest: the scene's drawing, a title card as each scene opens, the narration spoken
// (the narrator's voice for the scene and what happens, each character's own voice for their lines) with captions
// always on, and ambient sound. Everything it says is also on the page as text; in text-only mode it is not shown.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import type { SeenEvent } from '../api/types.ts';
import { describeEvent } from '../play/describe-event.ts';
import { Ambience } from './ambience.ts';
import { type PresentationSettings, useReducedMotion } from './presentation-settings.ts';
import { SceneArt } from './SceneArt.tsx';
import { ART_NAMES, sceneArtFor } from './scene-art-choice.ts';
import type { CaptionLine } from './use-narration.ts';
import { NARRATOR } from './voice-casting.ts';

const TITLE_CARD_MS = 5000;
/** Events the narrator tells as they happen; the rest are moves people see in the feed. */
const NARRATED = new Set(['decision_made', 'risk_rolled', 'consequence_came_due', 'challenge_solved']);

export interface Narration {
  captions: CaptionLine[];
  speaking: number | null;
  say(lines: Omit<CaptionLine, 'id'>[]): void;
}

export function QuestStage({
  view,
  feed,
  labels,
  settings,
  narration,
}: {
  view: QuestView;
  feed: SeenEvent[];
  labels: Map<string, string>;
  settings: PresentationSettings;
  narration: Narration;
}) {
  const scene = view.scene;
  const reducedMotion = useReducedMotion();
  const art = scene ? sceneArtFor(scene) : 'war_room';
  const [titleCard, setTitleCard] = useState(true);
  const { say } = narration;

  // A scene opens: its title card, then the narrator reads the title and the narrative.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per scene, not per view update
  useEffect(() => {
    if (!scene) return;
    setTitleCard(true);
    const t = setTimeout(() => setTitleCard(false), TITLE_CARD_MS);
    say([
      { speaker: NARRATOR, name: 'Narrator', text: `Scene ${scene.index + 1}: ${scene.title}.` },
      { speaker: NARRATOR, name: 'Narrator', text: scene.narrative },
    ]);
    return () => clearTimeout(t);
  }, [scene?.id]);

  // What happens from now on: outcomes in the narrator's voice, teammates' lines in theirs. History already in the
  // feed when the stage opened (a reload) is not read again.
  const toldUpTo = useRef<number | null>(null);
  const latestView = useRef(view);
  latestView.current = view;
  useEffect(() => {
    const last = feed.at(-1)?.seq ?? 0;
    if (toldUpTo.current === null) {
      toldUpTo.current = last;
      return;
    }
    const fresh = feed.filter((e) => e.seq > (toldUpTo.current as number));
    toldUpTo.current = Math.max(toldUpTo.current, last);
    const v = latestView.current;
    const lines: Omit<CaptionLine, 'id'>[] = [];
    for (const e of fresh) {
      const ev = e.event;
      if (ev.type === 'message_sent') {
        if (!settings.readTeammates || ev.by === v.me?.role) continue;
        const role = v.roles.find((r) => r.id === ev.by);
        lines.push({ speaker: ev.by, name: role?.name ?? ev.by, text: ev.text });
      } else if (NARRATED.has(ev.type)) {
        const item = describeEvent(e, { view: v, choiceLabels: labels });
        if (item) lines.push({ speaker: NARRATOR, name: 'Narrator', text: item.text });
      }
    }
    say(lines);
  }, [feed, labels, say, settings.readTeammates]);

  useAmbience(art, settings.ambient && !settings.textOnly);

  if (!scene) return null;
  const still = reducedMotion ? ' stage-still' : '';
  return (
    <section className={`stage${still}`} aria-label="Scene stage">
      <div key={scene.id} className="stage-art">
        <SceneArt art={art} />
        {titleCard && (
          // The scene bar already has the title as the page's heading; the card repeats it for the eyes only.
          <div className="title-card" aria-hidden="true">
            <p className="title-card-eyebrow">
              Scene {scene.index + 1} of {scene.count}
            </p>
            <p className="title-card-title">{scene.title}</p>
          </div>
        )}
        <p className="visually-hidden">Stage: {ART_NAMES[art]}.</p>
      </div>
      <div className="captions" aria-hidden="true" data-testid="captions">
        {narration.captions.map((c) => (
          <p key={c.id} className={`caption${c.id === narration.speaking ? ' caption-speaking' : ''}`}>
            <span className="caption-speaker">{c.name}:</span> {c.text}
          </p>
        ))}
      </div>
    </section>
  );
}

/** Plays the stage's sound once the person has interacted with the page (browsers block sound before that). */
function useAmbience(art: ReturnType<typeof sceneArtFor>, on: boolean) {
  const ambience = useMemo(() => new Ambience(), []);
  const [gesture, setGesture] = useState(false);
  useEffect(() => {
    if (gesture) return;
    const go = () => setGesture(true);
    window.addEventListener('pointerdown', go, { once: true });
    window.addEventListener('keydown', go, { once: true });
    return () => {
      window.removeEventListener('pointerdown', go);
      window.removeEventListener('keydown', go);
    };
  }, [gesture]);
  useEffect(() => {
    if (on && gesture) ambience.play(art);
    else if (ambience.playing) ambience.stop();
  }, [on, gesture, art, ambience]);
  useEffect(() => () => ambience.stop(), [ambience]);
}
