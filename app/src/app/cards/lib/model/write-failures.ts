// The failed write-backs as the settings pages list them (pure; both renderers draw it): which
// company, what the sidecar tried to write, how often, why the CRM refused, and whether the reader
// may send them again.
import type { WriteFailures } from './api-types.ts';
import { DEFAULT_LOCALE, formatDate, formatNumber } from './format.ts';
import { WORDING } from './wording.ts';

export interface WriteFailureRow {
  id: number;
  companyId: string;
  properties: string;
  attempts: string;
  error: string;
  failedAt: string;
}

export interface WriteFailuresSection {
  title: string;
  /** Null when there are rows (then `intro` explains them). */
  none: string | null;
  intro: string | null;
  rows: WriteFailureRow[];
  /** The admin's "send them again"; null when there is nothing to send or the reader is no admin. */
  redrive: null | { label: string; ids: number[] };
  /** Said to a non-admin when there is something to send. */
  adminsOnly: string | null;
}

export function writeFailuresSection(view: WriteFailures, canManage: boolean, locale = DEFAULT_LOCALE): WriteFailuresSection {
  const w = WORDING.settings.writeFailures;
  const rows = view.items.map((i) => ({
    id: i.id,
    companyId: i.companyId,
    properties: Object.keys(i.properties).sort().join(', '),
    attempts: formatNumber(i.attempts, 0, locale),
    error: i.lastError ?? w.noError,
    failedAt: formatDate(i.failedAt, locale),
  }));
  const any = rows.length > 0;
  return {
    title: w.title,
    none: any ? null : w.none,
    intro: any ? w.intro : null,
    rows,
    redrive: any && canManage ? { label: w.redrive, ids: rows.map((r) => r.id) } : null,
    adminsOnly: any && !canManage ? w.adminsOnly : null,
  };
}
