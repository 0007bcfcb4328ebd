CREATE TABLE "catalog_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"department_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalog_item_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "catalog_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"version_no" integer NOT NULL,
	"status" text NOT NULL,
	"code" text NOT NULL,
	"department_id" uuid NOT NULL,
	"supervising_department_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"legal_basis" text NOT NULL,
	"legal_time_limit_days" integer NOT NULL,
	"promised_time_limit_days" integer NOT NULL,
	"modes" text[] NOT NULL,
	"exclusion_tags" text[] NOT NULL,
	"proxy_allowed" boolean NOT NULL,
	"withdrawal_allowed" boolean NOT NULL,
	"verification" jsonb NOT NULL,
	"materials" jsonb NOT NULL,
	"notice" jsonb NOT NULL,
	"commitment" jsonb NOT NULL,
	"search_text" text NOT NULL,
	"effective_date" date,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "catalog_version_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"department_id" uuid,
	"comment" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_item" ADD CONSTRAINT "catalog_item_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_item_id_catalog_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_supervising_department_id_department_id_fk" FOREIGN KEY ("supervising_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version_event" ADD CONSTRAINT "catalog_version_event_version_id_catalog_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_item_no_key" ON "catalog_version" USING btree ("item_id","version_no");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_published_key" ON "catalog_version" USING btree ("item_id") WHERE "catalog_version"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_open_key" ON "catalog_version" USING btree ("item_id") WHERE "catalog_version"."status" in ('draft', 'legal_review', 'justice_approval', 'approved');--> statement-breakpoint
CREATE INDEX "catalog_version_status_dept_idx" ON "catalog_version" USING btree ("status","department_id");--> statement-breakpoint
CREATE INDEX "catalog_version_modes_idx" ON "catalog_version" USING gin ("modes");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_event_seq_key" ON "catalog_version_event" USING btree ("version_id","seq");