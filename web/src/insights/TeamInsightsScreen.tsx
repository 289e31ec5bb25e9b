// A team lead's page: where communication breaks down, who steps up when priorities conflict (as strengths, with a
// name only when that person chose to share), which dynamics are strengthening or fraying by a stated rule, and the
// team's figures at a glance. Everything is compared with the team's own past; nothing here ranks teams or people,
// and the page shows exactly what the server published, explaining every figure it withheld.
import { useCallback, useEffect } from 'react';
import { SignedInOnly } from '../accounts/SignedInOnly.tsx';
import { useLoad } from '../accounts/use-load.ts';
import type { ChartSeries, Figure, HeadlineItem, LeadReport, MomentComparison, Thresholds } from '../api/insights.ts';
import { insightsApi } from '../api/insights.ts';
import { Link, myInsightsPath } from '../app/router.tsx';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { betterText, figureOrReason, figureText, monthsText, scopeText, VERDICT_TITLES, withheldText } from './insights-words.ts';
import { chartable, MomentBars } from './MomentBars.tsx';
import { SmallLineChart } from './SmallLineChart.tsx';
import './insights.css';

export function TeamInsightsScreen({ teamId }: { teamId: string }) {
  return <SignedInOnly>{() => <TeamInsights teamId={teamId} />}</SignedInOnly>;
}

function TeamInsights({ teamId }: { teamId: string }) {
  const report = useLoad(useCallback(() => insightsApi.team(teamId), [teamId]));
  const name = report.data?.team.name;
  useEffect(() => {
    document.title = name ? `${name}: team insights · Polarity` : 'Team insights · Polarity';
  }, [name]);
  if (report.error?.status === 403) return <NotOpenToYou message={report.error.message} />;
  if (report.error) {
    return (
      <div className="page narrow">
        <h1>Team insights</h1>
        <ErrorState
          title="The team’s insights could not be opened"
          message={report.error.message}
          onRetry={report.error.status >= 500 || report.error.status === 0 ? report.reload : undefined}
        >
          <Link href={myInsightsPath} className="btn btn-secondary">
            My insights
          </Link>
        </ErrorState>
      </div>
    );
  }
  if (!report.data) return <Loading label="Reading the team’s insights…" />;
  return <Report r={report.data} />;
}

/**
 * A refusal is an answer, not a failure: the server says why (this team's leads and the admins only, or the
 * organisation's admins chose to show team insights to admins only), and nothing here suggests trying again.
 */
function NotOpenToYou({ message }: { message: string }) {
  return (
    <div className="page narrow">
      <h1>Team insights</h1>
      <div className="state" role="status">
        <h2>This team’s insights are not open to you</h2>
        <p>{message}</p>
        <p className="muted">Your own insights stay yours, whatever your organisation chose.</p>
        <div className="row">
          <Link href={myInsightsPath} className="btn btn-secondary">
            My insights
          </Link>
        </div>
      </div>
    </div>
  );
}

