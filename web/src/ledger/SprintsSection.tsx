// Sprint planning: each sprint's capacity, what is planned (features and debt), and the quality budget — the share
// of capacity for debt — with the warning when it has stayed under the team's agreed share for several sprints.
// Taking an item out asks why: a change after the sprint started with no reason shows on the trust timeline.
import { useCallback, useId, useState } from 'react';
import { useLoad } from '../accounts/use-load.ts';
import { type LedgerItem, ledgerApi, type Sprint, type SprintBudget } from '../api/ledger.ts';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import { InputField, SelectField } from './Field.tsx';
import type { SectionProps } from './LedgerScreen.tsx';
import { formatDay, formatShare, KIND_WORDS } from './words.ts';

export function SprintsSection({ teamId }: SectionProps) {
  const sprints = useLoad(useCallback(() => ledgerApi.sprints(teamId), [teamId]));
  const items = useLoad(useCallback(() => ledgerApi.items(teamId), [teamId]));
  const [status, setStatus] = useState('');
  const refresh = (m: string) => {
    sprints.reload();
    setStatus(m);
  };
  const budget = sprints.data?.qualityBudget;
  return (
    <div className="ledger-columns">
      <section className="ledger-main" aria-labelledby="sprints-h">
        <h2 id="sprints-h">Sprints</h2>
        <p className="visually-hidden" role="status" aria-live="polite">
          {status}
        </p>
        {budget?.warning && (
          <p className="notice" role="alert">
            Quality budget: {budget.warning}.
          </p>
        )}
        {budget && (
          <p className="muted">
            Agreed share of capacity for debt: {formatShare(budget.agreedShare)}, checked over {budget.window} sprints in a row.
          </p>
        )}
        {sprints.error ? (
          <ErrorState title="The sprints could not be loaded" message={sprints.error.message} onRetry={sprints.reload} />
        ) : !sprints.data ? (
          <Loading label="Loading the sprints…" />
        ) : sprints.data.sprints.length === 0 ? (
          <Empty>No sprint planned yet. Add one with its dates and capacity, then plan items into it.</Empty>
        ) : (
          <ul className="plain-list">
            {[...sprints.data.sprints].reverse().map((s) => (
              <SprintCard
                key={s.id}
                teamId={teamId}
                sprint={s}
                budget={sprints.data?.qualityBudget.sprints.find((b) => b.sprintId === s.id)}
                items={items.data ?? []}
                changed={refresh}
              />
            ))}
          </ul>
        )}
      </section>
      <aside className="ledger-side">
        <NewSprint teamId={teamId} created={(name) => refresh(`Added ${name}.`)} />
      </aside>
    </div>
  );
}

function SprintCard({
  teamId,
  sprint,
  budget,
  items,
  changed,
}: {
  teamId: string;
  sprint: Sprint;
  budget: SprintBudget | undefined;
  items: LedgerItem[];
  changed(m: string): void;
}) {
  const id = useId();
  const [itemId, setItemId] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, send } = useSave();
  const planned = sprint.entries.filter((e) => e.removedAt === null);
  const removed = sprint.entries.filter((e) => e.removedAt !== null);
  const candidates = items.filter((i) => i.status === 'open' && !planned.some((e) => e.itemId === i.id));
  const act = async (request: () => Promise<unknown>, done: string) => {
    await send(async () => {
      await request();
      changed(done);
      setItemId('');
      setReason('');
    });
  };
  return (
    <li className="card ledger-sprint">
      <h3 className="ledger-item-title">
        {sprint.name}{' '}
        <span className="muted">
          {formatDay(sprint.startsOn)} – {formatDay(sprint.endsOn)}
        </span>
      </h3>
      {budget && (
        <>
          <p>
            {budget.plannedPoints} of {budget.capacity} points planned · debt {budget.debtPoints} points (
            {formatShare(budget.debtShare)}) · features {budget.featurePoints} points
            {budget.underAgreedShare && <span className="badge badge-mixed"> under the agreed debt share</span>}
            {budget.overCapacity && <span className="badge badge-failure"> over capacity</span>}
          </p>
          <div
            className="ledger-meter"
            role="img"
            aria-label={`${budget.debtPoints} debt points and ${budget.featurePoints} feature points of ${budget.capacity}`}
          >
            <span
              className="ledger-meter-debt"
              style={{ width: `${Math.min(100, (budget.debtPoints / budget.capacity) * 100)}%` }}
            />
            <span
              className="ledger-meter-feature"
              style={{ width: `${Math.min(100, (budget.featurePoints / budget.capacity) * 100)}%` }}
            />
          </div>
        </>
      )}
      {planned.length === 0 ? (
        <p className="muted">Nothing planned yet.</p>
      ) : (
        <ul className="ledger-plan">
          {planned.map((e) => (
            <li key={e.itemId}>
              <span className={`tag tag-${e.kind}`}>{KIND_WORDS[e.kind]}</span> {e.itemTitle} · {e.points} points{' '}
              <button
                type="button"
                className="btn btn-quiet btn-small"
                disabled={busy}
                onClick={() =>
                  act(
                    () => ledgerApi.unplanItem(teamId, sprint.id, e.itemId, reason.trim() || undefined),
                    `Took ${e.itemTitle} out of ${sprint.name}.`,
                  )
                }
              >
                Take out<span className="visually-hidden"> {e.itemTitle}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {removed.length > 0 && (
        <p className="muted">
          Taken out:{' '}
          {removed.map((e) => `${e.itemTitle}${e.removeReason ? ` (${e.removeReason})` : ' (no reason given)'}`).join('; ')}
        </p>
      )}
      <form
        className="ledger-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!itemId) {
            setError('Choose an item to plan.');
            return;
          }
          void act(
            () => ledgerApi.planItem(teamId, sprint.id, { itemId, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
            `Planned into ${sprint.name}.`,
          );
        }}
      >
        <SelectField id={`${id}-item`} label="Plan an item" value={itemId} onChange={(e) => setItemId(e.target.value)}>
          <option value="">choose an item</option>
          {candidates.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title} ({KIND_WORDS[i.kind]}, {i.points ?? '?'} points)
            </option>
          ))}
        </SelectField>
        <InputField
          id={`${id}-why`}
          label="Reason for a change (recorded with it)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="submit" className="btn btn-secondary btn-small" disabled={busy}>
          Plan it
        </button>
      </form>
      <ActionError message={error} />
    </li>
  );
}

function NewSprint({ teamId, created }: { teamId: string; created(name: string): void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [capacity, setCapacity] = useState('');
  const { busy, error, setError, send } = useSave();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const cap = Number(capacity);
    if (!name.trim() || !startsOn || !endsOn || !Number.isInteger(cap) || cap < 1) {
      setError('A sprint needs a name, its first and last day, and a capacity in whole points.');
      return;
    }
    await send(async () => {
      await ledgerApi.createSprint(teamId, { name: name.trim(), startsOn, endsOn, capacity: cap });
      created(name.trim());
      setName('');
    });
  };
  return (
    <form className="card ledger-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="card-title">
        Add a sprint
      </h2>
      <InputField id={`${id}-n`} label="Name" value={name} onChange={(e) => setName(e.target.value)} />
      <InputField id={`${id}-s`} label="First day" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
      <InputField id={`${id}-e`} label="Last day" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
      <InputField
        id={`${id}-c`}
        label="Capacity (points)"
        type="number"
        min={1}
        value={capacity}
        onChange={(e) => setCapacity(e.target.value)}
      />
      <ActionError message={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add the sprint'}
      </button>
    </form>
  );
}
