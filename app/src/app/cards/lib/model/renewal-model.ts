// The renewal model section of the settings page, as text and table rows (pure; both renderers
// draw it): which model results use, what it learned from the portal's own renewals, and how well
// it predicted them — AUC against the default model, predicted against actual per decile, the
// renewal rate per risk level, and each factor's weight next to the default's, with any bend in a
// factor's effect in words ("below KNOT each unit counts …; above it …") and its coefficient.
import type { ModelView } from './api-types.ts';
import { DEFAULT_LOCALE, formatDate, formatNumber, formatPercent } from './format.ts';
import { FACTOR_MEANINGS } from './factor-meanings.ts';
import { WORDING } from './wording.ts';

export interface RenewalModelSection {
  title: string;
  inUse: string;
  /** Null before the first fit (then `none` says why). */
  learned: null | {
    learnedFrom: string;
    reason: string;
    auc: string | null;
    aucDefault: string | null;
    caught: string | null;
    reliability: Array<{ predicted: string; actual: string; renewals: string }>;
    levels: Array<{ level: string; renewals: string; rate: string }>;
    /** Each factor the learned or the default model weighs: its name, what it reads in plain words, its weights; a bend's coefficient right after its factor. */
    coefficients: Array<{ factor: string; meaning: string; value: string; global: string }>;
    /** Each bend in words: below the knot each unit counts this, above it that. Empty when every effect is a straight line. */
    bends: string[];
  };
  none: string | null;
  /** The admin's switch, when there is something to switch to. */
  action: null | { use: 'global' | 'learned'; label: string };
}

const LEVEL_LABEL = { high: 'High', medium: 'Medium', low: 'Low' } as const;

export function renewalModelSection(view: ModelView, locale = DEFAULT_LOCALE): RenewalModelSection {
  const w = WORDING.settings.model;
  const inUse = view.inUse.source === 'learned' ? w.inUse.learned(view.inUse.version) : w.inUse[view.inUse.source];
  const latest = view.latest;
  const pct = (x: number | null) => (x === null ? '—' : formatPercent(x, 0, locale));
  const action = !view.canManage || latest === null || latest.mode === 'global' ? null : view.inUse.source === 'learned' ? { use: 'global' as const, label: w.useGlobal } : { use: 'learned' as const, label: w.useLearned };
  if (!latest) return { title: w.title, inUse, learned: null, none: w.none, action: null };
  const b = latest.backtest;
  const hinges = latest.hinges ?? [];
  const name = (factor: string) => factor.replaceAll('_', ' ');
  const number = (x: number) => formatNumber(x, 2, locale);
  return {
    title: w.title,
    inUse,
    none: null,
    action,
    learned: {
      learnedFrom: w.learnedFrom(`${formatNumber(latest.fittedOn.renewals, 0, locale)} ${latest.fittedOn.renewals === 1 ? 'renewal' : 'renewals'}`, formatDate(latest.fittedAt, locale)),
      reason: latest.reason,
      auc: b.auc === null ? null : w.auc(pct(b.auc), pct(b.aucInterval?.[0] ?? null), pct(b.aucInterval?.[1] ?? null)),
      aucDefault: latest.globalBacktest.auc === null ? null : w.aucDefault(pct(latest.globalBacktest.auc)),
      caught: b.lossesCaughtTop20 === null ? null : w.caught(pct(b.lossesCaughtTop20)),
      reliability: b.reliability.filter((r) => r.count > 0).map((r) => ({ predicted: pct(r.meanPredicted), actual: pct(r.observedRate), renewals: formatNumber(r.count, 0, locale) })),
      levels: (['high', 'medium', 'low'] as const).map((l) => ({ level: LEVEL_LABEL[l], renewals: formatNumber(b.levels[l]?.count ?? 0, 0, locale), rate: pct(b.levels[l]?.renewalRate ?? null) })),
      coefficients: latest.coefficients
        .filter((c) => c.value !== 0 || c.global !== 0 || hinges.some((h) => h.factor === c.factor))
        .flatMap((c) => [
          { factor: name(c.factor), meaning: FACTOR_MEANINGS[c.factor] ?? '', value: number(c.value), global: number(c.global) },
          ...hinges.filter((h) => h.factor === c.factor).map((h) => ({ factor: w.bendFactor(name(h.factor), number(h.knot)), meaning: w.bendMeaning(number(h.knot)), value: number(h.value), global: number(0) })),
        ]),
      bends: hinges.map((h) => {
        const below = latest.coefficients.find((c) => c.factor === h.factor)?.value ?? 0;
        return w.bend(name(h.factor), number(h.knot), number(below), number(below + h.value));
      }),
    },
  };
}
