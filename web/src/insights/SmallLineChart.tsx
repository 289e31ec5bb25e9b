// One measure over time as a small SVG line chart. It scales with its box (no sideways scrolling on a phone), breaks
// the line where a point is missing rather than drawing it as zero, and names every point in its text alternative;
// pages put the same numbers in a table beside it. Grid lines sit at the quarters, so no axis reads 0% or 100%.
import { useId } from 'react';

export interface SmallLineChartProps {
  title: string;
  /** One label per point, oldest first. */
  labels: string[];
  points: (number | null)[];
  domain: [number, number];
  format(value: number): string;
  /** A dashed reference line, e.g. the earlier average. */
  reference?: { value: number; label: string } | null;
}

const W = 320;
const H = 140;
const PAD = { left: 40, right: 12, top: 12, bottom: 26 };

export function SmallLineChart({ title, labels, points, domain, format, reference }: SmallLineChartProps) {
  const titleId = useId();
  const descId = useId();
  const [lo, hi] = domain[1] > domain[0] ? domain : [domain[0], domain[0] + 1];
  const n = points.length;
  const x = (i: number) => PAD.left + (n <= 1 ? (W - PAD.left - PAD.right) / 2 : (i / (n - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  // Consecutive known points form one segment; a missing point breaks the line.
  const segments: { i: number; v: number }[][] = [];
  let current: { i: number; v: number }[] = [];
  points.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push({ i, v });
  });
  if (current.length) segments.push(current);
  const known = points.filter((v): v is number => v !== null).length;
  const description =
    known === 0
      ? 'No values to draw yet.'
      : points.map((v, i) => `${labels[i] ?? ''}: ${v === null ? 'not shown' : format(v)}`).join('; ') +
        (reference ? `. ${reference.label}: ${format(reference.value)}.` : '.');
  const first = labels[0] ?? '';
  const last = labels[n - 1] ?? '';
  return (
    <figure className="insight-chart">
      <figcaption className="insight-chart-title">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="insight-chart-svg">
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {[0.25, 0.5, 0.75]
          .map((q) => lo + q * (hi - lo))
          .map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid-line" />
              <text x={PAD.left - 6} y={y(t) + 4} className="axis-label" textAnchor="end">
                {format(t)}
              </text>
            </g>
          ))}
        <text x={PAD.left} y={H - 6} className="axis-label" textAnchor="start">
          {first}
        </text>
        {n > 1 && (
          <text x={W - PAD.right} y={H - 6} className="axis-label" textAnchor="end">
            {last}
          </text>
        )}
        {reference && (
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(reference.value)}
            y2={y(reference.value)}
            className="insight-reference"
            strokeDasharray="5 4"
          />
        )}
        {segments.map((s) => (
          <polyline
            key={s[0]?.i}
            fill="none"
            className="insight-line"
            strokeWidth={2.5}
            strokeLinejoin="round"
            strokeLinecap="round"
            points={s.map((p) => `${x(p.i)},${y(p.v)}`).join(' ')}
          />
        ))}
        {segments.flat().map((p) => (
          <circle key={p.i} cx={x(p.i)} cy={y(p.v)} r={3.5} className="insight-point" />
        ))}
      </svg>
    </figure>
  );
}
