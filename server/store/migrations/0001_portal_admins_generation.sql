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
ALTER TABLE "installations" ADD COLUMN "generation" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "uninstalled_at" timestamp with time zone;