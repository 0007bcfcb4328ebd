CREATE TABLE "escalation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"summary" text NOT NULL,
	"gaps" jsonb NOT NULL,
	"status" text NOT NULL,
	"assigned_user_id" uuid,
	"assigned_at" timestamp with time zone,
	"resolution" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "license" ALTER COLUMN "valid_until" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "application" ADD COLUMN "supersedes_license_id" uuid;--> statement-breakpoint
ALTER TABLE "application" ADD COLUMN "supersede_kind" text;--> statement-breakpoint
ALTER TABLE "decision" ADD COLUMN "issued" text;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "item_id" uuid;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "template" text;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "exclusive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "supersedes_id" uuid;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "supersedes_kind" text;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "license" ADD COLUMN "superseded_by_id" uuid;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD COLUMN "issuance" text DEFAULT 'license' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD COLUMN "license_name" text;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD COLUMN "license_template" text DEFAULT 'certificate';--> statement-breakpoint
ALTER TABLE "catalog_version" ADD COLUMN "license_validity_years" integer DEFAULT 5;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD COLUMN "decision_kind" text;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD COLUMN "multiple_licenses_allowed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_assigned_user_id_user_account_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_ref_key" ON "escalation" USING btree ("kind","ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "escalation_status_idx" ON "escalation" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "license" ADD CONSTRAINT "license_item_id_catalog_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license" ADD CONSTRAINT "license_supersedes_id_license_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."license"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "license_live_key" ON "license" USING btree ("item_id","holder_lookup") WHERE "license"."exclusive" and "license"."revoked_at" is null and "license"."superseded_at" is null;