function Report({ r }: { r: LeadReport }) {
  const teamShown = r.groupSize.kind === 'group_size';
  const anything = r.headline.some((h) => h.figure.kind !== 'withheld');
  return (
    <div className="page insights">
      <div className="page-head">
        <p className="eyebrow">Team insights</p>
        <h1>{r.team.name}</h1>
        <p className="lede">
          How this team talks and decides in quests, {monthsText(`${r.window.from}..${r.window.to}`)}, compared only with its own
          past.
        </p>
      </div>
      {!teamShown && <SmallTeamNotice r={r} anything={anything} />}
      <Breakdowns r={r} />
      <StepsUp r={r} teamShown={teamShown} />
      <Dynamics r={r} />
      <Glance items={r.headline} thresholds={r.thresholds} />
      <section className="insights-section" aria-labelledby="notes-title">
        <h2 id="notes-title">How to read this page</h2>
        <ul className="plain-list insight-notes">
          {r.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
          <li>
            Each person’s own figures are theirs alone. Someone who wants you to see their strengths can share them from their own
            insights page.
          </li>
        </ul>
      </section>
    </div>
  );
}

function SmallTeamNotice({ r, anything }: { r: LeadReport; anything: boolean }) {
  const pooled = r.headline.find((h) => h.figure.kind !== 'withheld' && h.scope.level !== 'team');
  return (
    <div className="notice insight-threshold" role="status">
      <p>
        <strong>Not enough people yet.</strong> This team’s own figures need at least {r.thresholds.minPeople} consenting people
        who played quests between {monthsText(r.window.from)} and {monthsText(r.window.to)} ({r.thresholds.minPeopleFreeText} for
        figures read from free text).
      </p>
      <p>
        {pooled
          ? `Where a figure appears below, it is pooled across ${pooled.scope.name}.`
          : anything
            ? 'Some figures below are pooled with a larger group.'
            : 'Nothing can be shown yet. Once more people take part and play, this page fills in.'}
      </p>
    </div>
  );
}

function Breakdowns({ r }: { r: LeadReport }) {
  const { sentences, comparisons } = r.breakdowns;
  return (
    <section className="insights-section" aria-labelledby="breakdowns-title">
      <h2 id="breakdowns-title">Where communication breaks down</h2>
      <p className="muted">
        The same measures in two kinds of moment: the last minute before a deadline against the rest of the discussion, and while
        a decision is contested against when nothing is. A moment is named when it is worse by at least the smallest change worth
        noticing.
      </p>
      {sentences.length > 0 ? (
        <ul className="insight-sentences">
          {sentences.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : (
        <Empty>
          {comparisons.some((c) => c.inMoment.kind !== 'withheld' && c.rest.kind !== 'withheld')
            ? 'No kind of moment stands out: communication holds up about as well under pressure as otherwise.'
            : 'There is not enough to compare moments yet.'}
        </Empty>
      )}
      {comparisons.some(chartable) && (
        <>
          <h3>Each measure, in the moment and otherwise</h3>
          <div className="insight-chart-grid">
            {comparisons.filter(chartable).map((c) => (
              <MomentBars
                key={`${c.measure}|${c.moment}`}
                c={c}
                worse={sentences.some((s) => s.includes(c.moment) && s.includes(c.measure))}
              />
            ))}
          </div>
        </>
      )}
      {comparisons.length > 0 && (
        <details className="chart-table">
          <summary>Show every comparison as a table</summary>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Each measure in a kind of moment against the rest</caption>
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  <th scope="col">In the moment</th>
                  <th scope="col">Otherwise</th>
                  <th scope="col">Figures from</th>
                </tr>
              </thead>
              <tbody>
                {comparisons.map((c) => (
                  <ComparisonRow key={`${c.measure}|${c.moment}`} c={c} thresholds={r.thresholds} />
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

function ComparisonRow({ c, thresholds }: { c: MomentComparison; thresholds: Thresholds }) {
  return (
    <tr>
      <th scope="row">
        {c.measure} {c.moment}
      </th>
      <td>{figureOrReason(c.inMoment, thresholds)}</td>
      <td>
        {figureOrReason(c.rest, thresholds)} <span className="muted">({c.otherwise})</span>
      </td>
      <td>{scopeText(c.scope)}</td>
    </tr>
  );
}

function StepsUp({ r, teamShown }: { r: LeadReport; teamShown: boolean }) {
  return (
    <section className="insights-section" aria-labelledby="steps-up-title">
      <h2 id="steps-up-title">Who steps up when priorities conflict</h2>
      <p className="muted">Strengths seen on this team, without names: these are habits to build on, not scores.</p>
      {r.stepsUp.length > 0 ? (
        <ul className="insight-sentences insight-strengths">
          {r.stepsUp.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : (
        <Empty>
          {teamShown
            ? 'No habit shows up often enough yet to describe without pointing at someone.'
            : `Strengths are described once this team has at least ${r.thresholds.minPeople} consenting people.`}
        </Empty>
      )}
      <h3>Shared with you by name</h3>
      {r.sharedStrengths.length > 0 ? (
        <ul className="insight-shared">
          {r.sharedStrengths.map((s) => (
            <li key={s.name} className="card">
              <p className="card-title">{s.name}</p>
              {s.highlights.length > 0 ? (
                <ul className="plain-list">
                  {s.highlights.map((h) => (
                    <li key={h}>{h}</li>
                  ))}
                </ul>
              ) : (
                <p className="muted">No strength stands out in their recent quests yet.</p>
              )}
              {s.badges.length > 0 && (
                <p className="chips">
                  {s.badges.map((b) => (
                    <span key={b} className="chip">
                      {b}
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No strengths have been shared with you by name. Sharing is each person’s own choice.</Empty>
      )}
    </section>
  );
}

function Dynamics({ r }: { r: LeadReport }) {
  const order = ['fraying', 'strengthening', 'rising', 'falling', 'steady', 'not_enough_history'] as const;
  const byVerdict = order
    .map((v) => ({ verdict: v, items: r.dynamics.items.filter((i) => i.verdict === v) }))
    .filter((g) => g.items.length > 0);
  return (
    <section className="insights-section" aria-labelledby="dynamics-title">
      <h2 id="dynamics-title">Strengthening or fraying</h2>
      <p className="insight-rule">
        <strong>The rule that separates change from noise:</strong> {r.dynamics.rule}
      </p>
      {byVerdict.length === 0 ? (
        <Empty>There are no trends to read yet.</Empty>
      ) : (
        <div className="insight-verdicts">
          {byVerdict.map((g) => (
            <div key={g.verdict} className={`insight-verdict insight-verdict-${g.verdict}`}>
              <h3>{VERDICT_TITLES[g.verdict]}</h3>
              <ul className="plain-list">
                {g.items.map((i) => (
                  <li key={i.metric}>{i.sentence}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
      {r.dynamics.chart && r.dynamics.chart.series.length > 0 ? (
        <TeamCharts periods={r.dynamics.chart.periods} series={r.dynamics.chart.series} headline={r.headline} />
      ) : (
        <p className="muted">
          A chart over time appears when the team alone has at least {r.thresholds.minPeople} consenting people in each period.
        </p>
      )}
    </section>
  );
}

function domainOf(kind: Figure['kind'] | undefined, points: (number | null)[]): [number, number] {
  if (kind === 'share') return [0, 100];
  if (kind === 'index') return [0, 1];
  const max = Math.max(1, ...points.filter((p): p is number => p !== null));
  return [0, Math.ceil(max * 1.2)];
}

function formatFor(kind: Figure['kind'] | undefined): (v: number) => string {
  if (kind === 'share') return (v) => `${Math.round(v)}%`;
  if (kind === 'index') return (v) => v.toFixed(2);
  if (kind === 'duration') return (v) => `${Math.round(v)} s`;
  return (v) => (Math.round(v * 10) / 10).toString();
}

function TeamCharts({ periods, series, headline }: { periods: string[]; series: ChartSeries[]; headline: HeadlineItem[] }) {
  const labels = periods.map(monthsText);
  const kindOf = (metric: string) => headline.find((h) => h.metric === metric)?.figure.kind;
  return (
    <div className="insight-over-time">
      <h3>Over time, this team against itself</h3>
      <p className="muted">Periods are merged until each holds enough people; a gap means too few took part then.</p>
      <div className="insight-chart-grid">
        {series.map((s) => (
          <SmallLineChart
            key={s.metric}
            title={s.label}
            labels={labels}
            points={s.points}
            domain={domainOf(kindOf(s.metric), s.points)}
            format={formatFor(kindOf(s.metric))}
          />
        ))}
      </div>
      <details className="chart-table">
        <summary>Show the numbers as a table</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">This team’s figures per period</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                {labels.map((l) => (
                  <th key={l} scope="col">
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.metric}>
                  <th scope="row">{s.label}</th>
                  {s.points.map((p, i) => (
                    <td key={labels[i]} className="num">
                      {p === null ? 'not shown' : formatFor(kindOf(s.metric))(p)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

function Glance({ items, thresholds }: { items: HeadlineItem[]; thresholds: Thresholds }) {
  return (
    <section className="insights-section" aria-labelledby="glance-title">
      <h2 id="glance-title">The team at a glance</h2>
      <div className="table-scroll">
        <table className="insight-table">
          <caption className="visually-hidden">Every measure over the window, as published for leads</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Over the window</th>
              <th scope="col">Figures from</th>
            </tr>
          </thead>
          <tbody>
            {items.map((h) => (
              <tr key={h.metric}>
                <th scope="row">
                  {h.label}
                  <span className="insight-hint">
                    {betterText(h.better)}
                    {h.heuristic && (
                      <>
                        {' '}
                        <span className="tag">heuristic</span>
                      </>
                    )}
                  </span>
                </th>
                <td>
                  {h.figure.kind === 'withheld' ? (
                    <span className="insight-withheld">{withheldText(h.figure.reason, thresholds, h.heuristic)}</span>
                  ) : (
                    figureText(h.figure)
                  )}
                </td>
                <td>{h.figure.kind === 'withheld' ? '–' : scopeText(h.scope)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
