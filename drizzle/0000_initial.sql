CREATE TABLE "api_token" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "department" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"uscc" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "department_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "user_account" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"kind" text NOT NULL,
	"department_id" uuid,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"applicant_type" text,
	"uscc" text,
	"resident_id_enc" text,
	"resident_id_hash" text,
	"resident_id_masked" text,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"applicant_user_id" uuid,
	"subject_kind" text NOT NULL,
	"subject_name" text NOT NULL,
	"subject_code_enc" text NOT NULL,
	"subject_code_shown" text NOT NULL,
	"subject_lookup" text NOT NULL,
	"legal_representative" text,
	"channel" text NOT NULL,
	"clerk_user_id" uuid,
	"agent_name" text,
	"authorization_file_id" uuid,
	"credit" jsonb NOT NULL,
	"green_channel" boolean NOT NULL,
	"key_review" boolean NOT NULL,
	"mode" text,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"materials" jsonb NOT NULL,
	"form" jsonb,
	"legal_time_limit_days" integer NOT NULL,
	"legal_deadline" date,
	"final_due_date" date,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"elapsed_ms" bigint,
	"working_days_taken" integer,
	"deadline_warned_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "application_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "application_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"comment" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_file" (
	"application_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"purpose" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commitment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"text" text NOT NULL,
	"digest" text NOT NULL,
	"signature_kind" text NOT NULL,
	"signature" text,
	"public_key" text,
	"algorithm" text,
	"signer_name" text NOT NULL,
	"recorded_by" uuid,
	"scan_file_id" uuid,
	"published" boolean NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "commitment_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"instant" boolean NOT NULL,
	"reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "decision_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "file_blob" (
	"digest" text PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"mime" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"application_id" uuid NOT NULL,
	"item_name" text NOT NULL,
	"holder_name" text NOT NULL,
	"holder_code_shown" text NOT NULL,
	"holder_lookup" text NOT NULL,
	"scope" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	CONSTRAINT "license_number_unique" UNIQUE("number"),
	CONSTRAINT "license_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "missing_material" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"name" text NOT NULL,
	"due_date" date NOT NULL,
	"final_due_date" date,
	"supplied_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"file_id" uuid
);
--> statement-breakpoint
CREATE TABLE "signing_key" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uploaded_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"digest" text NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"department_id" uuid,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"prev_hash" text,
	"hash" text,
	CONSTRAINT "audit_log_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "calendar_day" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_year" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"notice" text,
	"loaded_at" timestamp with time zone NOT NULL,
	"loaded_by" uuid,
	"revision" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "credit_check" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"application_id" text,
	"item_version_id" uuid,
	"major_project" boolean NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"department_id" uuid,
	"item_department_id" uuid,
	"sources" jsonb NOT NULL,
	"records" jsonb NOT NULL,
	"grade" jsonb,
	"policy_version_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"allowed_modes" text[] NOT NULL,
	"reasons" jsonb NOT NULL,
	"incentives" text[] NOT NULL,
	"restrictions" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_grade" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"scale" text NOT NULL,
	"value" text NOT NULL,
	"source" text NOT NULL,
	"graded_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_objection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"evidence" text,
	"status" text NOT NULL,
	"raised_by" text,
	"raised_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"note" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "credit_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"authority" text NOT NULL,
	"decided_on" date NOT NULL,
	"summary" text NOT NULL,
	"penalty_fulfilled" boolean,
	"source" text NOT NULL,
	"source_ref" text,
	"published" boolean NOT NULL,
	"valid_until" date,
	"status" text NOT NULL,
	"under_objection" boolean DEFAULT false NOT NULL,
	"event_key" text,
	"application_id" text,
	"created_by" text,
	"department_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_repair_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"evidence" text NOT NULL,
	"commitment" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text,
	"requested_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "credit_subject" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"uscc" text,
	"resident_id_enc" text,
	"resident_id_hash" text,
	"resident_id_masked" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eligibility_policy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"regions" text[] NOT NULL,
	"definition" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draw_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"grade" text NOT NULL,
	"inspector_ids" jsonb NOT NULL,
	"outcome" text,
	"summary" text,
	"inspected_on" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_draw" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"seed" text NOT NULL,
	"seed_hash" text NOT NULL,
	"reason" text,
	"algorithm" text NOT NULL,
	"subject_list_hash" text NOT NULL,
	"inspector_list_hash" text NOT NULL,
	"strata" jsonb NOT NULL,
	"drawn_on" text NOT NULL,
	"publish_deadline" text NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"name" text NOT NULL,
	"scope" jsonb NOT NULL,
	"ratios" jsonb NOT NULL,
	"period_start" text NOT NULL,
	"period_end" text NOT NULL,
	"inspectors_per_inspection" integer NOT NULL,
	"candidates" jsonb NOT NULL,
	"inspectors" jsonb NOT NULL,
	"conflicts" jsonb NOT NULL,
	"seed_enc" text NOT NULL,
	"seed_hash" text NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"ref_type" text,
	"ref_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_delivery" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox_message" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"topic" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "outbox_message_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "commitment_code_counter" (
	"region_code" text NOT NULL,
	"day" text NOT NULL,
	"last_serial" integer NOT NULL,
	CONSTRAINT "commitment_code_counter_region_code_day_pk" PRIMARY KEY("region_code","day")
);
--> statement-breakpoint
CREATE TABLE "push_attempt" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" bigint NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_delivery" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_seq" bigint NOT NULL,
	"subscription_id" uuid NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp (3) with time zone,
	"dead_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_inbound_result" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"sender_key" text NOT NULL,
	"body_hash" text NOT NULL,
	"commitment_code" text,
	"task_id" text,
	"outcome" text NOT NULL,
	"verified_on" text NOT NULL,
	"findings" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_subscription" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"url" text NOT NULL,
	"topics" text[] NOT NULL,
	"secret_enc" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_event" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"detail" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" text NOT NULL,
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
	"method" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"supervising_department_id" uuid NOT NULL,
	"approving_department_id" uuid NOT NULL,
	"inspector_ids" uuid[] DEFAULT '{}' NOT NULL,
	"due_date" date NOT NULL,
	"rectification_due_date" date,
	"revocation_reason" text,
	"referred_to_judicial" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_account" ADD CONSTRAINT "user_account_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application" ADD CONSTRAINT "application_item_id_catalog_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application" ADD CONSTRAINT "application_item_version_id_catalog_version_id_fk" FOREIGN KEY ("item_version_id") REFERENCES "public"."catalog_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application" ADD CONSTRAINT "application_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application" ADD CONSTRAINT "application_applicant_user_id_user_account_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application" ADD CONSTRAINT "application_clerk_user_id_user_account_id_fk" FOREIGN KEY ("clerk_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application" ADD CONSTRAINT "application_authorization_file_id_uploaded_file_id_fk" FOREIGN KEY ("authorization_file_id") REFERENCES "public"."uploaded_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_event" ADD CONSTRAINT "application_event_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_file" ADD CONSTRAINT "application_file_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_file" ADD CONSTRAINT "application_file_file_id_uploaded_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."uploaded_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_scan_file_id_uploaded_file_id_fk" FOREIGN KEY ("scan_file_id") REFERENCES "public"."uploaded_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision" ADD CONSTRAINT "decision_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license" ADD CONSTRAINT "license_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_material" ADD CONSTRAINT "missing_material_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_material" ADD CONSTRAINT "missing_material_file_id_uploaded_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."uploaded_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_key" ADD CONSTRAINT "signing_key_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploaded_file" ADD CONSTRAINT "uploaded_file_digest_file_blob_digest_fk" FOREIGN KEY ("digest") REFERENCES "public"."file_blob"("digest") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploaded_file" ADD CONSTRAINT "uploaded_file_owner_user_id_user_account_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_item" ADD CONSTRAINT "catalog_item_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_item_id_catalog_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalog_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_supervising_department_id_department_id_fk" FOREIGN KEY ("supervising_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version" ADD CONSTRAINT "catalog_version_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_version_event" ADD CONSTRAINT "catalog_version_event_version_id_catalog_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."catalog_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_check" ADD CONSTRAINT "credit_check_subject_id_credit_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."credit_subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_check" ADD CONSTRAINT "credit_check_policy_version_id_eligibility_policy_id_fk" FOREIGN KEY ("policy_version_id") REFERENCES "public"."eligibility_policy"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_grade" ADD CONSTRAINT "credit_grade_subject_id_credit_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."credit_subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_objection" ADD CONSTRAINT "credit_objection_record_id_credit_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."credit_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_objection" ADD CONSTRAINT "credit_objection_subject_id_credit_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."credit_subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_record" ADD CONSTRAINT "credit_record_subject_id_credit_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."credit_subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_record" ADD CONSTRAINT "credit_record_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_repair_request" ADD CONSTRAINT "credit_repair_request_record_id_credit_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."credit_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_repair_request" ADD CONSTRAINT "credit_repair_request_subject_id_credit_subject_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."credit_subject"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_draw_id_inspection_draw_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."inspection_draw"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draw" ADD CONSTRAINT "inspection_draw_plan_id_inspection_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_draw" ADD CONSTRAINT "inspection_draw_drawn_by_user_account_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plan" ADD CONSTRAINT "inspection_plan_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plan" ADD CONSTRAINT "inspection_plan_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_notification_id_notification_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notification"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_attempt" ADD CONSTRAINT "push_attempt_delivery_id_push_delivery_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."push_delivery"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_delivery" ADD CONSTRAINT "push_delivery_message_seq_outbox_message_seq_fk" FOREIGN KEY ("message_seq") REFERENCES "public"."outbox_message"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_delivery" ADD CONSTRAINT "push_delivery_subscription_id_push_subscription_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."push_subscription"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_inbound_result" ADD CONSTRAINT "push_inbound_result_token_id_api_token_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_token"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_inbound_result" ADD CONSTRAINT "push_inbound_result_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscription" ADD CONSTRAINT "push_subscription_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_subscription" ADD CONSTRAINT "push_subscription_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_event" ADD CONSTRAINT "verification_event_task_id_verification_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_task" ADD CONSTRAINT "verification_task_item_version_id_catalog_version_id_fk" FOREIGN KEY ("item_version_id") REFERENCES "public"."catalog_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_task" ADD CONSTRAINT "verification_task_supervising_department_id_department_id_fk" FOREIGN KEY ("supervising_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_task" ADD CONSTRAINT "verification_task_approving_department_id_department_id_fk" FOREIGN KEY ("approving_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_username_key" ON "user_account" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "user_account_department_idx" ON "user_account" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_uscc_key" ON "user_account" USING btree ("uscc") WHERE "user_account"."kind" = 'applicant' and "user_account"."applicant_type" = 'enterprise';--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_resident_id_key" ON "user_account" USING btree ("resident_id_hash") WHERE "user_account"."kind" = 'applicant' and "user_account"."applicant_type" = 'individual';--> statement-breakpoint
CREATE INDEX "application_applicant_idx" ON "application" USING btree ("applicant_user_id","created_at");--> statement-breakpoint
CREATE INDEX "application_queue_idx" ON "application" USING btree ("department_id","status","green_channel","submitted_at");--> statement-breakpoint
CREATE INDEX "application_subject_idx" ON "application" USING btree ("subject_lookup");--> statement-breakpoint
CREATE UNIQUE INDEX "application_event_seq_key" ON "application_event" USING btree ("application_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "application_file_key" ON "application_file" USING btree ("application_id","file_id","purpose");--> statement-breakpoint
CREATE INDEX "application_file_file_idx" ON "application_file" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "license_holder_idx" ON "license" USING btree ("holder_lookup");--> statement-breakpoint
CREATE UNIQUE INDEX "missing_material_key" ON "missing_material" USING btree ("application_id","name");--> statement-breakpoint
CREATE INDEX "uploaded_file_owner_idx" ON "uploaded_file" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_unsealed_idx" ON "audit_log" USING btree ("id") WHERE "audit_log"."seq" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_item_no_key" ON "catalog_version" USING btree ("item_id","version_no");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_published_key" ON "catalog_version" USING btree ("item_id") WHERE "catalog_version"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_open_key" ON "catalog_version" USING btree ("item_id") WHERE "catalog_version"."status" in ('draft', 'legal_review', 'justice_approval', 'approved');--> statement-breakpoint
CREATE INDEX "catalog_version_status_dept_idx" ON "catalog_version" USING btree ("status","department_id");--> statement-breakpoint
CREATE INDEX "catalog_version_modes_idx" ON "catalog_version" USING gin ("modes");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_version_event_seq_key" ON "catalog_version_event" USING btree ("version_id","seq");--> statement-breakpoint
CREATE INDEX "credit_check_subject_idx" ON "credit_check" USING btree ("subject_id","checked_at");--> statement-breakpoint
CREATE INDEX "credit_check_application_idx" ON "credit_check" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "credit_grade_subject_idx" ON "credit_grade" USING btree ("subject_id","scale","graded_on");--> statement-breakpoint
CREATE INDEX "credit_objection_record_idx" ON "credit_objection" USING btree ("record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_objection_pending_key" ON "credit_objection" USING btree ("record_id") WHERE "credit_objection"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "credit_record_subject_idx" ON "credit_record" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_record_event_key" ON "credit_record" USING btree ("event_key") WHERE "credit_record"."event_key" is not null;--> statement-breakpoint
CREATE INDEX "credit_repair_record_idx" ON "credit_repair_request" USING btree ("record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_repair_pending_key" ON "credit_repair_request" USING btree ("record_id") WHERE "credit_repair_request"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "credit_subject_uscc_key" ON "credit_subject" USING btree ("uscc") WHERE "credit_subject"."uscc" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_subject_resident_id_key" ON "credit_subject" USING btree ("resident_id_hash") WHERE "credit_subject"."resident_id_hash" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_policy_version_key" ON "eligibility_policy" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_policy_published_key" ON "eligibility_policy" USING btree ("code") WHERE "eligibility_policy"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_policy_draft_key" ON "eligibility_policy" USING btree ("code") WHERE "eligibility_policy"."status" = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_draw_position_key" ON "inspection" USING btree ("draw_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_draw_round_key" ON "inspection_draw" USING btree ("plan_id","round");--> statement-breakpoint
CREATE INDEX "inspection_plan_department_idx" ON "inspection_plan" USING btree ("department_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_message_topic_idx" ON "outbox_message" USING btree ("topic","seq");--> statement-breakpoint
CREATE INDEX "outbox_commitment_aggregate_idx" ON "outbox_message" USING btree ("aggregate_id") WHERE "outbox_message"."topic" = 'commitment';--> statement-breakpoint
CREATE INDEX "outbox_commitment_code_idx" ON "outbox_message" USING btree (("payload" ->> '承诺编码')) WHERE "outbox_message"."topic" = 'commitment';--> statement-breakpoint
CREATE INDEX "push_attempt_delivery_idx" ON "push_attempt" USING btree ("delivery_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "push_delivery_message_subscription_key" ON "push_delivery" USING btree ("message_seq","subscription_id");--> statement-breakpoint
CREATE INDEX "push_delivery_due_idx" ON "push_delivery" USING btree ("next_attempt_at") WHERE "push_delivery"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "push_delivery_subscription_idx" ON "push_delivery" USING btree ("subscription_id","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "push_inbound_sender_key" ON "push_inbound_result" USING btree ("department_id","sender_key");--> statement-breakpoint
CREATE INDEX "push_inbound_commitment_idx" ON "push_inbound_result" USING btree ("commitment_code");--> statement-breakpoint
CREATE INDEX "verification_event_task_idx" ON "verification_event" USING btree ("task_id","seq");--> statement-breakpoint
CREATE INDEX "verification_task_dept_status_idx" ON "verification_task" USING btree ("supervising_department_id","status","due_date");--> statement-breakpoint
CREATE INDEX "verification_task_application_idx" ON "verification_task" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "verification_task_subject_idx" ON "verification_task" USING btree ("subject_code_hash");