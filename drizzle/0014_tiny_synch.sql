CREATE TABLE "statistics_daily" (
	"day" date NOT NULL,
	"item_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "statistics_daily_day_item_id_metric_pk" PRIMARY KEY("day","item_id","metric")
);
--> statement-breakpoint
CREATE TABLE "statistics_rollup" (
	"id" integer PRIMARY KEY NOT NULL,
	"through" date NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
