// Metrics over the quest, drawn as SVG from view.history at the width it is shown (so labels stay legible on a
// phone and on a wide screen): the five 0–100 metrics on one chart, revenue on its own because it lives on a
// different scale. Lines differ by dash as well as colour, and a table holds the same numbers.
import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import type { MetricId, MetricPoint } from '../../../engine/index.ts';
import { formatMetric, formatMoney, METRIC_INFO } from '../play/vocabulary.ts';

const SERIES: { id: Exclude<MetricId, 'mrr'>; color: string; dash: string }[] = [
  { id: 'stability', color: '#1f5f8b', dash: '' },
  { id: 'customer_trust', color: '#a8501a', dash: '7 4' },
  { id: 'morale', color: '#2b7a4b', dash: '2 4' },
  { id: 'pace', color: '#6f4a9e', dash: '10 4 2 4' },
  { id: 'pm_eng_trust', color: '#a3324a', dash: '4 3' },
];
const ALL: MetricId[] = ['stability', 'customer_trust', 'morale', 'pace', 'pm_eng_trust', 'mrr'];
const PAD = { left: 34, right: 12, top: 12, bottom: 30 };

export function pointLabel(p: MetricPoint, i: number, short = false): string {
  if (p.label === 'end') return 'End';
  if (i === 0) return 'Start';
  return short ? `S${p.scene + 1}` : `Scene ${p.scene + 1}`;
}

function useWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(260, Math.round(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function MetricsChart({ history }: { history: MetricPoint[] }) {
  const titleId = useId();
  const descId = useId();
  const box = useRef<HTMLDivElement>(null);
  const W = useWidth(box, 640);
  if (history.length < 2) return <p className="empty">Not enough history to draw: the quest ended before a second scene.</p>;
  const H = Math.round(Math.min(300, Math.max(200, W * 0.38)));
  const n = history.length;
  const x = (i: number) => PAD.left + (n <= 1 ? 0 : (i / (n - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - v / 100) * (H - PAD.top - PAD.bottom);
  const short = (W - PAD.left - PAD.right) / Math.max(1, n - 1) < 64;
  const first = history[0] as MetricPoint;
  const last = history[n - 1] as MetricPoint;
  return (
    <div className="chart" ref={box}>
      <svg
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="chart-svg"
      >
        <title id={titleId}>Team metrics over the quest, 0 to 100</title>
        <desc id={descId}>
          {SERIES.map(
            (s) => `${METRIC_INFO[s.id].label} went from ${Math.round(first.metrics[s.id])} to ${Math.round(last.metrics[s.id])}`,
          ).join('; ')}
          .
        </desc>
        {[0, 25, 50, 75, 100].map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid-line" />
            <text x={PAD.left - 8} y={y(t) + 4} className="axis-label" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {history.map((p, i) => (
          <text
            key={`${p.at}-${p.label}`}
            x={x(i)}
            y={H - 8}
            className="axis-label"
            textAnchor={i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}
          >
            {pointLabel(p, i, short)}
          </text>
        ))}
        {SERIES.map((s) => (
          <g key={s.id}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth={2.5}
              strokeDasharray={s.dash || undefined}
              strokeLinejoin="round"
              strokeLinecap="round"
              points={history.map((p, i) => `${x(i)},${y(p.metrics[s.id])}`).join(' ')}
            />
            {history.map((p, i) => (
              <circle key={`${s.id}-${p.at}-${p.label}`} cx={x(i)} cy={y(p.metrics[s.id])} r={3.5} fill={s.color} />
            ))}
          </g>
        ))}
      </svg>
      <ul className="legend">
        {SERIES.map((s) => {
          const delta = Math.round(last.metrics[s.id] - first.metrics[s.id]);
          return (
            <li key={s.id}>
              <svg width="28" height="10" aria-hidden="true" focusable="false">
                <line x1="1" x2="27" y1="5" y2="5" stroke={s.color} strokeWidth="3" strokeDasharray={s.dash || undefined} />
              </svg>
              <span>{METRIC_INFO[s.id].label}</span>
              <strong>
                {Math.round(last.metrics[s.id])}{' '}
                <span className="muted">
                  ({delta >= 0 ? '+' : '−'}
                  {Math.abs(delta)})
                </span>
              </strong>
            </li>
          );
        })}
      </ul>
      <Revenue history={history} width={W} x={x} />
      <details className="chart-table">
        <summary>Show the numbers as a table</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {history.map((p, i) => (
                  <th key={`${p.at}-${p.label}`} scope="col">
                    {pointLabel(p, i)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ALL.map((id) => (
                <tr key={id}>
                  <th scope="row">{METRIC_INFO[id].label}</th>
                  {history.map((p) => (
                    <td key={`${p.at}-${p.label}`} className="num">
                      {formatMetric(id, p.metrics[id])}
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

/** Revenue on its own axis, drawn only when it moved: a flat line says less than the caption does. */
function Revenue({ history, width, x }: { history: MetricPoint[]; width: number; x: (i: number) => number }) {
  const values = history.map((p) => p.metrics.mrr);
  const first = values[0] ?? 0;
  const last = values[values.length - 1] ?? 0;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const h = 64;
  const y = (v: number) => 8 + (1 - (v - min) / (max - min || 1)) * (h - 16);
  return (
    <figure className="revenue">
      <figcaption>
        Monthly recurring revenue: {formatMoney(first)} → <strong>{formatMoney(last)}</strong>
        {last === first ? ' (unchanged)' : ` (${last > first ? '+' : '−'}${formatMoney(Math.abs(last - first))})`}
      </figcaption>
      {max > min && (
        <svg width={width} height={h} viewBox={`0 0 ${width} ${h}`} className="revenue-svg" aria-hidden="true" focusable="false">
          <polyline
            fill="none"
            stroke="#22506e"
            strokeWidth={2.5}
            strokeLinejoin="round"
            points={values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
          {history.map((p, i) => (
            <circle key={`${p.at}-${p.label}`} cx={x(i)} cy={y(p.metrics.mrr)} r={3.5} fill="#22506e" />
          ))}
        </svg>
      )}
    </figure>
  );
}
