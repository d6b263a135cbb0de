// Per-installation settings: the engine configuration and the CRM field mapping, both stored as
// the admin gave them (only what differs from the defaults), saved with compare-and-set + audit.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { EngineConfig } from '../domain/engine-config.ts';
import type { Orm } from './db.ts';
import { insertAudit } from './audit.ts';
import { settings } from './schema.ts';
import { checkTenant } from './tenant.ts';

const JsonObject = z.record(z.string(), z.unknown());

export interface PortalSettings {
  /** 0 when nothing was saved yet. */
  version: number;
  /** EngineConfig input (partial); `parseEngineConfig(engine)` gives the full configuration. */
  engine: Record<string, unknown>;
  /** The CRM's mapping input (HubSpotMapping for HubSpot), partial. */
  mapping: Record<string, unknown>;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export type SaveSettingsResult = { ok: true; settings: PortalSettings } | { ok: false; current: PortalSettings };

export const SaveSettingsInput = z.object({
  expectedVersion: z.number().int().min(0),
  engine: JsonObject,
  mapping: JsonObject,
  actor: z.string().min(1).max(256),
});
export type SaveSettingsInput = z.input<typeof SaveSettingsInput>;

/** Mapping validators per CRM, given by the composition root (the store knows no CRM's mapping); a CRM without one accepts any object. */
export type MappingSchemas = Readonly<Record<string, z.ZodType>>;

export class SettingsRepo {
  readonly #orm: Orm;
  readonly #mappings: MappingSchemas;
  constructor(orm: Orm, mappings: MappingSchemas = {}) {
    this.#orm = orm;
    this.#mappings = mappings;
  }

  /** Rejects settings the engine or the adapter would refuse (the error names the path). */
  #validate(crm: string, engine: Record<string, unknown>, mapping: Record<string, unknown>): void {
    EngineConfig.parse(engine);
    this.#mappings[crm]?.parse(mapping);
  }

  async get(crm: string, portalId: string): Promise<PortalSettings> {
    checkTenant(crm, portalId);
    const [row] = await this.#orm
      .select()
      .from(settings)
      .where(and(eq(settings.crm, crm), eq(settings.portalId, portalId)));
    if (!row) return { version: 0, engine: {}, mapping: {}, updatedBy: null, updatedAt: null };
    return { version: row.version, engine: JsonObject.parse(row.engine), mapping: JsonObject.parse(row.mapping), updatedBy: row.updatedBy, updatedAt: row.updatedAt };
  }

  async save(crm: string, portalId: string, input: SaveSettingsInput): Promise<SaveSettingsResult> {
    checkTenant(crm, portalId);
    const { expectedVersion, engine, mapping, actor } = SaveSettingsInput.parse(input);
    this.#validate(crm, engine, mapping);
    const saved = await this.#orm.transaction(async (tx) => {
      const rows =
        expectedVersion === 0
          ? await tx.insert(settings).values({ crm, portalId, version: 1, engine, mapping, updatedBy: actor }).onConflictDoNothing().returning()
          : await tx
              .update(settings)
              .set({ version: sql`${settings.version} + 1`, engine, mapping, updatedBy: actor, updatedAt: sql`now()` })
              .where(and(eq(settings.crm, crm), eq(settings.portalId, portalId), eq(settings.version, expectedVersion)))
              .returning();
      const row = rows[0];
      if (!row) return null;
      await insertAudit(tx, crm, portalId, { actor, action: 'settings.save', target: null, details: { version: row.version, engine, mapping } });
      return { version: row.version, engine, mapping, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
    });
    return saved ? { ok: true, settings: saved } : { ok: false, current: await this.get(crm, portalId) };
  }
}
