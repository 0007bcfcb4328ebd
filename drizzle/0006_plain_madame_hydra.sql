CREATE TABLE "defence_notice" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"application_id" text NOT NULL,
	"application_number" text NOT NULL,
	"party_user_id" uuid,
	"party_name" text NOT NULL,
	"party_code_masked" text NOT NULL,
	"item_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"department_name" text NOT NULL,
	"facts" text NOT NULL,
	"reasons" text NOT NULL,
	"legal_basis" text NOT NULL,
	"proposed_decision" text NOT NULL,
	"credit_consequences" jsonb NOT NULL,
	"period_days" integer NOT NULL,
	"deadline" date NOT NULL,
	"hearing_right" boolean NOT NULL,
	"rights" text NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"statement" text,
	"statement_channel" text,
	"statement_file_ids" uuid[] DEFAULT '{}' NOT NULL,
	"statement_recorded_by" text,
	"stated_at" timestamp with time zone,
	"waived_at" timestamp with time zone,
	"hearing_requested_at" timestamp with time zone,
	"hearing" jsonb,
	"hearing_recorded_at" timestamp with time zone,
	"reply" text,
	"replied_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_draw" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"application_number" text NOT NULL,
	"license_id" text,
	"item_version_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_name" text NOT NULL,
	"subject_code_sealed" text NOT NULL,
	"subject_code_hash" text NOT NULL,
	"subject_code_masked" text NOT NULL,
	"grade" text,
	"policy_version_id" text NOT NULL,
	"supervising_department_id" uuid NOT NULL,
	"approving_department_id" uuid NOT NULL,
	"sampling_percent" integer NOT NULL,
	"deadline_days" integer NOT NULL,
	"decided_at" timestamp (3) with time zone NOT NULL,
	"seed_day" date NOT NULL,
	"algorithm" text NOT NULL,
	"status" text NOT NULL,
	"digest" text,
	"value" bigint,
	"drawn_at" timestamp with time zone,
	"task_id" uuid
);
--> statement-breakpoint
CREATE TABLE "verification_evidence" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"description" text NOT NULL,
	"event" text NOT NULL,
	"added_by" text,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_seed" (
	"day" date PRIMARY KEY NOT NULL,
	"seed_hash" text NOT NULL,
	"seed_sealed" text NOT NULL,
	"seed" text,
	"committed_at" timestamp with time zone NOT NULL,
	"revealed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "verification_task" ADD COLUMN "draw_id" uuid;--> statement-breakpoint
ALTER TABLE "defence_notice" ADD CONSTRAINT "defence_notice_task_id_verification_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defence_notice" ADD CONSTRAINT "defence_notice_party_user_id_user_account_id_fk" FOREIGN KEY ("party_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defence_notice" ADD CONSTRAINT "defence_notice_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_draw" ADD CONSTRAINT "verification_draw_item_version_id_catalog_version_id_fk" FOREIGN KEY ("item_version_id") REFERENCES "public"."catalog_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_draw" ADD CONSTRAINT "verification_draw_supervising_department_id_department_id_fk" FOREIGN KEY ("supervising_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_draw" ADD CONSTRAINT "verification_draw_approving_department_id_department_id_fk" FOREIGN KEY ("approving_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_evidence" ADD CONSTRAINT "verification_evidence_task_id_verification_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_evidence" ADD CONSTRAINT "verification_evidence_file_id_uploaded_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."uploaded_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "defence_notice_task_key" ON "defence_notice" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "defence_notice_party_idx" ON "defence_notice" USING btree ("party_user_id","issued_at");--> statement-breakpoint
CREATE INDEX "verification_draw_dept_idx" ON "verification_draw" USING btree ("supervising_department_id","status","decided_at");--> statement-breakpoint
CREATE INDEX "verification_draw_day_idx" ON "verification_draw" USING btree ("seed_day","status");--> statement-breakpoint
CREATE UNIQUE INDEX "verification_draw_application_key" ON "verification_draw" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "verification_evidence_task_idx" ON "verification_evidence" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "verification_evidence_file_idx" ON "verification_evidence" USING btree ("file_id");