// The score's history as a small inline SVG line chart (no chart library: two series on the same
// 0–100 scale), with a legend, a spoken summary and the numbers as a table for anyone who cannot
// read the lines.
import { useRef } from 'react';
import { formatDate, formatNumber, WORDING, type ChartPoint } from '../model/index.ts';
import { useWidth } from './hooks.ts';
import { WEB_WORDING } from './wording.ts';

const HEIGHT = 200;
const PAD = { left: 34, right: 14, top: 12, bottom: 30 };
const TICKS = [0, 25, 50, 75, 100];

interface Series {
  name: string;
  /** Backfilled on the first compute: drawn hollow and dotted, in the colour of its observed twin. */
  reconstructed: boolean;
  /** The colour slot (0 score, 1 chance of renewing), shared by a series and its reconstructed twin. */
  slot: number;
  points: Array<{ date: string; at: number; value: number }>;
}

/** Points per series, one per day: the model lists them oldest first, so a day's last one is its latest. */
function seriesOf(points: readonly ChartPoint[]): Series[] {
  const byName = new Map<string, { reconstructed: boolean; days: Map<string, number> }>();
  for (const p of points) {
    const entry = byName.get(p.series) ?? { reconstructed: p.reconstructed === true, days: new Map<string, number>() };
    entry.days.set(p.date, p.value);
    byName.set(p.series, entry);
  }
  const observed = [...byName].filter(([, e]) => !e.reconstructed).map(([name]) => name);
  const all = [...byName].map(([name, e]) => ({ name, reconstructed: e.reconstructed, points: [...e.days].map(([date, value]) => ({ date, at: Date.parse(date), value })).sort((a, b) => a.at - b.at) }));
  // Observed series first; a reconstructed one takes the slot of the observed series it continues.
  const slotOf = (s: { name: string; reconstructed: boolean }, i: number) => {
    if (!s.reconstructed) return observed.indexOf(s.name);
    const twin = observed.findIndex((o) => s.name.startsWith(o));
    return twin >= 0 ? twin : i;
  };
  return all.map((s, i) => ({ ...s, slot: slotOf(s, i) })).sort((a, b) => Number(a.reconstructed) - Number(b.reconstructed) || a.slot - b.slot);
}

export function HistoryChart({ points, title, locale }: { points: readonly ChartPoint[]; title: string; locale: string }) {
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(260, Math.round(useWidth(box)) || 600);
  const series = seriesOf(points);
  const times = series.flatMap((s) => s.points.map((p) => p.at));
  const minT = Math.min(...times);
  const maxT = Math.max(...times);
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (maxT === minT ? plotW / 2 : ((t - minT) / (maxT - minT)) * plotW);
  const y = (v: number) => PAD.top + plotH - (Math.min(100, Math.max(0, v)) / 100) * plotH;
  const day = (date: string) => formatDate(date, locale);
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const xLabels = width >= 480 && dates.length > 2 ? [dates[0]!, dates[Math.floor((dates.length - 1) / 2)]!, dates[dates.length - 1]!] : [dates[0]!, dates[dates.length - 1]!];
  const summary = series
    .filter((s) => s.points.length > 0)
    .map((s) => WEB_WORDING.chart.summary(s.name, formatNumber(s.points[0]!.value, 1, locale), formatNumber(s.points[s.points.length - 1]!.value, 1, locale), day(s.points[0]!.date), day(s.points[s.points.length - 1]!.date)))
    .join(' ');

  return (
    <figure className="chart" data-testid="history-chart">
      <ul className="legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className={`swatch series-${s.slot}${s.reconstructed ? ' reconstructed' : ''}`} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <div ref={box} className="chart-box">
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={`${title}. ${summary}`}>
          {TICKS.map((t) => (
            <g key={t}>
              <line className="grid" x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} />
              <text className="axis" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {[...new Set(xLabels)].map((d, i, all) => (
            <text key={d} className="axis" x={x(Date.parse(d))} y={HEIGHT - 8} textAnchor={all.length > 1 && i === 0 ? 'start' : i === all.length - 1 && all.length > 1 ? 'end' : 'middle'}>
              {day(d)}
            </text>
          ))}
          {series.map((s) => (
            <g key={s.name} className={`series series-${s.slot}${s.reconstructed ? ' reconstructed' : ''}`}>
              {s.points.length > 1 ? <polyline fill="none" points={s.points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')} /> : null}
              {s.points.map((p) => (
                <circle key={p.date} cx={x(p.at)} cy={y(p.value)} r={3}>
                  <title>{`${s.name}: ${formatNumber(p.value, 1, locale)} (${day(p.date)})`}</title>
                </circle>
              ))}
            </g>
          ))}
        </svg>
      </div>
      <details className="chart-table">
        <summary>{WEB_WORDING.chart.showTable}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{WORDING.company.historyAxisDate}</th>
              {series.map((s) => (
                <th key={s.name} scope="col" className="num">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dates.map((d) => (
              <tr key={d}>
                <th scope="row">{day(d)}</th>
                {series.map((s) => {
                  const p = s.points.find((q) => q.date === d);
                  return (
                    <td key={s.name} className="num">
                      {p ? formatNumber(p.value, 1, locale) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
