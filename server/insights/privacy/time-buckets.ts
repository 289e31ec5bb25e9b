// Periods for a team's charts. Months are merged forward until each period covers enough distinct people; a short
// run left at the end joins the period before it. The periods partition the lead's window exactly, so the chart adds
// up to the window's figure and no period can be recovered by subtracting the others from it.

export interface MonthPeople {
  /** 'YYYY-MM' */
  month: string;
  /** Only inside the pipeline: who took part that month, to count distinct people across months. */
  people: ReadonlySet<string>;
}

export interface Period {
  months: string[];
  people: number;
}

/** Null when the whole window does not reach the threshold. */
export function periodsOf(months: readonly MonthPeople[], threshold: number): Period[] | null {
  const ordered = [...months].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const all = new Set<string>();
  for (const m of ordered) for (const p of m.people) all.add(p);
  if (all.size < threshold) return null;
  const periods: { months: string[]; people: Set<string> }[] = [];
  let current: { months: string[]; people: Set<string> } = { months: [], people: new Set() };
  for (const m of ordered) {
    current.months.push(m.month);
    for (const p of m.people) current.people.add(p);
    if (current.people.size >= threshold) {
      periods.push(current);
      current = { months: [], people: new Set() };
    }
  }
  if (current.months.length > 0) {
    const last = periods[periods.length - 1];
    if (last) {
      last.months.push(...current.months);
      for (const p of current.people) last.people.add(p);
    }
  }
  return periods.map((p) => ({ months: p.months, people: p.people.size }));
}
