// The outbox of CRM property writes. One pending row per account: a newer result merges its
// properties into it (and bumps `revision`). Workers lease rows with `claim` (FOR UPDATE SKIP
// LOCKED: two workers never get the same row); a row merged while leased is not marked delivered
// by the older delivery but released to be sent again.
//
// Fencing: every claim bumps the row's `fence`; settling a row (delivered, failed, released) needs
// the fence of the claim, so a drain that outlived its lease — the row since claimed again — can
// change nothing, and `confirmLeases` lets it check, right before writing to the CRM, that its
// lease still has time left.
//
// Lease owners: a claim may name the liveness key of the worker process that drains
// (server/jobs/liveness.ts). When that process is found dead, `releaseOwner` makes its leases
// free at once (no attempt spent) instead of leaving the rows until the lease lapses; the fence
// still keeps the dead drain out should it be alive after all. A backoff (`release`, `markFailed`)
// clears the owner: its `locked_until` is a delay to honour, not a lease to take back.
import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Orm } from './db.ts';
import { outbox } from './schema.ts';
import { Crm, PortalId, checkTenant } from './tenant.ts';

export const OutboxProperties = z.record(z.string().min(1), z.string());
export type OutboxProperties = z.infer<typeof OutboxProperties>;

/** The database's clock plus `ms` (one clock for every process). */
const msFromNow = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000}::double precision)`;

const Status = z.enum(['pending', 'delivered', 'failed']);

export interface OutboxRow {
  id: number;
  crm: string;
  portalId: string;
  accountId: string;
  properties: OutboxProperties;
  status: z.infer<typeof Status>;
  attempts: number;
  lastError: string | null;
  revision: number;
  /** The fencing token of the lease this row was read under. */
  fence: number;
  /** The liveness key of the worker process holding the lease, if it named one. */
  leaseOwner: number | null;
  createdAt: Date;
  updatedAt: Date;
  lockedUntil: Date | null;
  deliveredAt: Date | null;
}

const toRow = ({ claimedRevision: _claimed, ...row }: typeof outbox.$inferSelect): OutboxRow => ({
  ...row,
  properties: OutboxProperties.parse(row.properties),
  status: Status.parse(row.status),
});

/** Inserts a pending row for the account, or merges the properties into its pending row. Returns the row id. */
export async function enqueueProperties(orm: Orm, crm: string, portalId: string, accountId: string, properties: OutboxProperties): Promise<number> {
  const [row] = await orm
    .insert(outbox)
    .values({ crm, portalId, accountId, properties: OutboxProperties.parse(properties) })
    .onConflictDoUpdate({
      target: [outbox.crm, outbox.portalId, outbox.accountId],
      targetWhere: sql`${outbox.status} = 'pending'`,
      set: { properties: sql`${outbox.properties} || excluded.properties`, revision: sql`${outbox.revision} + 1`, updatedAt: sql`now()` },
    })
    .returning({ id: outbox.id });
  return row!.id;
}

export const ClaimOptions = z
  .object({
    crm: Crm.optional(),
    portalId: PortalId.optional(),
    limit: z.number().int().min(1).max(1000),
    leaseMs: z.number().int().min(1),
    /** The claiming worker process's liveness key; null or absent: the lease can only lapse. */
    owner: z.number().int().nullable().optional(),
  })
  .refine((o) => o.portalId === undefined || o.crm !== undefined, 'portalId needs crm');
export type ClaimOptions = z.input<typeof ClaimOptions>;

/** A claimed row as the drain holds it: which row, under which lease. */
export interface Lease {
  id: number;
  fence: number;
}

const Leases = z.array(z.object({ id: z.number().int(), fence: z.number().int() }));
const held = (leases: readonly Lease[]) => or(...leases.map((l) => and(eq(outbox.id, l.id), eq(outbox.fence, l.fence))));

export interface FailOptions {
  /** The CRM will never accept this write (e.g. a 400): stop retrying. */
  permanent?: boolean;
  /** Keep the row leased this long before it may be claimed again (backoff); default: free at once. */
  retryAfterMs?: number;
}

export class OutboxRepo {
  readonly #orm: Orm;
  readonly #maxAttempts: number;

  constructor(orm: Orm, options: { maxAttempts?: number } = {}) {
    this.#orm = orm;
    this.#maxAttempts = z.number().int().min(1).parse(options.maxAttempts ?? 10);
  }

  enqueue(crm: string, portalId: string, accountId: string, properties: OutboxProperties): Promise<number> {
    checkTenant(crm, portalId);
    return enqueueProperties(this.#orm, crm, portalId, accountId, properties);
  }

  /** Leases up to `limit` pending rows whose lease is free, oldest first, for `leaseMs`. */
  async claim(options: ClaimOptions): Promise<OutboxRow[]> {
    const o = ClaimOptions.parse(options);
    const free = and(eq(outbox.status, 'pending'), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, sql`now()`)));
    const scope = and(free, o.crm === undefined ? undefined : eq(outbox.crm, o.crm), o.portalId === undefined ? undefined : eq(outbox.portalId, o.portalId));
    const picked = this.#orm.select({ id: outbox.id }).from(outbox).where(scope).orderBy(asc(outbox.id)).limit(o.limit).for('update', { skipLocked: true });
    const rows = await this.#orm
      .update(outbox)
      .set({ lockedUntil: msFromNow(o.leaseMs), leaseOwner: o.owner ?? null, claimedRevision: sql`${outbox.revision}`, fence: sql`${outbox.fence} + 1`, updatedAt: sql`now()` })
      // `= any(array(…))`, not `in (…)`: the subquery runs once. Planned as a semi-join, Postgres may
      // run it again per candidate row, and each run skips the rows this statement already updated,
      // so `in` could lease more than `limit` rows.
      .where(and(sql`${outbox.id} = any(array(${picked}))`, free))
      .returning();
    return rows.map(toRow).sort((a, b) => a.id - b.id);
  }

  /**
   * The leases that are still this holder's and have at least `marginMs` left: only their rows
   * may be written to the CRM now (a write takes less than the margin).
   */
  async confirmLeases(leases: readonly Lease[], marginMs: number): Promise<number[]> {
    if (leases.length === 0) return [];
    const rows = await this.#orm
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(held(Leases.parse(leases)), eq(outbox.status, 'pending'), sql`${outbox.lockedUntil} > ${msFromNow(marginMs)}`));
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  /**
   * Marks claimed rows delivered. A row whose properties were merged after it was claimed stays
   * pending with its lease released (the newer values still have to go out). Rows whose lease
   * was taken over (another fence) are left alone.
   */
  async markDelivered(leases: readonly Lease[]): Promise<{ delivered: number[]; requeued: number[] }> {
    if (leases.length === 0) return { delivered: [], requeued: [] };
    const mine = and(held(Leases.parse(leases)), eq(outbox.status, 'pending'));
    return this.#orm.transaction(async (tx) => {
      const delivered = await tx
        .update(outbox)
        .set({ status: 'delivered', deliveredAt: sql`now()`, updatedAt: sql`now()`, lockedUntil: null, leaseOwner: null, lastError: null })
        .where(and(mine, sql`${outbox.revision} = ${outbox.claimedRevision}`))
        .returning({ id: outbox.id });
      const requeued = await tx
        .update(outbox)
        .set({ lockedUntil: null, leaseOwner: null, updatedAt: sql`now()` })
        .where(and(mine, sql`${outbox.revision} is distinct from ${outbox.claimedRevision}`))
        .returning({ id: outbox.id });
      return { delivered: delivered.map((r) => r.id).sort((a, b) => a - b), requeued: requeued.map((r) => r.id).sort((a, b) => a - b) };
    });
  }

  /**
   * Records a failed delivery: attempts + 1; `failed` for good when permanent (and nothing newer
   * was merged meanwhile) or when attempts reach the maximum, otherwise pending again. Null when
   * the lease is no longer this holder's.
   */
  async markFailed(lease: Lease, error: string, options: FailOptions = {}): Promise<{ status: 'pending' | 'failed'; attempts: number } | null> {
    const permanent = options.permanent === true;
    const retryAfterMs = z.number().int().min(0).parse(options.retryAfterMs ?? 0);
    const giveUp = sql`(${permanent} and ${outbox.revision} = ${outbox.claimedRevision}) or ${outbox.attempts} + 1 >= ${this.#maxAttempts}`;
    const [row] = await this.#orm
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        lastError: error.slice(0, 2000),
        status: sql`case when ${giveUp} then 'failed' else 'pending' end`,
        lockedUntil: retryAfterMs > 0 ? sql`case when ${giveUp} then null else ${msFromNow(retryAfterMs)} end` : null,
        leaseOwner: null,
        updatedAt: sql`now()`,
      })
      .where(and(held(Leases.parse([lease])), eq(outbox.status, 'pending')))
      .returning({ status: outbox.status, attempts: outbox.attempts });
    return row ? { status: row.status === 'failed' ? 'failed' : 'pending', attempts: row.attempts } : null;
  }

  /**
   * The CRM could not take the rows for a reason that is not theirs (rate limit, outage): keep
   * them pending, not claimable for `retryAfterMs`, without spending an attempt. Returns the ids released.
   */
  async release(leases: readonly Lease[], error: string, retryAfterMs: number): Promise<number[]> {
    if (leases.length === 0) return [];
    const delay = z.number().int().min(0).parse(Math.round(retryAfterMs));
    const rows = await this.#orm
      .update(outbox)
      .set({ lastError: error.slice(0, 2000), lockedUntil: msFromNow(delay), leaseOwner: null, updatedAt: sql`now()` })
      .where(and(held(Leases.parse(leases)), eq(outbox.status, 'pending')))
      .returning({ id: outbox.id });
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  /** The liveness keys that hold a live lease now (what the liveness check tries the locks of). */
  async leaseOwners(): Promise<number[]> {
    const rows = await this.#orm
      .selectDistinct({ owner: outbox.leaseOwner })
      .from(outbox)
      .where(and(sql`${outbox.leaseOwner} is not null`, eq(outbox.status, 'pending'), sql`${outbox.lockedUntil} > now()`));
    return rows.flatMap((r) => (r.owner === null ? [] : [r.owner])).sort((a, b) => a - b);
  }

  /**
   * The worker process of this liveness key is dead: its leases are free to claim at once, with
   * their attempts unspent. Resolves with the ids released. The caller holds the key's lock, so no
   * drain can take a new lease under the key meanwhile.
   */
  async releaseOwner(owner: number): Promise<number[]> {
    const key = z.number().int().parse(owner);
    const rows = await this.#orm
      .update(outbox)
      .set({ lockedUntil: null, leaseOwner: null, updatedAt: sql`now()` })
      .where(and(eq(outbox.leaseOwner, key), eq(outbox.status, 'pending'), sql`${outbox.lockedUntil} > now()`))
      .returning({ id: outbox.id });
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  /** Portals with pending rows free to claim now: what the sweep sends a drain for. */
  async duePortals(limit = 1000): Promise<Array<{ crm: string; portalId: string }>> {
    return this.#orm
      .selectDistinct({ crm: outbox.crm, portalId: outbox.portalId })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, sql`now()`))))
      .limit(limit);
  }

  /** Rows per status across all portals, and how long the oldest pending row has waited (the `/metrics` gauges). */
  async countByStatus(): Promise<Record<z.infer<typeof Status>, number> & { oldestPendingSeconds: number }> {
    const rows = await this.#orm
      .select({ status: outbox.status, n: count(), oldest: sql<number | null>`extract(epoch from now() - min(${outbox.createdAt}))::float8` })
      .from(outbox)
      .groupBy(outbox.status);
    const out = { pending: 0, delivered: 0, failed: 0, oldestPendingSeconds: 0 };
    for (const r of rows) {
      const status = Status.parse(r.status);
      out[status] = Number(r.n);
      if (status === 'pending') out.oldestPendingSeconds = Number(r.oldest ?? 0);
    }
    return out;
  }

  async pendingCount(crm: string, portalId: string): Promise<number> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.crm, crm), eq(outbox.portalId, portalId), eq(outbox.status, 'pending')));
    return row?.n ?? 0;
  }

  /** The pending row of an account, if any (what the next delivery will send). */
  async pendingFor(crm: string, portalId: string, accountId: string): Promise<OutboxRow | null> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select()
      .from(outbox)
      .where(and(eq(outbox.crm, crm), eq(outbox.portalId, portalId), eq(outbox.accountId, accountId), eq(outbox.status, 'pending')));
    return row ? toRow(row) : null;
  }

  async listFailed(crm: string, portalId: string, limit = 100): Promise<OutboxRow[]> {
    checkTenant(crm, portalId);
    const rows = await this.#orm
      .select()
      .from(outbox)
      .where(and(eq(outbox.crm, crm), eq(outbox.portalId, portalId), eq(outbox.status, 'failed')))
      .orderBy(desc(outbox.updatedAt), desc(outbox.id))
      .limit(z.number().int().min(1).max(1000).parse(limit));
    return rows.map(toRow);
  }

  /**
   * Sends failed rows again (all of the portal's, or the ids given) with fresh attempts. When the
   * account has a pending row by now, the failed values go into it under the newer ones (which
   * win) and the failed row goes away: one pending row per account. Returns the redriven ids.
   */
  async redrive(crm: string, portalId: string, ids?: readonly number[]): Promise<number[]> {
    checkTenant(crm, portalId);
    const only = ids === undefined ? undefined : inArray(outbox.id, z.array(z.number().int()).max(1000).parse(ids));
    return this.#orm.transaction(async (tx) => {
      const failed = await tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.crm, crm), eq(outbox.portalId, portalId), eq(outbox.status, 'failed'), only))
        .orderBy(asc(outbox.id))
        .for('update');
      const done: number[] = [];
      for (const row of failed) {
        const [merged] = await tx
          .update(outbox)
          .set({ properties: sql`${JSON.stringify(row.properties)}::jsonb || ${outbox.properties}`, revision: sql`${outbox.revision} + 1`, updatedAt: sql`now()` })
          .where(and(eq(outbox.crm, crm), eq(outbox.portalId, portalId), eq(outbox.accountId, row.accountId), eq(outbox.status, 'pending')))
          .returning({ id: outbox.id });
        if (merged) await tx.delete(outbox).where(eq(outbox.id, row.id));
        else await tx.update(outbox).set({ status: 'pending', attempts: 0, lockedUntil: null, revision: sql`${outbox.revision} + 1`, updatedAt: sql`now()` }).where(eq(outbox.id, row.id));
        done.push(row.id);
      }
      return done;
    });
  }

  /** Deletes delivered rows older than `olderThan`; returns how many. */
  async pruneDelivered(olderThan: Date): Promise<number> {
    const rows = await this.#orm
      .delete(outbox)
      .where(and(eq(outbox.status, 'delivered'), lt(outbox.deliveredAt, olderThan)))
      .returning({ id: outbox.id });
    return rows.length;
  }
}
