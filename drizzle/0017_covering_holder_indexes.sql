DROP INDEX "application_subject_idx";--> statement-breakpoint
DROP INDEX "license_holder_idx";--> statement-breakpoint
CREATE INDEX "inspection_draw_subject_idx" ON "inspection" USING btree ("draw_id","subject_code_hash","subject_code");--> statement-breakpoint
CREATE INDEX "application_subject_idx" ON "application" USING btree ("subject_lookup","id","mode","department_id");--> statement-breakpoint
CREATE INDEX "license_holder_idx" ON "license" USING btree ("holder_lookup","issued_at","application_id");