// One measure in a kind of moment against the rest of the discussion, as two bars. Drawn only when both sides were
// published; the bars carry the same words and numbers as the table, and the whole is one image with a text
// alternative.
import { useId } from 'react';
import type { MomentComparison } from '../api/insights.ts';
import { figureText } from './insights-words.ts';

const W = 320;
const ROW = 26;
/** Room right of the longest bar for its value in words. */
const VALUE_ROOM = 126;

function barValue(f: MomentComparison['inMoment']): number | null {
  if (f.kind === 'share') return f.percent;
  if (f.kind === 'rate') return f.perMinute;
  return null;
}

export function chartable(c: MomentComparison): boolean {
  return barValue(c.inMoment) !== null && barValue(c.rest) !== null && c.inMoment.kind === c.rest.kind;
}

export function MomentBars({ c, worse }: { c: MomentComparison; worse: boolean }) {
  const titleId = useId();
  const a = barValue(c.inMoment) ?? 0;
  const b = barValue(c.rest) ?? 0;
  const max = c.inMoment.kind === 'share' ? 100 : Math.max(a, b, 1) * 1.15;
  const width = (v: number) => Math.max(2, (v / max) * (W - VALUE_ROOM));
  const title = `${c.measure}: ${figureText(c.inMoment)} ${c.moment}, against ${figureText(c.rest)} ${c.otherwise}`;
  const rows = [
    { label: c.moment.replace(/^(in |while )/, ''), value: a, text: figureText(c.inMoment), className: 'insight-bar-moment' },
    { label: c.otherwise, value: b, text: figureText(c.rest), className: 'insight-bar-rest' },
  ];
  return (
    <figure className={`insight-chart${worse ? ' insight-chart-worse' : ''}`}>
      <figcaption className="insight-chart-title">
        {c.measure}
        {worse && <span className="tag">strains here</span>}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${rows.length * ROW * 2}`} role="img" aria-labelledby={titleId} className="insight-chart-svg">
        <title id={titleId}>{title}</title>
        {rows.map((r, i) => (
          <g key={r.label} transform={`translate(0 ${i * ROW * 2})`}>
            <text x={0} y={14} className="axis-label">
              {r.label}
            </text>
            <rect x={0} y={20} width={width(r.value)} height={ROW - 8} rx={3} className={r.className} />
            <text x={width(r.value) + 6} y={33} className="axis-label">
              {r.text}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
