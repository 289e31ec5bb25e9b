// A person's own insights: their XP, level and badges, their clearest strengths, each of their measures over time
// against their own past (never against anyone else), their quest history, and the one control that lets a team's
// leads see their strengths highlight, or stops it. Leads and admins also find their insights pages from here.
import { useCallback, useEffect, useState } from 'react';
import { SignedInOnly } from '../accounts/SignedInOnly.tsx';
import { reasonOf, useLoad } from '../accounts/use-load.ts';
import type { Me } from '../api/accounts.ts';
import { accountsApi } from '../api/accounts.ts';
import type { OwnSeries, PersonalInsights, SharingChoice } from '../api/insights.ts';
import { insightsApi } from '../api/insights.ts';
import { Link, orgInsightsPath, teamInsightsPath } from '../app/router.tsx';
import { ActionError } from '../ui/ActionError.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { dayText, ownValueText, VERDICT_TITLES } from './insights-words.ts';
import { SmallLineChart } from './SmallLineChart.tsx';
import './insights.css';

export function MyInsightsScreen() {
  return <SignedInOnly>{() => <MyInsights />}</SignedInOnly>;
}

function MyInsights() {
  const mine = useLoad(useCallback(() => insightsApi.mine(), []));
  const me = useLoad(useCallback(() => accountsApi.me(), []));
  useEffect(() => {
    document.title = 'Your insights · Polarity';
  }, []);
  if (mine.error) {
    return (
      <div className="page narrow">
        <h1>Your insights</h1>
        <ErrorState title="Your insights could not be opened" message={mine.error.message} onRetry={mine.reload} />
      </div>
    );
  }
  if (!mine.data) return <Loading label="Reading your insights…" />;
  const data = mine.data;
  // Beside the strengths it would share; with no quests yet, at the end.
  const sharing = (
    <Sharing
      me={me.data}
      meError={me.error?.message ?? null}
      sharedWith={data.sharedWith}
      onChange={(sharedWith) => mine.set({ ...data, sharedWith })}
    />
  );
  return (
    <div className="page insights">
      <div className="page-head">
        <p className="eyebrow">Only you can see this page</p>
        <h1>Your insights</h1>
        <p className="lede">
          What you did in {data.quests === 1 ? 'your one quest' : `your ${data.quests} quests`}, each measure against your own
          past and nobody else’s.
        </p>
      </div>
      {me.data && <LeadLinks me={me.data} />}
      {data.quests === 0 ? (
        <section className="insights-section" aria-labelledby="none-yet-title">
          <h2 id="none-yet-title">No quests yet</h2>
          <p>
            Your insights start with your first finished quest played while signed in and taking part. You can check whether you
            take part on <Link href="/me">My data</Link>.
          </p>
        </section>
      ) : (
        <>
          <Xp data={data} />
          {sharing}
          <Measures data={data} />
          <History data={data} />
        </>
      )}
      {data.quests === 0 && sharing}
    </div>
  );
}

