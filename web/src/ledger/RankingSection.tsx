// The backlog as one ranking: features and tech debt on the same scale, every score with its formula and numbers.
// Items still missing numbers are listed apart with exactly what they need. The team's lead sets the default method
// and how ICE combines its three numbers; anyone may look at the list under another method.
import { useCallback, useId, useState } from 'react';
import { useLoad } from '../accounts/use-load.ts';
import { ledgerApi, type Method, type RankedItem } from '../api/ledger.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import { ItemForm } from './ItemForm.tsx';
import type { SectionProps } from './LedgerScreen.tsx';
import { formatMoney, formatNumber, KIND_WORDS } from './words.ts';

const METHODS: { id: Method; label: string }[] = [
  { id: 'rice', label: 'RICE' },
  { id: 'ice', label: 'ICE' },
  { id: 'wsjf', label: 'WSJF' },
];

export function RankingSection({ teamId, team, me }: SectionProps) {
  const [method, setMethod] = useState<Method | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const settings = useLoad(useCallback(() => ledgerApi.settings(teamId), [teamId]));
  const items = useLoad(useCallback(() => ledgerApi.items(teamId), [teamId]));
  const ranking = useLoad(useCallback(() => ledgerApi.ranking(teamId, method ?? undefined), [teamId, method]));
  const [status, setStatus] = useState('');
  const isLead = team.members.some((m) => m.personId === me.id && m.role === 'lead');

  const refresh = (message: string) => {
    items.reload();
    ranking.reload();
    setStatus(message);
  };
  const shown = ranking.data?.method ?? settings.data?.settings.method ?? 'rice';
  const features = (items.data ?? []).filter((i) => i.kind === 'feature');
  const byId = new Map((items.data ?? []).map((i) => [i.id, i]));
  const editingItem = editing ? (byId.get(editing) ?? null) : null;

  return (
    <div className="ledger-columns">
      <section aria-labelledby="ranking-h" className="ledger-main">
        <div className="section-head">
          <h2 id="ranking-h">One ranking</h2>
          <fieldset className="segmented">
            <legend className="visually-hidden">Score with</legend>
            {METHODS.map((m) => (
              <button key={m.id} type="button" aria-pressed={shown === m.id} onClick={() => setMethod(m.id)}>
                {m.label}
              </button>
            ))}
          </fieldset>
        </div>
        <p className="visually-hidden" role="status" aria-live="polite">
          {status}
        </p>
        {ranking.error ? (
          <ErrorState title="The ranking could not be worked out" message={ranking.error.message} onRetry={ranking.reload} />
        ) : !ranking.data ? (
          <Loading label="Scoring the backlog…" />
        ) : ranking.data.ranked.length === 0 && ranking.data.unscored.length === 0 ? (
          <Empty>
            The backlog is empty. Add a feature and a tech-debt item, or import them from Jira or Linear, and they will be ranked
            on one scale here.
          </Empty>
        ) : (
          <>
            {ranking.data.ranked.length === 0 ? (
              <Empty>No item has all the numbers {shown.toUpperCase()} needs yet; see what each one lacks below.</Empty>
            ) : (
              <ol className="ledger-ranking" aria-label={`Backlog ranked by ${shown.toUpperCase()}`}>
                {ranking.data.ranked.map((r) => (
                  <RankedRow key={r.itemId} r={r} onEdit={() => setEditing(r.itemId)} />
                ))}
              </ol>
            )}
            {ranking.data.unscored.length > 0 && (
              <>
                <h3>Not ranked yet</h3>
                <ul className="plain-list ledger-unscored">
                  {ranking.data.unscored.map((u) => (
                    <li key={u.itemId}>
                      <span className={`tag tag-${u.kind}`}>{KIND_WORDS[u.kind]}</span> <strong>{u.title}</strong> needs{' '}
                      {u.missing.join(', ')}.{' '}
                      <button type="button" className="btn btn-quiet btn-small" onClick={() => setEditing(u.itemId)}>
                        Add its numbers<span className="visually-hidden"> for {u.title}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>
      <aside className="ledger-side" aria-label="Backlog items and settings">
        {items.error && <ErrorState title="The items could not be loaded" message={items.error.message} onRetry={items.reload} />}
        {editingItem ? (
          <ItemForm
            key={editingItem.id}
            item={editingItem}
            features={features.filter((x) => x.id !== editingItem.id)}
            cancel={() => setEditing(null)}
            save={async (fields) => {
              await ledgerApi.updateItem(teamId, editingItem.id, fields);
              setEditing(null);
              refresh(`Saved “${fields.title}”; the ranking is updated.`);
            }}
          />
        ) : (
          <ItemForm
            item={null}
            features={features}
            save={async (fields) => {
              await ledgerApi.createItem(teamId, fields);
              refresh(`Added “${fields.title}”; the ranking is updated.`);
            }}
          />
        )}
        {settings.data && (
          <ScoringSettings
            teamId={teamId}
            isLead={isLead}
            method={settings.data.settings.method}
            iceRule={settings.data.settings.iceRule}
            saved={(s) => {
              settings.set({ ...settings.data!, settings: s });
              setMethod(null);
              ranking.reload();
            }}
          />
        )}
      </aside>
    </div>
  );
}

function RankedRow({ r, onEdit }: { r: RankedItem; onEdit(): void }) {
  const e = r.explanation;
  return (
    <li className="card ledger-ranked">
      <div className="ledger-ranked-head">
        <span className="ledger-rank" aria-hidden="true">
          {r.rank}
        </span>
        <div className="grow">
          <h3 className="ledger-item-title">
            <span className="visually-hidden">Rank {r.rank}: </span>
            {r.title} <span className={`tag tag-${r.kind}`}>{KIND_WORDS[r.kind]}</span>
          </h3>
          <p className="ledger-formula">
            <span className="mono">{e.formula}</span>
          </p>
          <p className="ledger-sentence">{e.sentence}</p>
        </div>
        <div className="ledger-score">
          <span className="num">{formatNumber(r.score)}</span>
          <span className="muted">{e.method.toUpperCase()}</span>
        </div>
      </div>
      {e.parts.some((p) => p.source === 'derived') && (
        <ul className="ledger-derived">
          {e.parts
            .filter((p) => p.source === 'derived')
            .map((p) => (
              <li key={p.name}>
                {p.label} {p.shown}: {p.derivation}
              </li>
            ))}
        </ul>
      )}
      {r.debt && (
        <dl className="ledger-debt">
          <div>
            <dt>Interest</dt>
            <dd>{r.debt.sentences.interest}</dd>
          </div>
          <div>
            <dt>Outage exposure</dt>
            <dd>{r.debt.sentences.exposure}</dd>
          </div>
          <div>
            <dt>Payback</dt>
            <dd>{r.debt.sentences.payback}</dd>
          </div>
          <div>
            <dt>Cost per quarter</dt>
            <dd>{formatMoney(r.debt.costPerQuarter)}</dd>
          </div>
          {r.debt.slowsTitles.length > 0 && (
            <div>
              <dt>Slows</dt>
              <dd>{r.debt.slowsTitles.join(', ')}</dd>
            </div>
          )}
        </dl>
      )}
      <button type="button" className="btn btn-quiet btn-small" onClick={onEdit}>
        Edit<span className="visually-hidden"> {r.title}</span>
      </button>
    </li>
  );
}

function ScoringSettings({
  teamId,
  isLead,
  method,
  iceRule,
  saved,
}: {
  teamId: string;
  isLead: boolean;
  method: Method;
  iceRule: 'average' | 'product';
  saved(s: Awaited<ReturnType<typeof ledgerApi.saveSettings>>): void;
}) {
  const id = useId();
  const [m, setM] = useState(method);
  const [rule, setRule] = useState(iceRule);
  const { busy, error, send } = useSave();
  const [done, setDone] = useState('');
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setDone('');
    await send(async () => {
      saved(await ledgerApi.saveSettings(teamId, { method: m, iceRule: rule }));
      setDone('Saved. The ranking uses the new settings.');
    });
  };
  return (
    <form className="card ledger-form" onSubmit={save} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="card-title">
        How this team scores
      </h2>
      {!isLead && <p className="field-help">Only the team's lead (or an organisation admin) changes these.</p>}
      <div className="field">
        <label htmlFor={`${id}-method`} className="field-label">
          Default method
        </label>
        <select id={`${id}-method`} className="select" value={m} onChange={(e) => setM(e.target.value as Method)}>
          {METHODS.map((x) => (
            <option key={x.id} value={x.id}>
              {x.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="ledger-fieldset">
        <legend className="field-label">ICE combines impact, confidence and ease by</legend>
        <label className="check-row">
          <input type="radio" name={`${id}-rule`} checked={rule === 'average'} onChange={() => setRule('average')} />
          their average: (I + C + E) ÷ 3
        </label>
        <label className="check-row">
          <input type="radio" name={`${id}-rule`} checked={rule === 'product'} onChange={() => setRule('product')} />
          their product: I × C × E
        </label>
      </fieldset>
      <ActionError message={error} />
      <p role="status" className="muted">
        {done}
      </p>
      <button type="submit" className="btn btn-secondary" disabled={busy}>
        {busy ? 'Saving…' : 'Save scoring settings'}
      </button>
    </form>
  );
}
