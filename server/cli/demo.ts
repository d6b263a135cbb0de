// `demo` (what `npm start` runs until the sidecar exists): generates a demo portfolio, scores every
// account and prints a summary a CSM can read — who needs attention first, and why.
import { scoreAccount } from '../domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../domain/engine-config.ts';
import { money, num, signed } from '../domain/format.ts';
import type { AccountResult } from '../domain/result.ts';
import { SentimentCache } from '../domain/sentiment/cache.ts';
import { generatePortfolio } from '../synthetic/portfolio.ts';
import { parseCommandArgs, positiveInt, todayIso } from './args.ts';

const RISK_ORDER = { high: 0, medium: 1, low: 2 } as const;

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

export function summaryTable(rows: ReadonlyArray<{ name: string; result: AccountResult }>, limit: number): string {
  const sorted = [...rows].sort((a, b) => {
    const ra = a.result.risk.level ? RISK_ORDER[a.result.risk.level] : 3;
    const rb = b.result.risk.level ? RISK_ORDER[b.result.risk.level] : 3;
    return ra - rb || (a.result.risk.renewalProbability ?? 1) - (b.result.risk.renewalProbability ?? 1);
  });
  const header = `${cell('Account', 26)} ${cell('ROB', 5)} ${cell('30d', 6)} ${cell('Risk', 7)} ${cell('Renew', 6)} ${cell('Stop', 4)} Next best step`;
  const lines = sorted.slice(0, limit).map(({ name, result: r }) => {
    const score = r.rob.score === null ? '—' : num(r.rob.score, 0);
    const trend = r.rob.trend30d === null ? '—' : signed(r.rob.trend30d, 0);
    const p = r.risk.renewalProbability === null ? '—' : `${Math.round(r.risk.renewalProbability * 100)}%`;
    return `${cell(name, 26)} ${cell(score, 5)} ${cell(trend, 6)} ${cell(r.risk.level ?? 'n/a', 7)} ${cell(p, 6)} ${cell(String(r.plan.showStoppers.length), 4)} ${cell(r.plan.nextBestStep?.action ?? '—', 60)}`;
  });
  return [header, '─'.repeat(header.length + 40), ...lines].join('\n');
}

export function demoCommand(argv: string[]): number {
  const args = parseCommandArgs(argv, { accounts: { type: 'string' }, seed: { type: 'string' }, top: { type: 'string' } });
  const accounts = positiveInt(args.accounts, 'accounts', 300);
  const top = positiveInt(args.top, 'top', 15);
  const asOf = todayIso();
  const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache() };
  const started = performance.now();
  const rows: Array<{ name: string; result: AccountResult }> = [];
  for (const { snapshot } of generatePortfolio({ seed: args.seed ?? 'demo', accounts, asOf })) {
    rows.push({ name: snapshot.account.name, result: scoreAccount(snapshot, deps) });
  }
  const ms = performance.now() - started;
  const scored = rows.filter((r) => r.result.rob.score !== null);
  const mean = scored.reduce((s, r) => s + (r.result.rob.score ?? 0), 0) / Math.max(scored.length, 1);
  const count = (level: string) => rows.filter((r) => r.result.risk.level === level).length;
  const hours = rows.reduce((s, r) => s + r.result.savings.hoursSaved, 0);
  const saved = rows.reduce((s, r) => s + r.result.savings.moneySaved, 0);
  const stoppers = rows.reduce((s, r) => s + r.result.plan.showStoppers.length, 0);
  process.stdout.write(
    [
      `Success Sidecar demo — ${accounts} generated customers as of ${asOf.slice(0, 10)}, scored in ${Math.round(ms)} ms`,
      '',
      `Average ROB score ${num(mean, 0)} · renewal risk: ${count('high')} high, ${count('medium')} medium, ${count('low')} low · ${stoppers} open show-stoppers`,
      `Support time saved in the last 90 days: ${num(hours, 0)} hours, worth ${money(saved, DEFAULT_ENGINE_CONFIG.currency)}`,
      '',
      `The ${Math.min(top, rows.length)} customers who need attention first:`,
      '',
      summaryTable(rows, top),
      '',
      'Score your own data: npm run cli -- score --input snapshots.jsonl   (schema: npm run cli -- schema)',
      '',
    ].join('\n'),
  );
  return 0;
}
