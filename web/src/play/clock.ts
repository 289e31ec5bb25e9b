// The scene clock as this browser sees it: deadlines come from the server (endsAt), corrected by the estimated
// offset between the clocks, and ticked locally once a second.
import { useEffect, useRef, useState } from 'react';
import type { QuestView } from '../../../engine/index.ts';
import { serverClockOffset } from '../api/http.ts';
import { PHASE_INFO, spokenDuration } from './vocabulary.ts';

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() + serverClockOffset());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + serverClockOffset()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export interface SceneClock {
  /** Milliseconds left in the phase, or null when no clock runs. */
  phaseLeft: number | null;
  /** Milliseconds left in a running check-in, or null. */
  checkInLeft: number | null;
  paused: boolean;
}

export function sceneClock(view: QuestView, now: number): SceneClock {
  const scene = view.scene;
  if (!scene) return { phaseLeft: null, checkInLeft: null, paused: false };
  if (view.status === 'paused') return { phaseLeft: scene.pausedRemainingMs, checkInLeft: null, paused: true };
  const checkInLeft = scene.checkIn ? Math.max(0, scene.checkIn.until - now) : null;
  // During a check-in the phase deadline has already been pushed back by the check-in's length.
  const phaseLeft = scene.endsAt === null ? null : Math.max(0, scene.endsAt - now);
  return { phaseLeft, checkInLeft, paused: false };
}

const THRESHOLDS_S = [60, 30, 10];

/**
 * What a screen reader should hear about time: the phase when it changes, pauses and check-ins, and the last
 * minute at 60, 30 and 10 seconds. Never a per-second countdown.
 */
export function useTimeAnnouncement(view: QuestView, clock: SceneClock): string {
  const [message, setMessage] = useState('');
  const last = useRef({ key: '', threshold: Number.POSITIVE_INFINITY });
  const scene = view.scene;
  const key = scene ? `${scene.index}:${scene.phase}:${view.status}:${scene.checkIn ? 'c' : ''}` : '';
  useEffect(() => {
    if (!scene) return;
    const left = clock.phaseLeft;
    if (key !== last.current.key) {
      last.current = { key, threshold: Number.POSITIVE_INFINITY };
      const phase = PHASE_INFO[scene.phase].label;
      if (view.status === 'paused') setMessage('The quest is paused.');
      else if (scene.checkIn && clock.checkInLeft !== null)
        setMessage(`Check-in: ${spokenDuration(clock.checkInLeft)} to talk before deciding.`);
      else setMessage(`Scene ${scene.index + 1}, ${phase}.${left !== null ? ` ${spokenDuration(left)} left.` : ''}`);
      if (left !== null) last.current.threshold = THRESHOLDS_S.find((t) => t * 1000 >= left) ?? Number.POSITIVE_INFINITY;
      return;
    }
    if (left === null || clock.paused) return;
    const crossed = THRESHOLDS_S.find((t) => left <= t * 1000 && t < last.current.threshold && left > (t - 5) * 1000);
    if (crossed !== undefined) {
      last.current.threshold = crossed;
      setMessage(`${spokenDuration(crossed * 1000)} left in the ${PHASE_INFO[scene.phase].label.toLowerCase()}.`);
    }
  }, [key, scene, view.status, clock.phaseLeft, clock.checkInLeft, clock.paused]);
  return message;
}
