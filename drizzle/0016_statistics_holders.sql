CREATE TABLE "statistics_holders" (
	"day" date NOT NULL,
	"department_id" uuid NOT NULL,
	"commitment" boolean,
	"prev_county" date,
	"prev_department" date,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_monthly" (
	"month" date NOT NULL,
	"item_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "statistics_monthly_month_item_id_metric_pk" PRIMARY KEY("month","item_id","metric")
);
--> statement-breakpoint
DROP INDEX "verification_task_open_idx";--> statement-breakpoint
CREATE INDEX "statistics_holders_day_idx" ON "statistics_holders" USING btree ("day","department_id");--> statement-breakpoint
CREATE INDEX "license_issued_idx" ON "license" USING btree ("issued_at");--> statement-breakpoint
CREATE INDEX "verification_task_open_idx" ON "verification_task" USING btree ("due_date","item_version_id","created_at") WHERE "verification_task"."status" in ('pending', 'assigned');--> statement-breakpoint
-- Backfill: the roll-up forgets how far it reaches, so the workers' next refresh (the first one runs at
-- start-up) recounts every day into statistics_daily, statistics_monthly and statistics_holders together;
-- until then the report counts every day from the cases, exactly as without a roll-up.
DELETE FROM "statistics_rollup";
