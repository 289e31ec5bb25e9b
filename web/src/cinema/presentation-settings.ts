// How a person wants the quest presented: narration spoken aloud, ambient sound, teammates' lines read in their
// voices, push-to-talk, or a text-only page for screen readers (no art, no sound, no motion). Kept in localStorage,
// per browser, because it is about the device and the person at it, not the quest.
import { useSyncExternalStore } from 'react';

export interface PresentationSettings {
  /** Plain text only: the stage, speech and sound are off; everything is still on the page as text. */
  textOnly: boolean;
  narration: boolean;
  ambient: boolean;
  /** Read teammates' chat aloud, each in their character's voice. */
  readTeammates: boolean;
  /** Holding T talks. A single-key shortcut must be possible to switch off (WCAG 2.1.4). */
  talkKey: boolean;
}

export const DEFAULT_SETTINGS: PresentationSettings = {
  textOnly: false,
  narration: true,
  ambient: true,
  readTeammates: true,
  talkKey: true,
};
const KEY = 'polarity.presentation';

let current: PresentationSettings | null = null;
const listeners = new Set<() => void>();

/** Unknown or malformed stored values fall back to the defaults one field at a time. */
export function parseSettings(stored: string | null): PresentationSettings {
  if (!stored) return DEFAULT_SETTINGS;
  try {
    const raw = JSON.parse(stored) as Record<string, unknown>;
    const pick = (k: keyof PresentationSettings) => (typeof raw[k] === 'boolean' ? (raw[k] as boolean) : DEFAULT_SETTINGS[k]);
    return {
      textOnly: pick('textOnly'),
      narration: pick('narration'),
      ambient: pick('ambient'),
      readTeammates: pick('readTeammates'),
      talkKey: pick('talkKey'),
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

function read(): PresentationSettings {
  if (current) return current;
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(KEY);
  } catch {
    // Storage can be blocked (private modes, policies): the defaults still work for this page.
  }
  current = parseSettings(stored);
  return current;
}

export function updateSettings(patch: Partial<PresentationSettings>): void {
  current = { ...read(), ...patch };
  try {
    window.localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Not persisted, but applied for this page.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== KEY) return;
    current = parseSettings(e.newValue);
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function usePresentationSettings(): PresentationSettings {
  return useSyncExternalStore(subscribe, read, () => DEFAULT_SETTINGS);
}

/** The operating system's "reduce motion" preference, live. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (l) => {
      const q = window.matchMedia?.('(prefers-reduced-motion: reduce)');
      q?.addEventListener('change', l);
      return () => q?.removeEventListener('change', l);
    },
    () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
    () => false,
  );
}
