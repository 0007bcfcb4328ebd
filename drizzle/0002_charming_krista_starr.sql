CREATE TABLE "department_document_settings" (
	"department_id" uuid PRIMARY KEY NOT NULL,
	"number_pattern" text NOT NULL,
	"review_authority" text NOT NULL,
	"court" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "document_number_counter" (
	"department_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last_serial" integer NOT NULL,
	CONSTRAINT "document_number_counter_department_id_kind_year_pk" PRIMARY KEY("department_id","kind","year")
);
--> statement-breakpoint
CREATE TABLE "official_document" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"department_id" uuid NOT NULL,
	"application_id" uuid,
	"repair_request_id" uuid,
	"facts" jsonb NOT NULL,
	"issued_by" text,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "department_document_settings" ADD CONSTRAINT "department_document_settings_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_document" ADD CONSTRAINT "official_document_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_document" ADD CONSTRAINT "official_document_application_id_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_document" ADD CONSTRAINT "official_document_repair_request_id_credit_repair_request_id_fk" FOREIGN KEY ("repair_request_id") REFERENCES "public"."credit_repair_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "official_document_number_key" ON "official_document" USING btree ("department_id","number");--> statement-breakpoint
CREATE INDEX "official_document_application_idx" ON "official_document" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "official_document_repair_idx" ON "official_document" USING btree ("repair_request_id");