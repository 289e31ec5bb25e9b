// The quest's header: which scene, which phase, and how long is left, with a spoken announcement at sensible moments.
import { useEffect, useRef } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import { type SceneClock, useTimeAnnouncement } from './clock.ts';
import { formatClock, PHASE_INFO } from './vocabulary.ts';

const PHASES = ['briefing', 'discussion', 'consequences'] as const;

export function SceneBar({ view, clock }: { view: QuestView; clock: SceneClock }) {
  const scene = view.scene;
  const announcement = useTimeAnnouncement(view, clock);
  const heading = useRef<HTMLHeadingElement>(null);
  // When the control that had focus disappears (the lobby's start button, a proposal form that closed as the scene
  // moved on), continue from the scene's title rather than from the top of the document.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the scene or phase changes, by design
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null)
      heading.current?.focus({ preventScroll: true });
  }, [scene?.id, scene?.phase]);
  if (!scene) return null;
  const low = clock.phaseLeft !== null && clock.phaseLeft <= 30_000 && !clock.paused && !scene.checkIn;
  return (
    <section className="scene-bar" aria-labelledby="scene-title">
      <div className="scene-bar-inner">
        <div className="scene-id">
          <p className="eyebrow">
            {view.title} · Scene {scene.index + 1} of {scene.count}
          </p>
          <h1 id="scene-title" ref={heading} tabIndex={-1}>
            {scene.title}
          </h1>
        </div>
        <ol className="phase-steps" aria-label="Phases of this scene">
          {PHASES.map((p) => (
            <li key={p} className={p === scene.phase ? 'current' : ''} aria-current={p === scene.phase ? 'step' : undefined}>
              {PHASE_INFO[p].label}
            </li>
          ))}
        </ol>
        <div className={`timer${low ? ' timer-low' : ''}${clock.paused ? ' timer-paused' : ''}`}>
          {clock.paused ? (
            <>
              <span className="timer-label">Paused</span>
              <span className="timer-value">{clock.phaseLeft !== null ? formatClock(clock.phaseLeft) : '–'}</span>
            </>
          ) : scene.checkIn && clock.checkInLeft !== null ? (
            <>
              <span className="timer-label">Check-in</span>
              <span className="timer-value">{formatClock(clock.checkInLeft)}</span>
            </>
          ) : (
            <>
              <span className="timer-label">{PHASE_INFO[scene.phase].label} ends in</span>
              <span className="timer-value">{clock.phaseLeft !== null ? formatClock(clock.phaseLeft) : '–'}</span>
            </>
          )}
        </div>
      </div>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </section>
  );
}
