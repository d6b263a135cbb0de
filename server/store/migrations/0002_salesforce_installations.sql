ALTER TABLE "installations" ADD COLUMN "instance_url" text;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "api_user_id" text;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD COLUMN "code_verifier" text;