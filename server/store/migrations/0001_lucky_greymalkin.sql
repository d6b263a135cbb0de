CREATE TABLE "rate_budgets" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"bucket" text NOT NULL,
	"starts" double precision[] DEFAULT '{}'::double precision[] NOT NULL,
	"paused_until" double precision DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_budgets_crm_portal_id_bucket_pk" PRIMARY KEY("crm","portal_id","bucket")
);
