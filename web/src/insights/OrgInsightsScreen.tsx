// The organisation dashboard for its admins: one measure at a time, for the organisation and each group and team, as
// published (withheld where a unit is too small, or where showing it would let a smaller one be worked out). Units
// are listed by name, never ordered by a figure: this is not a ranking, and each team is best read on its own page.
import { useCallback, useEffect, useId, useState } from 'react';
import { SignedInOnly } from '../accounts/SignedInOnly.tsx';
import { useLoad } from '../accounts/use-load.ts';
import type { OrgDashboard, PublishedUnit } from '../api/insights.ts';
import { insightsApi } from '../api/insights.ts';
import { Link, organisationPath, teamInsightsPath } from '../app/router.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { betterText, figureText, monthsText, withheldText } from './insights-words.ts';
import './insights.css';

export function OrgInsightsScreen({ orgId }: { orgId: string }) {
  return <SignedInOnly>{() => <OrgInsights orgId={orgId} />}</SignedInOnly>;
}

function OrgInsights({ orgId }: { orgId: string }) {
  const dashboard = useLoad(useCallback(() => insightsApi.organisation(orgId), [orgId]));
  useEffect(() => {
    document.title = 'Organisation insights · Polarity';
  }, []);
  if (dashboard.error) {
    return (
      <div className="page narrow">
        <h1>Organisation insights</h1>
        <ErrorState
          title={
            dashboard.error.status === 403
              ? 'Organisation insights are for its admins'
              : 'The organisation’s insights could not be opened'
          }
          message={dashboard.error.message}
          onRetry={dashboard.error.status >= 500 || dashboard.error.status === 0 ? dashboard.reload : undefined}
        >
          <Link href={organisationPath(orgId)} className="btn btn-secondary">
            Back to the organisation
          </Link>
        </ErrorState>
      </div>
    );
  }
  if (!dashboard.data) return <Loading label="Reading the organisation’s insights…" />;
  return <Dashboard d={dashboard.data} orgId={orgId} />;
}

function Dashboard({ d, orgId }: { d: OrgDashboard; orgId: string }) {
  const selectId = useId();
  const [metricId, setMetricId] = useState(d.metrics[0]?.id ?? '');
  const metric = d.metrics.find((m) => m.id === metricId) ?? d.metrics[0];
  const org = d.units.find((u) => u.level === 'organisation');
  const others = d.units.filter((u) => u.level !== 'organisation');
  return (
    <div className="page insights">
      <div className="page-head">
        <p className="eyebrow">Organisation insights</p>
        <h1>{org?.name ?? 'Organisation'}</h1>
        <p className="lede">
          How teams talk and decide in quests, {monthsText(`${d.window.from}..${d.window.to}`)}. Only groups of at least{' '}
          {d.thresholds.minPeople} consenting people are shown.
        </p>
        <Link href={organisationPath(orgId)} className="btn btn-secondary btn-small">
          Teams and people
        </Link>
      </div>
      {org && org.groupSize.kind !== 'group_size' && (
        <p className="notice insight-threshold" role="status">
          <strong>Not enough people yet.</strong> Insights need at least {d.thresholds.minPeople} consenting people who played
          quests in these months; nothing can be shown until then.
        </p>
      )}
      <section className="insights-section" aria-labelledby="units-title">
        <h2 id="units-title">One measure across the organisation</h2>
        <div className="field">
          <label className="field-label" htmlFor={selectId}>
            Measure
          </label>
          <select id={selectId} className="select" value={metric?.id} onChange={(e) => setMetricId(e.target.value)}>
            {d.metrics.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
                {m.heuristic ? ' (heuristic)' : ''}
              </option>
            ))}
          </select>
          {metric && <p className="field-help">{betterText(metric.better)}.</p>}
        </div>
        {metric && (
          <div className="table-scroll" aria-live="polite">
            <table className="insight-table">
              <caption>{metric.label}, by unit (listed by name)</caption>
              <thead>
                <tr>
                  <th scope="col">Unit</th>
                  <th scope="col">Quests</th>
                  <th scope="col">{metric.label}</th>
                </tr>
              </thead>
              <tbody>
                {[...(org ? [org] : []), ...others].map((u) => (
                  <UnitRow key={u.id} u={u} d={d} metricId={metric.id} heuristic={metric.heuristic} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {others.length === 0 && <Empty>This organisation has no teams yet.</Empty>}
      </section>
      <section className="insights-section" aria-labelledby="org-notes-title">
        <h2 id="org-notes-title">How to read this page</h2>
        <ul className="plain-list insight-notes">
          {d.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function UnitRow({ u, d, metricId, heuristic }: { u: PublishedUnit; d: OrgDashboard; metricId: string; heuristic: boolean }) {
  const f = u.figures[metricId];
  const level = u.level === 'organisation' ? 'whole organisation' : u.level;
  return (
    <tr>
      <th scope="row">
        {u.level === 'team' ? <Link href={teamInsightsPath(u.id)}>{u.name}</Link> : u.name}{' '}
        <span className="muted">({level})</span>
      </th>
      <td className="num">{u.quests.kind === 'count' ? `about ${u.quests.about}` : '–'}</td>
      <td>
        {!f ? (
          '–'
        ) : f.kind === 'withheld' ? (
          <span className="insight-withheld">{withheldText(f.reason, d.thresholds, heuristic)}</span>
        ) : (
          figureText(f)
        )}
      </td>
    </tr>
  );
}
