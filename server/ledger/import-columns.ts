// Which column of a Jira or Linear CSV export holds what. Defaults follow each tool's standard export headers
// (Jira: "Issue key", "Summary", "Issue Type", repeated "Labels" columns, "Custom field (Story Points)"; Linear: "ID",
// "Title", "Labels" as one comma-separated cell, "Estimate"). A team overrides any of them, or sets one to null to
// ignore that column.

export type ImportSource = 'jira' | 'linear';

export const IMPORT_FIELDS = [
  'key',
  'title',
  'description',
  'type',
  'labels',
  'points',
  'status',
  'reach',
  'impact',
  'confidence',
  'effort',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** A header name per field, or null to ignore the field. */
export type ColumnMapping = Partial<Record<ImportField, string | null>>;

/** Candidate headers per field, the first one present wins; [] means no default column. */
export const DEFAULT_COLUMNS: Record<ImportSource, Record<ImportField, readonly string[]>> = {
  jira: {
    key: ['Issue key'],
    title: ['Summary'],
    description: ['Description'],
    type: ['Issue Type'],
    labels: ['Labels'],
    points: ['Custom field (Story Points)', 'Custom field (Story point estimate)', 'Story Points', 'Story point estimate'],
    status: ['Status'],
    reach: [],
    impact: [],
    confidence: [],
    effort: [],
  },
  linear: {
    key: ['ID'],
    title: ['Title'],
    description: ['Description'],
    type: [],
    labels: ['Labels'],
    points: ['Estimate'],
    status: ['Status'],
    reach: [],
    impact: [],
    confidence: [],
    effort: [],
  },
};

/** Issue types and labels that mark tech debt, compared without case, spaces, hyphens or underscores. */
export const DEFAULT_DEBT_MARKERS = ['tech debt', 'technical debt', 'debt', 'refactor', 'refactoring'] as const;

export function normaliseMarker(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '');
}

export interface ResolvedColumns {
  /** Header name per field, null when the file has no such column or it is ignored. */
  names: Record<ImportField, string | null>;
  /** Column positions per field (Jira repeats "Labels" once per label). */
  positions: Record<ImportField, number[]>;
}

/** Matches the mapping to the header; returns the problems instead when a required or named column is missing. */
export function resolveColumns(
  header: readonly string[],
  source: ImportSource,
  mapping: ColumnMapping,
): { ok: true; columns: ResolvedColumns } | { ok: false; problems: string[] } {
  const norm = (s: string) => s.trim().toLowerCase();
  const at = new Map<string, number[]>();
  header.forEach((h, i) => {
    at.set(norm(h), [...(at.get(norm(h)) ?? []), i]);
  });
  const names = {} as Record<ImportField, string | null>;
  const positions = {} as Record<ImportField, number[]>;
  const problems: string[] = [];
  for (const field of IMPORT_FIELDS) {
    const override = mapping[field];
    names[field] = null;
    positions[field] = [];
    if (override === null) continue;
    if (override !== undefined) {
      const found = at.get(norm(override));
      if (!found) problems.push(`the mapping names column '${override}' for ${field}, but the file has no such column`);
      else {
        names[field] = override;
        positions[field] = found;
      }
      continue;
    }
    const candidate = DEFAULT_COLUMNS[source][field].find((c) => at.has(norm(c)));
    if (candidate) {
      names[field] = candidate;
      positions[field] = at.get(norm(candidate)) as number[];
    }
  }
  if (names.title === null && mapping.title === undefined) {
    problems.push(
      `no title column: a ${source === 'jira' ? 'Jira' : 'Linear'} export has '${DEFAULT_COLUMNS[source].title[0]}'; ` +
        `name yours in mapping.title`,
    );
  }
  if (mapping.title === null) problems.push('the title column cannot be ignored: every item needs a title');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, columns: { names, positions } };
}
