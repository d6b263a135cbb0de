// The outbox in `/metrics`, read from the database at scrape time (every process reports the same
// shared numbers; alert on them from one scrape target): rows per status and the age of the oldest
// pending row. Alert rules: docs/deploy.md.
import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/store.ts';

export function registerOutboxMetrics(registry: Registry, store: Store): void {
  let last: Promise<Awaited<ReturnType<Store['outbox']['countByStatus']>>> | null = null;
  // Both gauges are collected in one scrape: read the table once for them.
  const read = () => (last ??= store.outbox.countByStatus().finally(() => setTimeout(() => (last = null), 0).unref()));
  new Gauge({
    name: 'sidecar_outbox_rows',
    help: 'CRM write-back rows in the outbox, by status (failed: given up, waiting for a redrive)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await read();
      for (const status of ['pending', 'delivered', 'failed'] as const) this.set({ status }, counts[status]);
    },
  });
  new Gauge({
    name: 'sidecar_outbox_oldest_pending_seconds',
    help: 'Age of the oldest pending CRM write-back (0 when none): a stalled drain shows here',
    registers: [registry],
    async collect() {
      this.set((await read()).oldestPendingSeconds);
    },
  });
}
