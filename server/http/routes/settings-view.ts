// The settings answer both CRMs' settings routes send (`SettingsView`): the saved values, the admins,
// whether the caller is one, and the defaults the forms start from (the engine's and the CRM's own
// mapping defaults, so no card keeps a copy).
import { DEFAULT_ENGINE_CONFIG } from '../../domain/engine-config.ts';
import type { PortalAdmin } from '../../store/admins.ts';
import type { PortalSettings } from '../../store/settings.ts';

export const adminView = (a: PortalAdmin) => ({ userId: a.userId, email: a.email, addedBy: a.addedBy, addedAt: a.addedAt.toISOString() });

/** The defaults of a CRM whose mapping defaults are `mapping`. */
export const settingsDefaults = (mapping: object) => ({ engine: DEFAULT_ENGINE_CONFIG as unknown as Record<string, unknown>, mapping: mapping as Record<string, unknown> });

export function settingsView(s: PortalSettings, admins: PortalAdmin[], canManage: boolean, defaults: ReturnType<typeof settingsDefaults>) {
  return { version: s.version, engine: s.engine, mapping: s.mapping, updatedBy: s.updatedBy, updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null, admins: admins.map(adminView), canManage, defaults };
}
