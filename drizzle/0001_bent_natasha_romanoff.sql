DROP INDEX "audit_log_unsealed_idx";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "nonce" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "mac" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "flagged_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "inspection_plan" ADD COLUMN "entry_key_enc" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_mac_key" ON "audit_log" USING btree ("mac");--> statement-breakpoint
CREATE INDEX "audit_log_unsealed_idx" ON "audit_log" USING btree ("id") WHERE "audit_log"."seq" is null and "audit_log"."flagged_at" is null;