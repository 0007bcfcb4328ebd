CREATE TABLE "assistance_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"requesting_department_id" uuid NOT NULL,
	"helper_department_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"question" text NOT NULL,
	"working_days" integer NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"requested_by_id" text,
	"requested_by" text,
	"finding" text,
	"answer" text,
	"evidence_file_ids" uuid[] DEFAULT '{}' NOT NULL,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"chased_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_report" (
	"id" uuid PRIMARY KEY NOT NULL,
	"receipt_number" text NOT NULL,
	"application_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"supervising_department_id" uuid NOT NULL,
	"content" text NOT NULL,
	"contact_sealed" text,
	"evidence_file_ids" uuid[] DEFAULT '{}' NOT NULL,
	"due_date" date NOT NULL,
	"closed_reason" text,
	"closed_by" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "public_report_receipt_number_unique" UNIQUE("receipt_number")
);
--> statement-breakpoint
CREATE TABLE "tolerance_review" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"official_user_id" uuid,
	"situation" text,
	"outcome" text NOT NULL,
	"reasons" text NOT NULL,
	"reviewer_id" text,
	"reviewer_name" text,
	"reviewed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "uploaded_file" ALTER COLUMN "owner_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_message" ADD COLUMN "recipient_department_id" uuid;--> statement-breakpoint
ALTER TABLE "assistance_request" ADD CONSTRAINT "assistance_request_task_id_verification_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistance_request" ADD CONSTRAINT "assistance_request_requesting_department_id_department_id_fk" FOREIGN KEY ("requesting_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistance_request" ADD CONSTRAINT "assistance_request_helper_department_id_department_id_fk" FOREIGN KEY ("helper_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_report" ADD CONSTRAINT "public_report_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_report" ADD CONSTRAINT "public_report_task_id_verification_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_report" ADD CONSTRAINT "public_report_supervising_department_id_department_id_fk" FOREIGN KEY ("supervising_department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tolerance_review" ADD CONSTRAINT "tolerance_review_task_id_verification_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tolerance_review" ADD CONSTRAINT "tolerance_review_official_user_id_user_account_id_fk" FOREIGN KEY ("official_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistance_request_task_idx" ON "assistance_request" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "assistance_request_helper_idx" ON "assistance_request" USING btree ("helper_department_id","status");--> statement-breakpoint
CREATE INDEX "assistance_request_requester_idx" ON "assistance_request" USING btree ("requesting_department_id","status");--> statement-breakpoint
CREATE INDEX "public_report_department_idx" ON "public_report" USING btree ("supervising_department_id","created_at");--> statement-breakpoint
CREATE INDEX "public_report_task_idx" ON "public_report" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tolerance_review_task_key" ON "tolerance_review" USING btree ("task_id");