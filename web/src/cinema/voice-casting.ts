// Who speaks with which browser voice. Pure, so it can be tested without a browser: the narrator takes the
// default voice; each character gets a voice nobody else has, preferring the accent their scenario asks for. With
// fewer voices than characters, voices are shared and the pitch tells the characters apart.
import type { VoiceHint } from '../../../engine/scenario-schema.ts';

export interface VoiceLike {
  name: string;
  lang: string;
  default: boolean;
}

export interface Casting<V> {
  voice: V | null;
  pitch: number;
  rate: number;
}

export const NARRATOR = '__narrator';

const primary = (lang: string) => lang.toLowerCase().split(/[-_]/)[0] ?? '';
const sameLang = (a: string, b: string) => a.toLowerCase().replace('_', '-') === b.toLowerCase().replace('_', '-');
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function castVoices<V extends VoiceLike>(
  voices: readonly V[],
  speakers: readonly { id: string; voice?: VoiceHint }[],
  pageLang = 'en',
): Map<string, Casting<V>> {
  const cast = new Map<string, Casting<V>>();
  const local = voices.filter((v) => primary(v.lang) === primary(pageLang));
  const pool = local.length > 0 ? local : [...voices];
  const narrator = pool.find((v) => v.default) ?? pool[0] ?? null;
  cast.set(NARRATOR, { voice: narrator, pitch: 1, rate: 1 });
  const used = new Set<V>(narrator ? [narrator] : []);
  let shared = 0;
  // Characters with an accent asked for choose first, so an unhinted one does not take the voice they need.
  const order = [...speakers.filter((s) => s.voice?.lang), ...speakers.filter((s) => !s.voice?.lang)];
  for (const s of order) {
    const hint = s.voice;
    const free = pool.filter((v) => !used.has(v));
    const wanted = hint?.lang ? (hint.lang as string) : null;
    let voice: V | null =
      (wanted ? free.find((v) => sameLang(v.lang, wanted)) : undefined) ??
      (wanted ? free.find((v) => primary(v.lang) === primary(wanted)) : undefined) ??
      free[0] ??
      null;
    let pitch = hint?.pitch ?? 1;
    if (voice) used.add(voice);
    else if (pool.length > 0) {
      // Out of voices: share one, and move the pitch so two characters never sound the same.
      voice = pool[shared % pool.length] ?? null;
      const step = Math.floor(shared / pool.length) + 1;
      pitch = clamp(pitch + (step % 2 === 1 ? 0.2 : -0.2) * Math.ceil(step / 2), 0.5, 1.5);
      shared++;
    }
    cast.set(s.id, { voice, pitch, rate: clamp(hint?.rate ?? 1, 0.7, 1.3) });
  }
  return cast;
}

/** Splits narration into sentences: some browsers cut an utterance off after about fifteen seconds. */
export function sentencesOf(text: string, max = 220): string[] {
  const parts = text
    .replace(/\s+/g, ' ')
    .trim()
    .match(/[^.!?…]+(?:[.!?…]+["”’)]*|$)/g);
  const out: string[] = [];
  for (const p of parts ?? []) {
    const s = p.trim();
    if (!s) continue;
    if (s.length <= max) out.push(s);
    else for (const chunk of s.match(new RegExp(`.{1,${max}}(?:\\s|$)`, 'g')) ?? [s]) out.push(chunk.trim());
  }
  return out;
}
