// Import from a Jira or Linear CSV export: pick the file, check it (a dry run that writes nothing), adjust which
// column feeds which field, then import. Bad rows are listed with their line numbers and every reason; the good rows
// are written all together or not at all.
import { useId, useState } from 'react';
import { reasonOf } from '../accounts/use-load.ts';
import { IMPORT_FIELDS, type ImportField, type ImportReport, ledgerApi } from '../api/ledger.ts';
import { ActionError } from '../ui/ActionError.tsx';
import type { SectionProps } from './LedgerScreen.tsx';
import { KIND_WORDS } from './words.ts';

const MAX_BYTES = 2_000_000;

export function ImportSection({ teamId }: SectionProps) {
  const id = useId();
  const [source, setSource] = useState<'jira' | 'linear'>('jira');
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [mapping, setMapping] = useState<Partial<Record<ImportField, string | null>>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const headers = csv ? headerNames(csv) : [];
  const run = async (dryRun: boolean) => {
    if (!csv) {
      setError('Choose a CSV export first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setReport(await ledgerApi.importItems(teamId, { source, csv, mapping, dryRun }));
    } catch (err) {
      setReport(null);
      setError(reasonOf(err));
    } finally {
      setBusy(false);
    }
  };
  const pick = async (file: File | undefined) => {
    setReport(null);
    setError(null);
    setMapping({});
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setCsv(null);
      setError('That file is larger than 2 MB; export fewer issues at a time.');
      return;
    }
    setFileName(file.name);
    setCsv(await file.text());
  };

  return (
    <div className="ledger-columns">
      <section className="ledger-main" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>Import from Jira or Linear</h2>
        <form
          className="card ledger-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(true);
          }}
        >
          <fieldset className="ledger-fieldset">
            <legend className="field-label">The export comes from</legend>
            <div className="row">
              {(['jira', 'linear'] as const).map((s) => (
                <label key={s} className="check-row">
                  <input type="radio" name={`${id}-src`} checked={source === s} onChange={() => setSource(s)} />
                  {s === 'jira' ? 'Jira' : 'Linear'}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-file`} className="field-label">
              CSV file
            </label>
            <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(e) => void pick(e.target.files?.[0])} />
            {fileName && <p className="field-help">{fileName}</p>}
          </div>
          {headers.length > 0 && (
            <fieldset className="ledger-fieldset">
              <legend className="label-heading">Column mapping</legend>
              <p className="field-help">
                Leave a field on “default” to use the usual {source === 'jira' ? 'Jira' : 'Linear'} column.
              </p>
              <div className="ledger-grid">
                {IMPORT_FIELDS.map((field) => (
                  <div key={field} className="field">
                    <label htmlFor={`${id}-map-${field}`} className="field-label field-label-small">
                      {field}
                    </label>
                    <select
                      id={`${id}-map-${field}`}
                      className="select"
                      value={
                        mapping[field] === undefined ? '' : mapping[field] === null ? '(ignore)' : (mapping[field] as string)
                      }
                      onChange={(e) => {
                        const v = e.target.value;
                        setMapping((m) => {
                          const next = { ...m };
                          if (v === '') delete next[field];
                          else next[field] = v === '(ignore)' ? null : v;
                          return next;
                        });
                      }}
                    >
                      <option value="">default</option>
                      {field !== 'title' && <option value="(ignore)">ignore</option>}
                      {headers.map((h) => (
                        <option key={h} value={h}>
                          {h}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
          <ActionError message={error} />
          <div className="row">
            <button type="submit" className="btn btn-secondary" disabled={busy || !csv}>
              Check the file
            </button>
            <button type="button" className="btn btn-primary" disabled={busy || !csv} onClick={() => void run(false)}>
              Import the good rows
            </button>
          </div>
        </form>
        <div aria-live="polite">{report && <ImportResult report={report} />}</div>
      </section>
    </div>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  return (
    <section className="card" aria-label="Import result">
      <h3>
        {report.dryRun
          ? `Checked: ${report.items.length} row${report.items.length === 1 ? '' : 's'} can be imported, nothing written yet`
          : `Imported ${report.imported} item${report.imported === 1 ? '' : 's'}`}
      </h3>
      {report.problems.length > 0 && (
        <>
          <h4>
            {report.problems.length} row{report.problems.length === 1 ? '' : 's'} left out
          </h4>
          <ul className="ledger-problems">
            {report.problems.map((p) => (
              <li key={p.line}>
                Line {p.line}
                {p.key ? ` (${p.key})` : ''}: {p.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.items.length > 0 && (
        <ul className="plain-list">
          {report.items.map((i) => (
            <li key={i.line}>
              Line {i.line}: <span className={`tag tag-${i.kind}`}>{KIND_WORDS[i.kind]}</span> {i.key ? `${i.key} ` : ''}
              {i.title}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The header row's names, read well enough to offer them in the mapping (the server parses the file properly). */
function headerNames(csv: string): string[] {
  const first = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const names: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < first.length; i++) {
    const ch = first[i];
    if (quoted) {
      if (ch === '"' && first[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      names.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  names.push(cur.trim());
  return [...new Set(names.filter((n) => n !== ''))];
}
