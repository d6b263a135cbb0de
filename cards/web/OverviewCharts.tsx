// The portfolio's two charts, drawn as SVG by recharts: renewals per month stacked by risk level
// (ARR) and the ROB score distribution. Each has a one-sentence summary as its accessible name and
// the numbers as a table behind "Show the numbers".
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, formatNumber } from '../model/index.ts';
import { renewalMonths, renewalSeries, renewalSummary, riskName, robBars, robSummary, type PortfolioOverview, type RiskKey } from './overview.ts';
import { WEB_WORDING } from './wording.ts';

/** Fills with at least 3:1 contrast against the white card (WCAG 1.4.11). */
const RISK_FILL: Record<RiskKey, string> = { high: '#c53030', medium: '#b7791f', low: '#2f855a', unknown: '#718096' };
const ROB_FILL = '#0b5cad';
const HEIGHT = 240;

function ChartFigure({ testId, title, summary, chart, table }: { testId: string; title: string; summary: string; chart: ReactNode; table: ReactNode }) {
  return (
    <figure className="chart overview-chart" data-testid={testId}>
      <figcaption>
        <h3>{title}</h3>
        <p className="muted">{summary}</p>
      </figcaption>
      <div className="chart-box" role="img" aria-label={`${title}. ${summary}`}>
        {chart}
      </div>
      <details className="chart-table">
        <summary>{WEB_WORDING.chart.showTable}</summary>
        {table}
      </details>
    </figure>
  );
}

export function RenewalsChart({ overview, locale }: { overview: PortfolioOverview; locale: string }) {
  const w = WEB_WORDING.overview;
  const currency = overview.currency ?? 'USD';
  const months = renewalMonths(overview, locale);
  const series = renewalSeries(months);
  const money = (n: number) => formatMoney(n, currency, locale);
  const compact = (n: number) => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
  return (
    <ChartFigure
      testId="renewals-chart"
      title={w.renewalsTitle}
      summary={renewalSummary(months, currency, locale)}
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={months} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="#e1e6ed" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#4a5568' }} interval="preserveStartEnd" />
            <YAxis tickFormatter={compact} tick={{ fontSize: 11, fill: '#4a5568' }} width={48} />
            <Tooltip formatter={(value) => money(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} />
            {series.map((k) => (
              <Bar key={k} dataKey={k} name={riskName(k)} stackId="arr" fill={RISK_FILL[k]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table data-testid="renewals-table">
          <thead>
            <tr>
              <th scope="col">{w.month}</th>
              {series.map((k) => (
                <th key={k} scope="col" className="num">
                  {riskName(k)}
                </th>
              ))}
              <th scope="col" className="num">
                {w.total}
              </th>
              <th scope="col" className="num">
                {w.renewingAccounts}
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.label}</th>
                {series.map((k) => (
                  <td key={k} className="num">
                    {money(m[k])}
                  </td>
                ))}
                <td className="num">{money(m.total)}</td>
                <td className="num">{formatNumber(m.accounts, 0, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function RobDistributionChart({ overview, locale }: { overview: PortfolioOverview; locale: string }) {
  const w = WEB_WORDING.overview;
  const bars = robBars(overview);
  return (
    <ChartFigure
      testId="rob-chart"
      title={w.robTitle}
      summary={robSummary(overview, locale)}
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="#e1e6ed" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#4a5568' }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#4a5568' }} width={36} />
            <Tooltip formatter={(value) => formatNumber(Number(value), 0, locale)} />
            <Bar dataKey="accounts" name={w.robAccounts} fill={ROB_FILL} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table data-testid="rob-table">
          <thead>
            <tr>
              <th scope="col">{w.robRange}</th>
              <th scope="col" className="num">
                {w.robAccounts}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td className="num">{formatNumber(b.accounts, 0, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
