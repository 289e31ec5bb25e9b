// Speaks lines through the browser's speech synthesis, each speaker in the voice cast for them, and keeps the
// captions: the last few lines, with the one being spoken marked. Captions never depend on speech: headless or
// voiceless browsers, narration switched off, or a synthesis engine that never answers all still show every line.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { VoiceHint } from '../../../engine/scenario-schema.ts';
import { castVoices, sentencesOf } from './voice-casting.ts';

export interface CaptionLine {
  id: number;
  speaker: string;
  name: string;
  text: string;
}

const KEEP = 3;
let lineIds = 0;

function synthesis(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

function useVoices(): SpeechSynthesisVoice[] {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>(() => synthesis()?.getVoices() ?? []);
  useEffect(() => {
    const s = synthesis();
    if (!s) return;
    const load = () => setVoices(s.getVoices());
    load();
    s.addEventListener?.('voiceschanged', load);
    return () => s.removeEventListener?.('voiceschanged', load);
  }, []);
  return voices;
}

export function useNarration(speak: boolean, speakers: readonly { id: string; voice?: VoiceHint }[]) {
  const voices = useVoices();
  const [captions, setCaptions] = useState<CaptionLine[]>([]);
  const [speaking, setSpeaking] = useState<number | null>(null);
  const speakersKey = speakers.map((s) => `${s.id}:${JSON.stringify(s.voice ?? {})}`).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: recast only when the speakers' ids or hints change
  const cast = useMemo(
    () => castVoices(voices, speakers, document.documentElement.lang || navigator.language || 'en'),
    [voices, speakersKey],
  );
  const speakRef = useRef(speak);
  speakRef.current = speak;
  const castRef = useRef(cast);
  castRef.current = cast;

  const say = useCallback((lines: readonly Omit<CaptionLine, 'id'>[]) => {
    if (lines.length === 0) return;
    const withIds = lines.map((l) => ({ ...l, id: ++lineIds }));
    setCaptions((cs) => [...cs, ...withIds].slice(-KEEP));
    const s = synthesis();
    if (!speakRef.current || !s || typeof SpeechSynthesisUtterance === 'undefined') return;
    for (const line of withIds) {
      const casting = castRef.current.get(line.speaker) ?? castRef.current.get('__narrator');
      const parts = sentencesOf(line.text);
      parts.forEach((part, i) => {
        const u = new SpeechSynthesisUtterance(part);
        if (casting?.voice) {
          u.voice = casting.voice;
          u.lang = casting.voice.lang;
        }
        u.pitch = casting?.pitch ?? 1;
        u.rate = casting?.rate ?? 1;
        if (i === 0) u.onstart = () => setSpeaking(line.id);
        if (i === parts.length - 1) {
          const done = () => setSpeaking((cur) => (cur === line.id ? null : cur));
          u.onend = done;
          u.onerror = done;
        }
        try {
          s.speak(u);
        } catch {
          // A synthesis engine that refuses the line (or is not a real one) leaves the caption as the record.
        }
      });
    }
  }, []);

  const hush = useCallback(() => {
    synthesis()?.cancel();
    setSpeaking(null);
  }, []);

  useEffect(() => {
    if (!speak) hush();
  }, [speak, hush]);
  useEffect(() => hush, [hush]);

  return { captions, speaking, say, hush };
}