/** Pages this person may open as a lead or an admin. */
function LeadLinks({ me }: { me: Me }) {
  const led = me.memberships.flatMap((m) => m.teams.filter((t) => t.role === 'lead'));
  const admin = me.memberships.filter((m) => m.role === 'admin');
  if (led.length === 0 && admin.length === 0) return null;
  return (
    <nav className="insight-lead-links" aria-label="Insights you can open as a lead or admin">
      <p className="muted">As a lead or admin you can also read, as totals over groups only:</p>
      <ul className="chips">
        {led.map((t) => (
          <li key={t.id}>
            <Link href={teamInsightsPath(t.id)} className="chip">
              {t.name}: team insights
            </Link>
          </li>
        ))}
        {admin.map((m) => (
          <li key={m.organisation.id}>
            <Link href={orgInsightsPath(m.organisation.id)} className="chip">
              {m.organisation.name}: organisation insights
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Xp({ data }: { data: PersonalInsights }) {
  const { xp, xpRules, strengths } = data;
  const earned = new Set(xp.badges.map((b) => b.id));
  const toEarn = xpRules.badges.filter((b) => !earned.has(b.id));
  const labelOf = (behaviour: string) => xpRules.behaviours.find((b) => b.id === behaviour)?.label ?? behaviour;
  return (
    <section className="insights-section" aria-labelledby="xp-title">
      <h2 id="xp-title">XP and badges</h2>
      <div className="insight-xp">
        <p className="insight-xp-total">
          <strong>{xp.total} XP</strong> <span className="muted">· level {xp.level}</span>
        </p>
        {xp.nextLevelAt !== null ? (
          <label className="insight-level">
            <span>
              {xp.nextLevelAt - xp.total} XP to level {xp.level + 1}
            </span>
            <progress max={xp.nextLevelAt} value={xp.total}>
              {xp.total} of {xp.nextLevelAt} XP
            </progress>
          </label>
        ) : (
          <p>You have reached the top level.</p>
        )}
      </div>
      <p className="muted">
        XP comes from the habits the trade-off framework teaches, capped in each quest so that a habit counts and repeating a move
        does not. Talking more earns nothing.
      </p>
      <h3>Your strengths lately</h3>
      {strengths.length > 0 ? (
        <ul className="insight-sentences">
          {strengths.map((s) => (
            <li key={s.behaviour}>
              {s.label}: in {s.quests} of your last {s.of} quests
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No habit shows up in two of your recent quests yet.</Empty>
      )}
      <h3>Badges</h3>
      {xp.badges.length > 0 ? (
        <ul className="insight-badges">
          {xp.badges.map((b) => (
            <li key={b.id} className="badge badge-success">
              {b.title} <span className="insight-badge-date">earned {dayText(b.earnedAt)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No badges yet.</Empty>
      )}
      {toEarn.length > 0 && (
        <details className="chart-table">
          <summary>Badges still to earn</summary>
          <ul className="plain-list">
            {toEarn.map((b) => {
              const h = xp.habits[b.behaviour] ?? { quests: 0, moves: 0 };
              const have = b.rule === 'quests' ? h.quests : h.moves;
              return (
                <li key={b.id}>
                  <strong>{b.title}</strong>: {labelOf(b.behaviour)}{' '}
                  {b.rule === 'quests' ? `in ${b.needed} quests` : `${b.needed} times`} (so far {have})
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
}

function domainOf(m: OwnSeries): [number, number] {
  if (m.unit === 'share') return [0, 1];
  const max = Math.max(...m.points.map((p) => p.value ?? 0), m.earlierMean ?? 0);
  return [0, Math.max(m.unit === 'ratio' ? 2 : 3, Math.ceil(max))];
}

function Measures({ data }: { data: PersonalInsights }) {
  const labels = data.measures[0]?.points.map((p) => dayText(p.endedAt)) ?? [];
  return (
    <section className="insights-section" aria-labelledby="measures-title">
      <h2 id="measures-title">Your measures over time</h2>
      <p className="insight-rule">
        <strong>How a change is told from noise:</strong> {data.rule}
      </p>
      <ul className="insight-measures">
        {data.measures.map((m) => (
          <li key={m.id} className={`card insight-verdict-${m.verdict}`}>
            <SmallLineChart
              title={m.label}
              labels={labels}
              points={m.points.map((p) => p.value)}
              domain={domainOf(m)}
              format={(v) => ownValueText(m.unit, v)}
              reference={m.earlierMean === null ? null : { value: m.earlierMean, label: 'your earlier average' }}
            />
            <p className="insight-measure-text">
              <span className="tag">{VERDICT_TITLES[m.verdict]}</span> {m.sentence}
            </p>
          </li>
        ))}
      </ul>
      <details className="chart-table">
        <summary>Show your measures as a table</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Your measures in each quest, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                {data.measures[0]?.points.map((p, i) => (
                  <th key={p.questId} scope="col">
                    {labels[i]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.measures.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.label}</th>
                  {m.points.map((p) => (
                    <td key={p.questId} className="num">
                      {ownValueText(m.unit, p.value)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

function History({ data }: { data: PersonalInsights }) {
  const labelOf = (id: string) => data.xpRules.behaviours.find((b) => b.id === id)?.label ?? id;
  const rows = [...data.xp.history].reverse();
  return (
    <section className="insights-section" aria-labelledby="history-title">
      <h2 id="history-title">Your quest history</h2>
      <div className="table-scroll">
        <table className="insight-table">
          <caption className="visually-hidden">XP earned in each of your quests, newest first</caption>
          <thead>
            <tr>
              <th scope="col" className="insight-nowrap">
                Quest ended
              </th>
              <th scope="col" className="insight-nowrap">
                XP
              </th>
              <th scope="col">Earned for</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => {
              const earned = Object.entries(h.byBehaviour)
                .filter(([, xp]) => xp > 0)
                .sort((a, b) => b[1] - a[1]);
              return (
                <tr key={h.questId}>
                  <th scope="row" className="insight-nowrap">
                    {dayText(h.endedAt)}
                  </th>
                  <td className="num insight-nowrap">{h.xp}</td>
                  <td>
                    {earned.length > 0
                      ? earned.map(([id, xp]) => `${labelOf(id)} (${xp})`).join(', ')
                      : 'No XP this time: ask a question, name a need or price a risk next quest.'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Sharing({
  me,
  meError,
  sharedWith,
  onChange,
}: {
  me: Me | null;
  meError: string | null;
  sharedWith: SharingChoice[];
  onChange(sharedWith: SharingChoice[]): void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const teams = me?.memberships.flatMap((m) => m.teams.map((t) => ({ ...t, org: m.organisation.name }))) ?? [];
  const change = async (team: { id: string; name: string }, share: boolean) => {
    setBusy(team.id);
    setError(null);
    try {
      const r = await insightsApi.share(team.id, share);
      onChange(r.sharedWith);
      setSaid(
        share
          ? `The leads of ${team.name} can now see your strengths highlight.`
          : `You stopped sharing with the leads of ${team.name}.`,
      );
    } catch (e) {
      setError(reasonOf(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="insights-section" aria-labelledby="sharing-title">
      <h2 id="sharing-title">Share your strengths with a lead</h2>
      <p>
        Team leads see only totals over groups of people, never you by name. If you like, a team’s leads can see your strengths
        highlight and badges with your name: not your measures, your XP or your history. You can stop at any time.
      </p>
      {meError && <p className="action-error">{meError}</p>}
      {!me && !meError && <Loading label="Loading your teams…" />}
      {me && teams.length === 0 && <Empty>You are not in a team yet, so there is no lead to share with.</Empty>}
      {teams.length > 0 && (
        <ul className="insight-sharing">
          {teams.map((t) => {
            const choice = sharedWith.find((s) => s.teamId === t.id);
            return (
              <li key={t.id} className="card">
                <p>
                  <strong>{t.name}</strong> <span className="muted">({t.org})</span>
                  <br />
                  {choice ? `Shared with its leads since ${dayText(choice.sharedAt)}.` : 'Not shared.'}
                </p>
                <button
                  type="button"
                  className={choice ? 'btn btn-secondary btn-small' : 'btn btn-primary btn-small'}
                  disabled={busy !== null}
                  onClick={() => void change(t, !choice)}
                >
                  {busy === t.id
                    ? 'Saving…'
                    : choice
                      ? `Stop sharing with ${t.name}`
                      : `Share my strengths with the leads of ${t.name}`}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ActionError message={error} />
      <p role="status" aria-live="polite" className="muted">
        {said}
      </p>
    </section>
  );
}
