CREATE TABLE "backtest_rows" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"account_id" text NOT NULL,
	"renewal_id" text NOT NULL,
	"close_date" date NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"renewed" boolean NOT NULL,
	"x" jsonb NOT NULL,
	"marks" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "backtest_rows_crm_portal_id_account_id_renewal_id_pk" PRIMARY KEY("crm","portal_id","account_id","renewal_id")
);
--> statement-breakpoint
CREATE TABLE "portal_admins" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"user_id" text NOT NULL,
	"email" text,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_admins_crm_portal_id_user_id_pk" PRIMARY KEY("crm","portal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "rate_budgets" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"bucket" text NOT NULL,
	"starts" double precision[] DEFAULT '{}'::double precision[] NOT NULL,
	"paused_until" double precision DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_budgets_crm_portal_id_bucket_pk" PRIMARY KEY("crm","portal_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "risk_models" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"version" text NOT NULL,
	"calibration" jsonb NOT NULL,
	"report" jsonb NOT NULL,
	"rows_digest" text NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"fitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_models_crm_portal_id_version_pk" PRIMARY KEY("crm","portal_id","version")
);
--> statement-breakpoint
ALTER TABLE "account_results" ADD COLUMN "arr" double precision;--> statement-breakpoint
ALTER TABLE "account_results" ADD COLUMN "contacts" jsonb;--> statement-breakpoint
ALTER TABLE "account_results" ADD COLUMN "risk_model_version" text;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "generation" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "uninstalled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "fence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "result_history" ADD COLUMN "reconstructed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_models_one_active" ON "risk_models" USING btree ("crm","portal_id") WHERE "risk_models"."active";