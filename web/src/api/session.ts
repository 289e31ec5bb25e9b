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

/**
 * A host link from Slack carries the host's credentials in the fragment (#player=<base64url JSON>), which never
 * reaches a server: they are kept like any other seat's and taken out of the address bar at once.
 */
function adoptFragmentPlayer(questId: string): void {
  if (typeof location === 'undefined') return;
  const encoded = new URLSearchParams(location.hash.replace(/^#/, '')).get('player');
  if (!encoded) return;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  try {
    const bytes = Uint8Array.from(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const p = JSON.parse(new TextDecoder().decode(bytes)) as Partial<PlayerCredentials>;
    if (typeof p.token === 'string' && typeof p.id === 'string' && typeof p.name === 'string') {
      write(questKey(questId), JSON.stringify({ id: p.id, token: p.token, name: p.name }));
    }
  } catch {
    // A damaged link: the quest page asks the person to join instead.
  }
}

export function playerFor(questId: string): PlayerCredentials | null {
  adoptFragmentPlayer(questId);
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
