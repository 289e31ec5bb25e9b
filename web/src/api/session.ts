// Player tokens live in localStorage, one per quest, so a reload (or a new tab) rejoins the same seat.
import type { PlayerCredentials } from './types.ts';

const questKey = (questId: string) => `polarity.quest.${questId}`;
const NAME_KEY = 'polarity.name';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private browsing may refuse storage: the quest still works until the tab closes.
  }
}

export function savePlayer(questId: string, player: PlayerCredentials): void {
  write(questKey(questId), JSON.stringify(player));
  write(NAME_KEY, player.name);
}

export function playerFor(questId: string): PlayerCredentials | null {
  const raw = read(questKey(questId));
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Partial<PlayerCredentials>;
    return typeof p.token === 'string' && typeof p.id === 'string' && typeof p.name === 'string'
      ? { id: p.id, token: p.token, name: p.name }
      : null;
  } catch {
    return null;
  }
}

export function forgetPlayer(questId: string): void {
  try {
    localStorage.removeItem(questKey(questId));
  } catch {
    // Nothing stored, nothing to forget.
  }
}

export function rememberedName(): string {
  return read(NAME_KEY) ?? '';
}
