// A CRM for outbox drain tests: only the two calls a drain makes (read what the CRM holds, write
// what differs), each handed to the test. Everything else of the adapter is absent on purpose.
import type { CrmAdapter, PropertyUpdate, TenantCrm, WriteOutcome } from '../../server/crm/port.ts';

export interface OutboxCrmCalls {
  /** What the CRM holds of these records (default: nothing, so every property is written). */
  read?: (ids: readonly string[]) => Promise<Map<string, Record<string, string | null>>>;
  /** Receives each write; by default every update is accepted. */
  write?: (updates: readonly PropertyUpdate[]) => Promise<WriteOutcome>;
}

export function outboxCrm(calls: OutboxCrmCalls = {}): TenantCrm {
  const adapter: Pick<CrmAdapter, 'readProperties' | 'writeProperties'> = {
    readProperties: (ids) => (calls.read ? calls.read(ids) : Promise.resolve(new Map())),
    writeProperties: (updates) =>
      calls.write ? calls.write(updates) : Promise.resolve({ written: updates.map((u) => ({ accountId: u.accountId, modifiedAtMs: Date.now() })), failed: [] }),
  };
  return { kind: 'hubspot', adapter: () => Promise.resolve(adapter as CrmAdapter), forget: () => undefined };
}
