// Reads a Jira or Linear CSV export into ledger items. Every row is checked on its own: good rows become items,
// bad rows are reported with their line number (the line the row starts on, header = line 1) and every reason.
// Writing happens elsewhere, in one transaction, so an import is never half-written.
import { CsvError, parse } from 'csv-parse/sync';
import {
  type ColumnMapping,
  DEFAULT_DEBT_MARKERS,
  type ImportField,
  type ImportSource,
  normaliseMarker,
  type ResolvedColumns,
  resolveColumns,
} from './import-columns.ts';
import { LedgerError } from './ledger-error.ts';
import type { ItemStatus, NewItem, RiceInputs } from './ledger-item.ts';
import { isRiceConfidence, isRiceImpact, RICE_MIN_EFFORT } from './scales.ts';

export const MAX_IMPORT_ROWS = 5000;
export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 20_000;

export interface ImportOptions {
  source: ImportSource;
  mapping?: ColumnMapping;
  /** Issue types and labels that mark tech debt; defaults to DEFAULT_DEBT_MARKERS. */
  debtMarkers?: readonly string[];
  /** External keys already in the team's ledger, from this source. */
  existingKeys: ReadonlySet<string>;
}

export interface ImportRow {
  line: number;
  item: NewItem;
}

export interface RowProblem {
  line: number;
  key: string | null;
  reasons: string[];
}

export interface ImportPlan {
  rows: ImportRow[];
  problems: RowProblem[];
  columns: Record<ImportField, string | null>;
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

function readCsv(text: string): Parsed[] {
  try {
    return parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as Parsed[];
  } catch (e) {
    if (e instanceof CsvError) {
      const where = (e as CsvError & { lines?: number }).lines;
      throw new LedgerError('invalid', `the file is not readable as CSV${where ? ` (line ${where})` : ''}: ${e.message}`);
    }
    throw e;
  }
}

function statusOf(cell: string): ItemStatus {
  const s = cell.trim().toLowerCase();
  if (/^(done|closed|resolved|completed|complete|shipped|released)$/.test(s)) return 'done';
  if (/cancel|won't do|wont do|duplicate|rejected/.test(s)) return 'dropped';
  return 'open';
}

function numberIn(cell: string): number | null {
  const t = cell.trim().replace(/%$/, '').replace(/,/g, '');
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

export function planImport(text: string, opts: ImportOptions): ImportPlan {
  const records = readCsv(text);
  const [header, ...body] = records;
  if (!header) throw new LedgerError('invalid', 'the file is empty: expected a header line and at least one row');
  if (body.length === 0) throw new LedgerError('invalid', 'the file has a header but no rows');
  if (body.length > MAX_IMPORT_ROWS) {
    throw new LedgerError('too_large', `the file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`);
  }
  const resolved = resolveColumns(header.record, opts.source, opts.mapping ?? {});
  if (!resolved.ok) {
    throw new LedgerError(
      'invalid',
      `the columns do not match: ${resolved.problems.join('; ')} (the header has: ${header.record.map((h) => `'${h}'`).join(', ')})`,
      resolved.problems.map((message) => ({ path: 'mapping', message })),
    );
  }
  const markers = new Set((opts.debtMarkers ?? DEFAULT_DEBT_MARKERS).map(normaliseMarker));
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  for (const { record, info } of body) {
    const newlinesInside = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlinesInside;
    const r = readRow(record, header.record.length, resolved.columns, opts.source, markers);
    const key = r.key;
    if (key !== null) {
      const earlier = seen.get(key);
      if (earlier !== undefined) r.reasons.push(`key ${key} is also on line ${earlier}`);
      else seen.set(key, line);
      if (opts.existingKeys.has(key)) r.reasons.push(`${key} is already in the ledger (imported before)`);
    }
    if (r.reasons.length > 0 || !r.item) problems.push({ line, key, reasons: r.reasons });
    else rows.push({ line, item: r.item });
  }
  return { rows, problems, columns: resolved.columns.names };
}

function readRow(
  record: string[],
  width: number,
  columns: ResolvedColumns,
  source: ImportSource,
  debtMarkers: ReadonlySet<string>,
): { item: NewItem | null; key: string | null; reasons: string[] } {
  const reasons: string[] = [];
  const cells = (f: ImportField) => columns.positions[f].map((i) => record[i] ?? '');
  const cell = (f: ImportField) => (cells(f)[0] ?? '').trim();
  const key = cell('key') || null;
  if (record.length !== width) reasons.push(`has ${record.length} fields but the header has ${width}`);

  const title = cell('title').replace(/\s+/g, ' ');
  if (title === '') reasons.push(`no title (column '${columns.names.title}' is empty)`);
  else if (title.length > MAX_TITLE) reasons.push(`the title has ${title.length} characters; at most ${MAX_TITLE}`);
  const description = cells('description')[0] ?? '';
  if (description.length > MAX_DESCRIPTION) reasons.push(`the description has more than ${MAX_DESCRIPTION} characters`);

  const labels = cells('labels')
    .flatMap((c) => c.split(','))
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const kind = [cell('type'), ...labels].some((m) => m !== '' && debtMarkers.has(normaliseMarker(m))) ? 'debt' : 'feature';

  const number = (f: ImportField, check: (n: number) => string | null): number | undefined => {
    const raw = cell(f);
    if (raw === '') return undefined;
    const n = numberIn(raw);
    const problem = n === null ? 'is not a number' : check(n);
    if (problem) {
      reasons.push(`${f} '${raw}' (column '${columns.names[f]}') ${problem}`);
      return undefined;
    }
    return n as number;
  };
  const points = number('points', (n) =>
    Number.isInteger(n) && n >= 0 && n <= 1000 ? null : 'must be a whole number from 0 to 1000',
  );
  const rice: RiceInputs = {};
  const reach = number('reach', (n) => (n >= 0 ? null : 'must be zero or more'));
  const impact = number('impact', (n) => (isRiceImpact(n) ? null : "is not on Intercom's scale (3, 2, 1, 0.5, 0.25)"));
  const confidence = number('confidence', (n) => (isRiceConfidence(n) ? null : 'must be 100, 80 or 50 (per cent)'));
  const effort = number('effort', (n) => (n >= RICE_MIN_EFFORT ? null : `must be at least ${RICE_MIN_EFFORT} person-months`));
  if (reach !== undefined) rice.reach = reach;
  if (impact !== undefined) rice.impact = impact;
  if (confidence !== undefined) rice.confidence = confidence;
  if (effort !== undefined) rice.effort = effort;
  if (key !== null && key.length > 100) reasons.push('the key has more than 100 characters');

  if (reasons.length > 0) return { item: null, key, reasons };
  return {
    key,
    reasons,
    item: {
      kind,
      title,
      description,
      externalKey: key,
      source,
      status: statusOf(cell('status')),
      points: points ?? null,
      rice,
      ice: {},
      wsjf: {},
      debt: null,
      risks: [],
    },
  };
}
