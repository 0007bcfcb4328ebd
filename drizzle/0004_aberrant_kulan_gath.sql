CREATE TABLE "calendar_warning" (
	"year" integer PRIMARY KEY NOT NULL,
	"notified_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deadline" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"kind" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"start_date" date NOT NULL,
	"working_days" integer NOT NULL,
	"due_date" date NOT NULL,
	"provisional" boolean NOT NULL,
	"unloaded_years" integer[] NOT NULL,
	"jobs" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"recomputed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "application" ADD COLUMN "deadlines_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "deadline_owner_key" ON "deadline" USING btree ("owner_type","owner_id","kind","label");--> statement-breakpoint
CREATE INDEX "deadline_provisional_idx" ON "deadline" USING btree ("provisional");