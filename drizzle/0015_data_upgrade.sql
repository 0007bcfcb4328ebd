CREATE TABLE "data_upgrade" (
	"name" text PRIMARY KEY NOT NULL,
	"done_at" timestamp with time zone NOT NULL,
	"counts" jsonb NOT NULL
);
