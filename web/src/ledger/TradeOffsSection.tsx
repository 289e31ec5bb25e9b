// Trade-off records, written before the decision: the list, a new draft, and one record. A draft or proposed record
// is edited in place (every edit raises its revision, so earlier sign-offs stop counting); each bearer signs; once all
// have signed, a bearer accepts it. An accepted record is read-only and changes only by being superseded. Any record
// downloads as MADR 4 Markdown.
import { useCallback, useId, useState } from 'react';
import { reasonOf, useLoad } from '../accounts/use-load.ts';
import type { SignedInPerson, Team } from '../api/accounts.ts';
import { type BearerRole, ledgerApi, type TradeOff, type TradeOffContent } from '../api/ledger.ts';
import { Link, ledgerPath, navigate } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import { InputField, SelectField } from './Field.tsx';
import type { SectionProps } from './LedgerScreen.tsx';
import { PricedRisksFieldset, readPricedRisks, riskTexts } from './PricedRisks.tsx';
import { formatDay, formatMoney, lines, numberOrUndefined, STATUS_WORDS } from './words.ts';

const ROLE_WORDS: Record<BearerRole, string> = { pm: 'PM', engineering_lead: 'Engineering lead', other: 'Other' };

export function TradeOffsSection(props: SectionProps) {
  if (props.rest) return <TradeOffPage {...props} tradeOffId={props.rest} />;
  return <TradeOffList {...props} />;
}

