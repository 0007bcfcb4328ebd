CREATE TABLE "push_data_grant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"data_class" text NOT NULL,
	"legal_basis" text NOT NULL,
	"granted_by" uuid NOT NULL,
	"granted_by_name" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text
);
--> statement-breakpoint
ALTER TABLE "inspection" ADD COLUMN "subject_code_enc" text;--> statement-breakpoint
ALTER TABLE "inspection" ADD COLUMN "subject_code_hash" text;--> statement-breakpoint
ALTER TABLE "outbox_message" ADD COLUMN "department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "push_subscription" ADD COLUMN "region_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "push_subscription" ADD COLUMN "department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "push_data_grant" ADD CONSTRAINT "push_data_grant_subscription_id_push_subscription_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."push_subscription"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_data_grant" ADD CONSTRAINT "push_data_grant_granted_by_user_account_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_data_grant" ADD CONSTRAINT "push_data_grant_revoked_by_user_account_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "push_data_grant_active_key" ON "push_data_grant" USING btree ("subscription_id","data_class") WHERE "push_data_grant"."revoked_at" is null;