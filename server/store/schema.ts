// The sidecar's tables (Drizzle). Every tenant-owned row carries (crm, portal_id).
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const installations = pgTable('installations', {
  crm: text('crm').notNull(),
  portalId: text('portal_id').notNull(),
  status: text('status').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
