CREATE TABLE "account_results" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"account_id" text NOT NULL,
	"account_name" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"rob_score" double precision,
	"rob_trend" double precision,
	"risk_level" text,
	"renewal_probability" double precision,
	"renewal_date" date,
	"show_stoppers" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"result" jsonb NOT NULL,
	CONSTRAINT "account_results_crm_portal_id_account_id_pk" PRIMARY KEY("crm","portal_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"hub_domain" text,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installations_crm_portal_id_pk" PRIMARY KEY("crm","portal_id"),
	CONSTRAINT "installations_status" CHECK ("installations"."status" in ('active', 'uninstalled'))
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"crm" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oauth_tokens" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"access_token_enc" text NOT NULL,
	"refresh_token_enc" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_tokens_crm_portal_id_pk" PRIMARY KEY("crm","portal_id")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"account_id" text NOT NULL,
	"properties" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"claimed_revision" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_status" CHECK ("outbox"."status" in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"account_id" text NOT NULL,
	"version" integer NOT NULL,
	"objectives" jsonb NOT NULL,
	"saved_by" text NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_crm_portal_id_account_id_version_pk" PRIMARY KEY("crm","portal_id","account_id","version")
);
--> statement-breakpoint
CREATE TABLE "result_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"account_id" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"rob_score" double precision,
	"renewal_probability" double precision,
	"risk_level" text
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"version" integer NOT NULL,
	"engine" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_crm_portal_id_pk" PRIMARY KEY("crm","portal_id")
);
--> statement-breakpoint
CREATE TABLE "success_plans" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"account_id" text NOT NULL,
	"version" integer NOT NULL,
	"objectives" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "success_plans_crm_portal_id_account_id_pk" PRIMARY KEY("crm","portal_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"crm" text NOT NULL,
	"portal_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_crm_portal_id_pk" PRIMARY KEY("crm","portal_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"crm" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_events_crm_event_id_pk" PRIMARY KEY("crm","event_id")
);
--> statement-breakpoint
CREATE INDEX "account_results_rob_asc" ON "account_results" USING btree ("crm","portal_id","rob_score","account_id");--> statement-breakpoint
CREATE INDEX "account_results_rob_desc" ON "account_results" USING btree ("crm","portal_id","rob_score" DESC NULLS LAST,"account_id");--> statement-breakpoint
CREATE INDEX "account_results_risk_asc" ON "account_results" USING btree ("crm","portal_id","renewal_probability","account_id");--> statement-breakpoint
CREATE INDEX "account_results_risk_desc" ON "account_results" USING btree ("crm","portal_id","renewal_probability" DESC NULLS LAST,"account_id");--> statement-breakpoint
CREATE INDEX "account_results_renewal_asc" ON "account_results" USING btree ("crm","portal_id","renewal_date","account_id");--> statement-breakpoint
CREATE INDEX "account_results_renewal_desc" ON "account_results" USING btree ("crm","portal_id","renewal_date" DESC NULLS LAST,"account_id");--> statement-breakpoint
CREATE INDEX "account_results_name" ON "account_results" USING btree ("crm","portal_id","account_name","account_id");--> statement-breakpoint
CREATE INDEX "audit_log_portal" ON "audit_log" USING btree ("crm","portal_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_one_pending" ON "outbox" USING btree ("crm","portal_id","account_id") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("id") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_portal_status" ON "outbox" USING btree ("crm","portal_id","status");--> statement-breakpoint
CREATE INDEX "result_history_account" ON "result_history" USING btree ("crm","portal_id","account_id","computed_at");--> statement-breakpoint
CREATE INDEX "webhook_events_received" ON "webhook_events" USING btree ("received_at");