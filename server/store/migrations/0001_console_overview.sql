ALTER TABLE "account_results" ADD COLUMN "arr" double precision;--> statement-breakpoint
ALTER TABLE "account_results" ADD COLUMN "contacts" jsonb;--> statement-breakpoint
ALTER TABLE "result_history" ADD COLUMN "reconstructed" boolean DEFAULT false NOT NULL;