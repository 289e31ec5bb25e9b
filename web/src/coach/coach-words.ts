// Dates and quoted moments as the coach pages show them.

/** "21 Nov 2026" in the reader's own locale. */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "21 Nov 2026, 14:05". */
export function formatMoment(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * The coach's text cut into its own prose and the quoted moments (in curly quotes, straight from the quest log), so
 * a page can set the quotes apart.
 */
export function quotedParts(text: string): { text: string; quoted: boolean }[] {
  const parts: { text: string; quoted: boolean }[] = [];
  let rest = text;
  for (let m = /“[^”]*”/.exec(rest); m; m = /“[^”]*”/.exec(rest)) {
    if (m.index > 0) parts.push({ text: rest.slice(0, m.index), quoted: false });
    parts.push({ text: m[0], quoted: true });
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest) parts.push({ text: rest, quoted: false });
  return parts;
}
