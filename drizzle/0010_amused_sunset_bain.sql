ALTER TABLE "commitment" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_code_unique" UNIQUE("code");--> statement-breakpoint
UPDATE "commitment" c SET "code" = o."payload" ->> '承诺编码' FROM "outbox_message" o WHERE o."topic" = 'commitment' AND o."idempotency_key" = 'commitment:' || c."application_id"::text || ':made' AND o."payload" ->> '承诺编码' IS NOT NULL;
