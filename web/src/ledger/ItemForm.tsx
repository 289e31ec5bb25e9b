// Adding or editing a backlog item: a feature or a tech-debt item, with the numbers each scoring method needs and,
// for debt, its cost in business terms (interest per sprint, outage exposure, the cleanup, what it slows). Fields
// left empty are simply not sent: the ranking then lists the item apart with what it still needs.
import { type FormEvent, useId, useState } from 'react';
import type { DebtTerms, ItemFields, ItemKind, LedgerItem } from '../api/ledger.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { useSave } from '../ui/use-save.ts';
import { PricedRisksFieldset, type RiskText, readPricedRisks, riskTexts } from './PricedRisks.tsx';
import { numberOrUndefined } from './words.ts';

const IMPACTS = [
  [3, 'massive (3)'],
  [2, 'high (2)'],
  [1, 'medium (1)'],
  [0.5, 'low (0.5)'],
  [0.25, 'minimal (0.25)'],
] as const;
const CONFIDENCES = [100, 80, 50] as const;
const LADDER = [1, 2, 3, 5, 8, 13, 20] as const;

type Text = Record<string, string>;
const str = (n: number | undefined | null) => (n === undefined || n === null ? '' : String(n));

function initialText(item: LedgerItem | null): Text {
  const d = item?.debt;
  return {
    title: item?.title ?? '',
    description: item?.description ?? '',
    points: str(item?.points),
    reach: str(item?.rice.reach),
    impact: str(item?.rice.impact),
    confidence: str(item?.rice.confidence),
    effort: str(item?.rice.effort),
    iceImpact: str(item?.ice.impact),
    iceConfidence: str(item?.ice.confidence),
    iceEase: str(item?.ice.ease),
    businessValue: str(item?.wsjf.businessValue),
    timeCriticality: str(item?.wsjf.timeCriticality),
    riskReduction: str(item?.wsjf.riskReduction),
    jobSize: str(item?.wsjf.jobSize),
    extraHoursPerChange: str(d?.extraHoursPerChange),
    changesPerSprint: str(d?.changesPerSprint),
    outagePercent: d ? str(Math.round(d.outageProbability * 1000) / 10) : '',
    costPerOutage: str(d?.costPerOutage),
    principalHours: str(d?.principalHours),
  };
}

export interface ItemFormProps {
  item: LedgerItem | null;
  /** Other items, for "which roadmap items does this debt slow". */
  features: LedgerItem[];
  save(fields: ItemFields): Promise<unknown>;
  cancel?(): void;
}

