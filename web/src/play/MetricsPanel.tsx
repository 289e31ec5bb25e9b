// The state of the world: six metrics and the scenario's visible variables, with how far each has moved since
// the scene began (in words as well as arrows, so colour is never the only signal).
import type { MetricId, QuestView } from '../../../engine/index.ts';
import { formatDelta, formatMetric, METRIC_INFO, METRIC_ORDER } from './vocabulary.ts';

export function metricBaseline(view: QuestView): Record<MetricId, number> | null {
  const scene = view.scene?.index;
  const points = view.history.filter((p) => p.scene === scene && p.label !== 'end');
  return (points[points.length - 1] ?? view.history[view.history.length - 1])?.metrics ?? null;
}

export function MetricsPanel({ view }: { view: QuestView }) {
  const base = metricBaseline(view);
  return (
    <section className="card metrics" aria-labelledby="metrics-title">
      <h2 id="metrics-title" className="card-title">
        The world <span className="count">change this scene</span>
      </h2>
      <ul className="metric-list">
        {METRIC_ORDER.map((id) => {
          const value = view.metrics[id];
          const delta = base ? Math.round((value - base[id]) * 100) / 100 : 0;
          const info = METRIC_INFO[id];
          return (
            <li key={id} className="metric">
              <span className="metric-label">{info.label}</span>
              <span className="metric-value">{formatMetric(id, value)}</span>
              <Delta id={id} delta={delta} />
              {!info.money && (
                <span className="metric-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {view.vars.length > 0 && (
        <ul className="var-list">
          {view.vars.map((v) => (
            <li key={v.id}>
              <span>{v.label}</span>
              <strong>{v.value}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Delta({ id, delta }: { id: MetricId; delta: number }) {
  if (delta === 0) {
    return (
      <span className="delta delta-flat">
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">unchanged this scene</span>
      </span>
    );
  }
  const up = delta > 0;
  return (
    <span className={`delta ${up ? 'delta-up' : 'delta-down'}`}>
      <span aria-hidden="true">{up ? '▲' : '▼'}</span> {formatDelta(id, delta)}
      <span className="visually-hidden"> this scene</span>
    </span>
  );
}