function TradeOffList({ teamId }: SectionProps) {
  const list = useLoad(useCallback(() => ledgerApi.tradeOffs(teamId), [teamId]));
  const id = useId();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setError('Name the decision first, e.g. “Ship the CRM integration without load tests”.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const record = await ledgerApi.createTradeOff(teamId, { title: title.trim() });
      navigate(ledgerPath(teamId, `trade-offs/${record.id}`));
    } catch (err) {
      setError(reasonOf(err));
      setBusy(false);
    }
  };
  return (
    <div className="ledger-columns">
      <section aria-labelledby={`${id}-list`} className="ledger-main">
        <h2 id={`${id}-list`}>Records</h2>
        {list.error ? (
          <ErrorState title="The trade-off records could not be loaded" message={list.error.message} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading label="Loading the trade-off records…" />
        ) : list.data.length === 0 ? (
          <Empty>No trade-off has been written down yet. Write the next one before the decision is made.</Empty>
        ) : (
          <ul className="plain-list ledger-records">
            {[...list.data].reverse().map((r) => (
              <li key={r.id} className="card">
                <Link href={ledgerPath(teamId, `trade-offs/${r.id}`)} className="ledger-record-link">
                  ADR-{String(r.number).padStart(4, '0')}: {r.content.title}
                </Link>{' '}
                <span className={`badge ${statusBadge(r)}`}>{STATUS_WORDS[r.status]}</span>
                <p className="muted">
                  Written {formatDay(r.writtenAt)} · expected cost of its risks {formatMoney(r.totalExpectedCost)}
                  {r.status === 'proposed' &&
                    r.awaitingSignOff.length > 0 &&
                    ` · waiting for ${r.awaitingSignOff.map((b) => b.name).join(', ')}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <aside className="ledger-side">
        <form className="card ledger-form" onSubmit={start} noValidate aria-labelledby={`${id}-new`}>
          <h2 id={`${id}-new`} className="card-title">
            Write a trade-off
          </h2>
          <p className="field-help">Before the decision: what you are accepting, priced, and who bears it.</p>
          <label htmlFor={`${id}-title`} className="field-label">
            The decision
          </label>
          <input id={`${id}-title`} className="input" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          <ActionError message={error} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Starting…' : 'Start a draft'}
          </button>
        </form>
      </aside>
    </div>
  );
}

function statusBadge(r: TradeOff): string {
  if (r.status === 'accepted') return 'badge-success';
  if (r.status === 'superseded') return 'badge-mixed';
  return '';
}

function TradeOffPage({ teamId, team, me, tradeOffId }: SectionProps & { tradeOffId: string }) {
  const record = useLoad(useCallback(() => ledgerApi.tradeOff(teamId, tradeOffId), [teamId, tradeOffId]));
  const [status, setStatus] = useState('');
  const { busy, error, send } = useSave();
  if (record.error) {
    return (
      <ErrorState
        title="This trade-off record could not be opened"
        message={record.error.message}
        onRetry={record.error.status === 404 ? undefined : record.reload}
      >
        <Link href={ledgerPath(teamId, 'trade-offs')} className="btn btn-secondary">
          All records
        </Link>
      </ErrorState>
    );
  }
  const r = record.data;
  if (!r) return <Loading label="Loading the record…" />;
  const step = async (s: 'propose' | 'sign-off' | 'accept' | 'supersede', done: string) => {
    await send(async () => {
      const next = await ledgerApi.tradeOffStep(teamId, r.id, s);
      if (s === 'supersede') {
        navigate(ledgerPath(teamId, `trade-offs/${next.id}`));
        return;
      }
      record.set(next);
      setStatus(done);
    });
  };
  const bearer = r.content.bearers.find((b) => b.personId === me.id);
  const signedThis = r.signOffs.some((s) => s.personId === me.id && s.revision === r.revision);
  const editable = r.status === 'draft' || r.status === 'proposed';
  return (
    <div>
      <p>
        <Link href={ledgerPath(teamId, 'trade-offs')}>← All trade-off records</Link>
      </p>
      <div className="section-head">
        <h2>
          ADR-{String(r.number).padStart(4, '0')}: {r.content.title}{' '}
          <span className={`badge ${statusBadge(r)}`}>{STATUS_WORDS[r.status]}</span>
        </h2>
        <a className="btn btn-secondary btn-small" href={ledgerApi.tradeOffExportPath(teamId, r.id)} download>
          Download MADR Markdown
        </a>
      </div>
      <p className="muted">
        Revision {r.revision} · written {formatDay(r.writtenAt)}
        {r.decidedAt && ` · decided ${formatDay(r.decidedAt)}`}
        {r.supersedes && (
          <>
            {' '}
            · supersedes <Link href={ledgerPath(teamId, `trade-offs/${r.supersedes}`)}>an earlier record</Link>
          </>
        )}
        {r.supersededBy && (
          <>
            {' '}
            · superseded by <Link href={ledgerPath(teamId, `trade-offs/${r.supersededBy}`)}>a later record</Link>
          </>
        )}
      </p>
      <section className="card ledger-steps" aria-labelledby="steps-h">
        <h3 id="steps-h" className="card-title">
          Where it stands
        </h3>
        {r.status === 'draft' && r.problemsBeforeProposing.length > 0 && (
          <>
            <p>Before it can go to its bearers:</p>
            <ul>
              {r.problemsBeforeProposing.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </>
        )}
        {r.status === 'proposed' && (
          <p>
            {r.awaitingSignOff.length === 0
              ? 'Every bearer has signed this revision: a bearer can accept it.'
              : `Waiting for the sign-off of ${r.awaitingSignOff.map((b) => b.name).join(', ')}.`}
          </p>
        )}
        {r.status === 'accepted' && (
          <p>Accepted: this record is final. To change the decision, supersede it with a new record.</p>
        )}
        {r.status === 'superseded' && <p>Superseded: a later record replaced this decision.</p>}
        <ActionError message={error} />
        <p role="status" aria-live="polite" className="muted">
          {status}
        </p>
        <div className="row">
          {r.status === 'draft' && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || r.problemsBeforeProposing.length > 0}
              onClick={() => step('propose', 'Proposed: each bearer can now sign it.')}
            >
              Propose to the bearers
            </button>
          )}
          {r.status === 'proposed' && bearer && !signedThis && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => step('sign-off', 'You signed this revision.')}
            >
              Sign off as {ROLE_WORDS[bearer.role]}
            </button>
          )}
          {r.status === 'proposed' && signedThis && <span className="badge badge-ok">You signed revision {r.revision}</span>}
          {r.status === 'proposed' && bearer && r.awaitingSignOff.length === 0 && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => step('accept', 'Accepted.')}>
              Accept the decision
            </button>
          )}
          {r.status === 'accepted' && (
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => step('supersede', '')}>
              Supersede with a new record
            </button>
          )}
        </div>
      </section>
      {editable ? (
        <TradeOffEditor
          key={r.revision}
          team={team}
          me={me}
          record={r}
          save={async (content) => {
            const next = await ledgerApi.editTradeOff(teamId, r.id, r.revision, content);
            record.set(next);
            setStatus(`Saved as revision ${next.revision}.`);
          }}
        />
      ) : (
        <TradeOffView record={r} team={team} />
      )}
    </div>
  );
}

function TradeOffView({ record: r, team }: { record: TradeOff; team: Team }) {
  const c = r.content;
  const nameOf = (personId: string) =>
    c.bearers.find((b) => b.personId === personId)?.name ?? team.members.find((m) => m.personId === personId)?.name ?? 'someone';
  return (
    <article className="card ledger-record" aria-label="The record">
      <h3>Context</h3>
      <p className="ledger-pre">{c.context || '—'}</p>
      {c.drivers.length > 0 && (
        <>
          <h3>Decision drivers</h3>
          <ul>
            {c.drivers.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      )}
      <h3>Considered options</h3>
      <ul>
        {c.options.map((o) => (
          <li key={o.id}>
            <strong>{o.title}</strong>
            {o.id === c.chosenOption && ' (chosen)'}
            {o.description && `: ${o.description}`}
            {o.pros.length > 0 && <div>Good: {o.pros.join('; ')}</div>}
            {o.cons.length > 0 && <div>Bad: {o.cons.join('; ')}</div>}
          </li>
        ))}
      </ul>
      <h3>Why</h3>
      <p>{c.because || '—'}</p>
      <RiskTable record={r} />
      {c.cleanup && (
        <>
          <h3>Cleanup debt</h3>
          <p>
            {c.cleanup.description}: {c.cleanup.hours} hours, due {formatDay(c.cleanup.dueOn)}.
          </p>
        </>
      )}
      <h3>Who bears the consequences</h3>
      <ul>
        {c.bearers.map((b) => {
          const s = r.signOffs.find((x) => x.personId === b.personId && x.revision === r.revision);
          return (
            <li key={b.personId}>
              {b.name} ({ROLE_WORDS[b.role]}) bears {b.bears}
              {s ? ` · signed ${formatDay(s.signedAt)}` : ' · not signed'}
            </li>
          );
        })}
      </ul>
      {r.signOffs.length > 0 && <p className="muted">Signatures: {r.signOffs.map((s) => nameOf(s.personId)).join(', ')}</p>}
    </article>
  );
}

function RiskTable({ record }: { record: TradeOff }) {
  if (record.pricedRisks.length === 0) return null;
  return (
    <>
      <h3>Priced risks</h3>
      <table className="ledger-table">
        <caption className="visually-hidden">Risks with their chance, cost and expected cost (EMV)</caption>
        <thead>
          <tr>
            <th scope="col">Risk</th>
            <th scope="col">Chance</th>
            <th scope="col">Cost</th>
            <th scope="col">EMV</th>
          </tr>
        </thead>
        <tbody>
          {record.pricedRisks.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: risks may repeat their text
            <tr key={i}>
              <td>{p.text}</td>
              <td className="num">{Math.round(p.probability * 1000) / 10}%</td>
              <td className="num">{formatMoney(p.cost)}</td>
              <td className="num">{formatMoney(p.emv)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total expected cost
            </th>
            <td className="num">{formatMoney(record.totalExpectedCost)}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

interface OptionText {
  id: string;
  title: string;
  description: string;
  pros: string;
  cons: string;
}

function TradeOffEditor({
  team,
  me,
  record,
  save,
}: {
  team: Team;
  me: SignedInPerson;
  record: TradeOff;
  save(content: Partial<TradeOffContent>): Promise<void>;
}) {
  const c = record.content;
  const id = useId();
  const f = (n: string) => `${id}-${n}`;
  const [title, setTitle] = useState(c.title);
  const [context, setContext] = useState(c.context);
  const [drivers, setDrivers] = useState(c.drivers.join('\n'));
  const [options, setOptions] = useState<OptionText[]>(
    c.options.length > 0
      ? c.options.map((o) => ({ ...o, pros: o.pros.join('\n'), cons: o.cons.join('\n') }))
      : [
          { id: 'option-1', title: '', description: '', pros: '', cons: '' },
          { id: 'option-2', title: '', description: '', pros: '', cons: '' },
        ],
  );
  const [chosen, setChosen] = useState(c.chosenOption ?? '');
  const [because, setBecause] = useState(c.because);
  const [risks, setRisks] = useState(() => riskTexts(c.risks));
  const [cleanup, setCleanup] = useState({
    description: c.cleanup?.description ?? '',
    hours: c.cleanup ? String(c.cleanup.hours) : '',
    dueOn: c.cleanup?.dueOn ?? '',
  });
  const [bearers, setBearers] = useState(
    c.bearers.length > 0 ? c.bearers : [{ personId: me.id, name: me.name, role: 'pm' as BearerRole, bears: '' }],
  );
  const [consulted, setConsulted] = useState(c.consulted.join('\n'));
  const [informed, setInformed] = useState(c.informed.join('\n'));
  const { busy, error, setError, send } = useSave();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const read = readPricedRisks(risks);
    if ('error' in read) {
      setError(read.error);
      return;
    }
    let cleanupDebt: TradeOffContent['cleanup'] = null;
    if (cleanup.description.trim() || cleanup.hours || cleanup.dueOn) {
      const hours = numberOrUndefined(cleanup.hours);
      if (!cleanup.description.trim() || hours === undefined || Number.isNaN(hours) || !cleanup.dueOn) {
        setError('The cleanup debt needs what it is, its hours and the date it comes due.');
        return;
      }
      cleanupDebt = { description: cleanup.description.trim(), hours, dueOn: cleanup.dueOn };
    }
    const usedOptions = options.filter((o) => o.title.trim());
    const missingBears = bearers.find((b) => !b.bears.trim());
    if (missingBears) {
      setError(`Say what ${missingBears.name} bears, in a few words.`);
      return;
    }
    await send(async () => {
      await save({
        title: title.trim(),
        context,
        drivers: lines(drivers),
        options: usedOptions.map((o) => ({
          id: o.id,
          title: o.title.trim(),
          description: o.description,
          pros: lines(o.pros),
          cons: lines(o.cons),
        })),
        chosenOption: usedOptions.some((o) => o.id === chosen) ? chosen : null,
        because,
        risks: read.risks,
        cleanup: cleanupDebt,
        bearers: bearers.map((b) => ({ ...b, bears: b.bears.trim() })),
        consulted: lines(consulted),
        informed: lines(informed),
      });
    });
  };

  const text = (name: string, label: string, value: string, set: (v: string) => void, help?: string, rows = 3) => (
    <div className="field">
      <label htmlFor={f(name)} className="field-label">
        {label}
      </label>
      <textarea
        id={f(name)}
        className="input"
        rows={rows}
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-describedby={help ? f(`${name}-help`) : undefined}
      />
      {help && (
        <p id={f(`${name}-help`)} className="field-help">
          {help}
        </p>
      )}
    </div>
  );
  const notBearers = team.members.filter((m) => !bearers.some((b) => b.personId === m.personId));
  return (
    <form className="card ledger-form ledger-editor" onSubmit={submit} noValidate aria-label="Edit the record">
      {record.status === 'proposed' && (
        <p className="notice">Saving a change makes a new revision: everyone who signed has to sign again.</p>
      )}
      <InputField id={f('title')} label="Title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      {text('context', 'Context and problem', context, setContext, 'What forces the decision, in two or three sentences.', 4)}
      {text('drivers', 'Decision drivers', drivers, setDrivers, 'One per line.')}

      <fieldset className="ledger-fieldset">
        <legend className="label-heading">Considered options</legend>
        {options.map((o, i) => (
          <div key={o.id} className="ledger-option">
            <div className="field">
              <label htmlFor={f(`${o.id}-t`)} className="field-label">
                Option {i + 1}
              </label>
              <input
                id={f(`${o.id}-t`)}
                className="input"
                value={o.title}
                onChange={(e) => setOptions((os) => os.map((x) => (x.id === o.id ? { ...x, title: e.target.value } : x)))}
              />
            </div>
            <div className="ledger-grid">
              {text(`${o.id}-pros`, 'Good, one per line', o.pros, (v) =>
                setOptions((os) => os.map((x) => (x.id === o.id ? { ...x, pros: v } : x))),
              )}
              {text(`${o.id}-cons`, 'Bad, one per line', o.cons, (v) =>
                setOptions((os) => os.map((x) => (x.id === o.id ? { ...x, cons: v } : x))),
              )}
            </div>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() =>
            setOptions((os) => [
              ...os,
              {
                id: `option-${Math.max(0, ...os.map((x) => Number(x.id.split('-')[1]) || 0)) + 1}`,
                title: '',
                description: '',
                pros: '',
                cons: '',
              },
            ])
          }
        >
          Add an option
        </button>
      </fieldset>
      <SelectField id={f('chosen')} label="Chosen option" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        <option value="">not chosen yet</option>
        {options
          .filter((o) => o.title.trim())
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.title}
            </option>
          ))}
      </SelectField>
      {text('because', 'Because', because, setBecause, 'Why this option, given the drivers and the risks.')}

      <PricedRisksFieldset
        idPrefix={id}
        legend="Specific risks, priced"
        empty="No risk named yet: at least one is needed before proposing."
        risks={risks}
        setRisks={setRisks}
        showExpectedCost
      />

      <fieldset className="ledger-fieldset">
        <legend className="label-heading">Cleanup debt this creates</legend>
        <div className="ledger-grid">
          <InputField
            id={f('cd')}
            label="What it is"
            value={cleanup.description}
            onChange={(e) => setCleanup({ ...cleanup, description: e.target.value })}
          />
          <InputField
            id={f('ch')}
            label="Hours"
            type="number"
            min={0}
            value={cleanup.hours}
            onChange={(e) => setCleanup({ ...cleanup, hours: e.target.value })}
          />
          <InputField
            id={f('cdue')}
            label="Comes due on"
            type="date"
            value={cleanup.dueOn}
            onChange={(e) => setCleanup({ ...cleanup, dueOn: e.target.value })}
          />
        </div>
      </fieldset>

      <fieldset className="ledger-fieldset">
        <legend className="label-heading">Who bears the consequences</legend>
        <p className="field-help">Each of them signs off; the PM and the engineering lead at least.</p>
        {bearers.map((b, i) => (
          <div key={b.personId} className="ledger-risk-row">
            <p className="grow">
              <strong>{b.name}</strong>
            </p>
            <div className="field">
              <label htmlFor={f(`b${i}role`)} className="field-label field-label-small">
                Role
              </label>
              <select
                id={f(`b${i}role`)}
                className="select"
                value={b.role}
                onChange={(e) =>
                  setBearers((bs) => bs.map((x, j) => (j === i ? { ...x, role: e.target.value as BearerRole } : x)))
                }
              >
                {(Object.keys(ROLE_WORDS) as BearerRole[]).map((r) => (
                  <option key={r} value={r}>
                    {ROLE_WORDS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field grow">
              <label htmlFor={f(`b${i}bears`)} className="field-label field-label-small">
                Bears
              </label>
              <input
                id={f(`b${i}bears`)}
                className="input"
                value={b.bears}
                placeholder="the customer promise"
                onChange={(e) => setBearers((bs) => bs.map((x, j) => (j === i ? { ...x, bears: e.target.value } : x)))}
              />
            </div>
            <button
              type="button"
              className="btn btn-quiet btn-small"
              aria-label={`Remove ${b.name} as a bearer`}
              onClick={() => setBearers((bs) => bs.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        {notBearers.length > 0 && (
          <SelectField
            id={f('add-bearer')}
            label={`Add a bearer from ${team.name}`}
            value=""
            onChange={(e) => {
              const m = team.members.find((x) => x.personId === e.target.value);
              if (m)
                setBearers((bs) => [
                  ...bs,
                  { personId: m.personId, name: m.name, role: m.role === 'lead' ? 'engineering_lead' : 'other', bears: '' },
                ]);
            }}
          >
            <option value="">choose a person</option>
            {notBearers.map((m) => (
              <option key={m.personId} value={m.personId}>
                {m.name}
              </option>
            ))}
          </SelectField>
        )}
      </fieldset>
      <div className="ledger-grid">
        {text('consulted', 'Consulted (one per line)', consulted, setConsulted)}
        {text('informed', 'Informed (one per line)', informed, setInformed)}
      </div>
      <ActionError message={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save the draft'}
      </button>
    </form>
  );
}