export function ItemForm({ item, features, save, cancel }: ItemFormProps) {
  const [kind, setKind] = useState<ItemKind>(item?.kind ?? 'feature');
  const [t, setT] = useState<Text>(() => initialText(item));
  const [slows, setSlows] = useState<string[]>(item?.debt?.slows ?? []);
  const [risks, setRisks] = useState<RiskText[]>(riskTexts(item?.risks ?? []));
  const { busy, error, setError, send } = useSave();
  const id = useId();
  const f = (name: string) => `${id}-${name}`;
  const set = (name: string) => (e: { target: { value: string } }) => setT((old) => ({ ...old, [name]: e.target.value }));

  const numberInput = (name: string, label: string, help?: string, step = 'any') => (
    <div className="field">
      <label htmlFor={f(name)} className="field-label">
        {label}
      </label>
      <input
        id={f(name)}
        className="input"
        type="number"
        inputMode="decimal"
        step={step}
        min={0}
        value={t[name]}
        onChange={set(name)}
        aria-describedby={help ? f(`${name}-help`) : undefined}
      />
      {help && (
        <p className="field-help" id={f(`${name}-help`)}>
          {help}
        </p>
      )}
    </div>
  );
  const selectInput = (name: string, label: string, options: readonly (readonly [number, string])[]) => (
    <div className="field">
      <label htmlFor={f(name)} className="field-label">
        {label}
      </label>
      <select id={f(name)} className="select" value={t[name]} onChange={set(name)}>
        <option value="">not yet</option>
        {options.map(([v, words]) => (
          <option key={v} value={v}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = (name: string) => numberOrUndefined(t[name] ?? '');
    if (!t.title?.trim()) {
      setError('Give the item a title.');
      return;
    }
    const numbers = Object.keys(t).filter((k) => k !== 'title' && k !== 'description');
    const bad = numbers.find((k) => Number.isNaN(n(k)));
    if (bad) {
      setError(`"${t[bad]}" is not a number.`);
      return;
    }
    let debt: DebtTerms | null = null;
    if (kind === 'debt') {
      const needed = ['extraHoursPerChange', 'changesPerSprint', 'outagePercent', 'costPerOutage', 'principalHours'];
      const filled = needed.filter((k) => n(k) !== undefined);
      if (filled.length > 0 && filled.length < needed.length) {
        setError(
          'State the debt in business terms completely: extra hours per change, changes per sprint, outage chance, cost per outage and cleanup hours (0 is fine).',
        );
        return;
      }
      if (filled.length === needed.length) {
        debt = {
          extraHoursPerChange: n('extraHoursPerChange') as number,
          changesPerSprint: n('changesPerSprint') as number,
          outageProbability: (n('outagePercent') as number) / 100,
          costPerOutage: n('costPerOutage') as number,
          principalHours: n('principalHours') as number,
          slows,
        };
      }
    }
    const read = readPricedRisks(risks);
    if ('error' in read) {
      setError(read.error);
      return;
    }
    const drop = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    const fields: ItemFields = {
      kind,
      title: t.title.trim(),
      description: t.description ?? '',
      status: item?.status ?? 'open',
      points: n('points') ?? null,
      rice: drop({ reach: n('reach'), impact: n('impact'), confidence: n('confidence'), effort: n('effort') }),
      ice: drop({ impact: n('iceImpact'), confidence: n('iceConfidence'), ease: n('iceEase') }),
      wsjf: drop({
        businessValue: n('businessValue'),
        timeCriticality: n('timeCriticality'),
        riskReduction: n('riskReduction'),
        jobSize: n('jobSize'),
      }),
      debt,
      risks: read.risks,
    };
    await send(async () => {
      await save(fields);
      if (!item) {
        setT(initialText(null));
        setRisks([]);
        setSlows([]);
      }
    });
  };

  const heading = item ? `Edit “${item.title}”` : 'Add an item';
  return (
    <form className="card ledger-form" onSubmit={submit} noValidate aria-labelledby={f('title-h')}>
      <h2 id={f('title-h')} className="card-title">
        {heading}
      </h2>
      <fieldset className="ledger-fieldset">
        <legend className="field-label">Kind</legend>
        <div className="row">
          {(['feature', 'debt'] as const).map((k) => (
            <label key={k} className="check-row">
              <input type="radio" name={f('kind')} value={k} checked={kind === k} onChange={() => setKind(k)} />
              {k === 'feature' ? 'Feature' : 'Tech debt'}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={f('title')} className="field-label">
          Title
        </label>
        <input id={f('title')} className="input" value={t.title} onChange={set('title')} maxLength={200} required />
      </div>
      <div className="field">
        <label htmlFor={f('description')} className="field-label">
          Description (optional)
        </label>
        <textarea id={f('description')} className="input" rows={2} value={t.description} onChange={set('description')} />
      </div>
      {numberInput('points', 'Estimate in points', 'The same points as sprint capacity.', '1')}

      <fieldset className="ledger-fieldset">
        <legend className="label-heading">RICE (Intercom)</legend>
        <div className="ledger-grid">
          {kind === 'feature' && numberInput('reach', 'Reach per quarter', 'People or events a quarter.')}
          {kind === 'feature' && selectInput('impact', 'Impact', IMPACTS)}
          {selectInput(
            'confidence',
            'Confidence',
            CONFIDENCES.map((c) => [c, `${c}%`] as const),
          )}
          {numberInput(
            'effort',
            'Effort in person-months',
            'At least 0.5. Debt: worked out from the cleanup hours unless given.',
          )}
        </div>
      </fieldset>
      <fieldset className="ledger-fieldset">
        <legend className="label-heading">ICE, each 1 to 10</legend>
        <div className="ledger-grid">
          {kind === 'feature' && numberInput('iceImpact', 'Impact', undefined, '1')}
          {numberInput('iceConfidence', 'Confidence', undefined, '1')}
          {numberInput('iceEase', 'Ease', undefined, '1')}
        </div>
      </fieldset>
      <fieldset className="ledger-fieldset">
        <legend className="label-heading">WSJF, on 1, 2, 3, 5, 8, 13, 20</legend>
        <div className="ledger-grid">
          {selectInput(
            'businessValue',
            'Business value',
            LADDER.map((v) => [v, String(v)] as const),
          )}
          {selectInput(
            'timeCriticality',
            'Time criticality',
            LADDER.map((v) => [v, String(v)] as const),
          )}
          {kind === 'feature' &&
            selectInput(
              'riskReduction',
              'Risk reduction',
              LADDER.map((v) => [v, String(v)] as const),
            )}
          {selectInput(
            'jobSize',
            'Job size',
            LADDER.map((v) => [v, String(v)] as const),
          )}
        </div>
      </fieldset>

      {kind === 'debt' && (
        <fieldset className="ledger-fieldset">
          <legend className="label-heading">The debt in business terms</legend>
          <p className="field-help">
            Interest per sprint is extra hours per change × changes per sprint × the team's loaded hourly cost; outage exposure is
            the chance per quarter × the cost of one outage.
          </p>
          <div className="ledger-grid">
            {numberInput('extraHoursPerChange', 'Extra hours per change')}
            {numberInput('changesPerSprint', 'Changes per sprint')}
            {numberInput('outagePercent', 'Chance of an outage per quarter (%)')}
            {numberInput('costPerOutage', 'Cost per outage ($)')}
            {numberInput('principalHours', 'Cleanup (hours)')}
          </div>
          {features.length > 0 && (
            <fieldset className="ledger-fieldset">
              <legend className="field-label">Roadmap items it slows</legend>
              {features.map((x) => (
                <label key={x.id} className="check-row">
                  <input
                    type="checkbox"
                    checked={slows.includes(x.id)}
                    onChange={(e) => setSlows((s) => (e.target.checked ? [...s, x.id] : s.filter((y) => y !== x.id)))}
                  />
                  {x.title}
                </label>
              ))}
            </fieldset>
          )}
        </fieldset>
      )}

      <PricedRisksFieldset idPrefix={id} legend="Priced risks" empty="No risks named yet." risks={risks} setRisks={setRisks} />

      <ActionError message={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : item ? 'Save changes' : 'Add to the backlog'}
        </button>
        {cancel && (
          <button type="button" className="btn btn-secondary" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
