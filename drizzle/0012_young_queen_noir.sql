CREATE TABLE "identity_confirmation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"clerk_user_id" uuid NOT NULL,
	"document_kind" text NOT NULL,
	"confirmed_name" text NOT NULL,
	"note" text,
	"confirmed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mandate" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"principal_kind" text NOT NULL,
	"principal_name" text NOT NULL,
	"principal_code_shown" text NOT NULL,
	"principal_lookup" text NOT NULL,
	"principal_user_id" uuid,
	"agent_name" text NOT NULL,
	"agent_lookup" text NOT NULL,
	"agent_id_masked" text NOT NULL,
	"scope" text NOT NULL,
	"item_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"expires_on" date NOT NULL,
	"source" text NOT NULL,
	"verified_by_user_id" uuid,
	"document_file_id" uuid,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mandate_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mandate_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"comment" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "user_account_uscc_key";--> statement-breakpoint
DROP INDEX "user_account_resident_id_key";--> statement-breakpoint
ALTER TABLE "user_account" ADD COLUMN "identity_proof" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "user_account" ADD COLUMN "identity_proven_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "user_account" ADD COLUMN "oidc_subject" text;--> statement-breakpoint
ALTER TABLE "application" ADD COLUMN "mandate_id" uuid;--> statement-breakpoint
ALTER TABLE "identity_confirmation" ADD CONSTRAINT "identity_confirmation_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_confirmation" ADD CONSTRAINT "identity_confirmation_clerk_user_id_user_account_id_fk" FOREIGN KEY ("clerk_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandate" ADD CONSTRAINT "mandate_principal_user_id_user_account_id_fk" FOREIGN KEY ("principal_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandate" ADD CONSTRAINT "mandate_verified_by_user_id_user_account_id_fk" FOREIGN KEY ("verified_by_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandate" ADD CONSTRAINT "mandate_document_file_id_uploaded_file_id_fk" FOREIGN KEY ("document_file_id") REFERENCES "public"."uploaded_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandate_event" ADD CONSTRAINT "mandate_event_mandate_id_mandate_id_fk" FOREIGN KEY ("mandate_id") REFERENCES "public"."mandate"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "identity_confirmation_user_idx" ON "identity_confirmation" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mandate_number_key" ON "mandate" USING btree ("number");--> statement-breakpoint
CREATE INDEX "mandate_agent_idx" ON "mandate" USING btree ("agent_lookup","principal_lookup");--> statement-breakpoint
CREATE INDEX "mandate_principal_idx" ON "mandate" USING btree ("principal_lookup");--> statement-breakpoint
CREATE UNIQUE INDEX "mandate_event_seq_key" ON "mandate_event" USING btree ("mandate_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_oidc_subject_key" ON "user_account" USING btree ("oidc_subject");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_uscc_key" ON "user_account" USING btree ("uscc") WHERE "user_account"."kind" = 'applicant' and "user_account"."applicant_type" = 'enterprise' and "user_account"."identity_proof" <> 'none';--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_resident_id_key" ON "user_account" USING btree ("resident_id_hash") WHERE "user_account"."kind" = 'applicant' and "user_account"."applicant_type" = 'individual' and "user_account"."identity_proof" <> 'none';