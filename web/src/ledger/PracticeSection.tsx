// "Practise this decision": choose a few real backlog items (at least one feature and one tech-debt item) and a
// capacity that cannot hold them all, and the ledger writes a quest in the scenario format from their scores and
// risks. The quest can be started at once in the team (the lobby opens, bots can fill empty seats), or its file
// downloaded and checked with `npx polarity validate` / `balance`.
import { useCallback, useEffect, useId, useState } from 'react';
import { reasonOf, useLoad } from '../accounts/use-load.ts';
import { ledgerApi, type Method, type PracticeRequest } from '../api/ledger.ts';
import { savePlayer } from '../api/session.ts';
import { navigate, questPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useSave } from '../ui/use-save.ts';
import type { SectionProps } from './LedgerScreen.tsx';
import { KIND_WORDS } from './words.ts';

export function PracticeSection({ teamId, team }: SectionProps) {
  const id = useId();
  const items = useLoad(useCallback(() => ledgerApi.items(teamId), [teamId]));
  const [chosen, setChosen] = useState<string[]>([]);
  const [capacity, setCapacity] = useState('');
  const [method, setMethod] = useState<Method | ''>('');
  const [thirdRole, setThirdRole] = useState<'support' | 'design' | 'sales'>('support');
  const [quest, setQuest] = useState<{ scenarioId: string; yaml: string; request: PracticeRequest } | null>(null);
  const { busy, error, setError, send } = useSave();
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [downloadUrl, setDownloadUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!quest) return;
    const url = URL.createObjectURL(new Blob([quest.yaml], { type: 'text/yaml' }));
    setDownloadUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [quest]);

  const open = (items.data ?? []).filter((i) => i.status === 'open');
  const total = open.filter((i) => chosen.includes(i.id)).reduce((n, i) => n + (i.points ?? 0), 0);
  const generate = async (e: React.FormEvent) => {
    e.preventDefault();
    const cap = Number(capacity);
    if (chosen.length < 2 || !Number.isInteger(cap) || cap < 1) {
      setError('Choose 2 to 8 items and a capacity in whole points.');
      return;
    }
    setStartError(null);
    setQuest(null);
    const request: PracticeRequest = {
      itemIds: chosen,
      capacity: cap,
      thirdRole,
      teamName: team.name,
      ...(method ? { method } : {}),
    };
    await send(async () => {
      setQuest({ ...(await ledgerApi.practiceQuest(teamId, request)), request });
    });
  };
  // The quest shown is the one started: the same selection, generated again by the server from the same items.
  const startQuest = async () => {
    if (!quest) return;
    setStarting(true);
    setStartError(null);
    try {
      const started = await ledgerApi.startPracticeQuest(teamId, quest.request);
      savePlayer(started.questId, started.player);
      navigate(questPath(started.questId));
    } catch (err) {
      setStartError(reasonOf(err));
      setStarting(false);
    }
  };

  if (items.error)
    return <ErrorState title="The backlog could not be loaded" message={items.error.message} onRetry={items.reload} />;
  if (!items.data) return <Loading label="Loading the backlog…" />;
  if (open.length < 2) {
    return (
      <Empty>
        Add at least one feature and one tech-debt item with estimates to the backlog, then practise the decision here.
      </Empty>
    );
  }
  return (
    <div className="ledger-columns">
      <section className="ledger-main" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>Practise this decision</h2>
        <p className="lede">
          Rehearse a real call before making it: a quest where the PM holds the features' numbers, the engineering lead the costs
          and the debt's interest, and a third role the priced risks.
        </p>
        <form className="card ledger-form" onSubmit={generate} noValidate>
          <fieldset className="ledger-fieldset">
            <legend className="label-heading">Items (2 to 8, at least one feature and one debt)</legend>
            {open.map((i) => (
              <label key={i.id} className="check-row">
                <input
                  type="checkbox"
                  checked={chosen.includes(i.id)}
                  disabled={!chosen.includes(i.id) && chosen.length >= 8}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, i.id] : c.filter((x) => x !== i.id)))}
                />
                <span className={`tag tag-${i.kind}`}>{KIND_WORDS[i.kind]}</span> {i.title}
                {i.points === null ? ' (needs an estimate)' : ` (${i.points} points)`}
              </label>
            ))}
          </fieldset>
          <div className="ledger-grid">
            <div className="field">
              <label htmlFor={`${id}-cap`} className="field-label">
                Sprint capacity (points)
              </label>
              <input
                id={`${id}-cap`}
                className="input"
                type="number"
                min={1}
                value={capacity}
                onChange={(e) => setCapacity(e.target.value)}
                aria-describedby={`${id}-cap-help`}
              />
              <p id={`${id}-cap-help`} className="field-help">
                Less than the {total} points chosen, so something has to give.
              </p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-m`} className="field-label">
                Score with
              </label>
              <select id={`${id}-m`} className="select" value={method} onChange={(e) => setMethod(e.target.value as Method | '')}>
                <option value="">the team's method</option>
                <option value="rice">RICE</option>
                <option value="ice">ICE</option>
                <option value="wsjf">WSJF</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-r`} className="field-label">
                Third role
              </label>
              <select
                id={`${id}-r`}
                className="select"
                value={thirdRole}
                onChange={(e) => setThirdRole(e.target.value as typeof thirdRole)}
              >
                <option value="support">Support lead</option>
                <option value="design">Product designer</option>
                <option value="sales">Account executive</option>
              </select>
            </div>
          </div>
          <ActionError message={error} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Writing the quest…' : 'Write the practice quest'}
          </button>
        </form>
        <div aria-live="polite">
          {quest && (
            <section className="card" aria-label="The practice quest">
              <h3>Quest ready: {quest.scenarioId}</h3>
              <p>
                Each play draws whether the top feature's estimate holds, which risk shows early signs and whether the customer's
                date is flexible, so the best plan changes from one rehearsal to the next.
              </p>
              <p>Start it to open the lobby: invite the team with its link, and let bots take any seat nobody fills.</p>
              <ActionError message={startError} />
              <div className="row">
                <button type="button" className="btn btn-primary" onClick={startQuest} disabled={starting}>
                  {starting ? 'Starting the quest…' : 'Start this practice quest'}
                </button>
                {downloadUrl && (
                  <a className="btn btn-secondary" href={downloadUrl} download={`${quest.scenarioId}.yaml`}>
                    Download the quest file
                  </a>
                )}
              </div>
              <details>
                <summary>Show the quest file</summary>
                <pre className="ledger-yaml">{quest.yaml}</pre>
              </details>
            </section>
          )}
        </div>
      </section>
    </div>
  );
}
