ALTER TABLE "outbox" ADD COLUMN "lease_owner" integer;--> statement-breakpoint
CREATE INDEX "outbox_lease_owner" ON "outbox" USING btree ("lease_owner") WHERE "outbox"."lease_owner" is not null;