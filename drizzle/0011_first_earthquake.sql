CREATE INDEX "application_status_queue_idx" ON "application" USING btree ("status","green_channel" DESC NULLS FIRST,"submitted_at","created_at");--> statement-breakpoint
CREATE INDEX "application_all_queue_idx" ON "application" USING btree ("green_channel" DESC NULLS FIRST,"submitted_at","created_at");--> statement-breakpoint
CREATE INDEX "application_created_idx" ON "application" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "application_submitted_idx" ON "application" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "commitment_signed_idx" ON "commitment" USING btree ("signed_at");--> statement-breakpoint
CREATE INDEX "decision_decided_idx" ON "decision" USING btree ("decided_at");--> statement-breakpoint
CREATE INDEX "credit_record_disclosed_idx" ON "credit_record" USING btree ("decided_on" DESC NULLS FIRST,"id","severity") WHERE "credit_record"."status" = 'active' and "credit_record"."published" and "credit_record"."kind" not in ('red_list', 'tax_credit_a', 'tax_incentive_card');--> statement-breakpoint
CREATE INDEX "verification_event_event_idx" ON "verification_event" USING btree ("event","at");--> statement-breakpoint
CREATE INDEX "verification_task_dept_due_idx" ON "verification_task" USING btree ("supervising_department_id","due_date");--> statement-breakpoint
CREATE INDEX "verification_task_open_idx" ON "verification_task" USING btree ("due_date") WHERE "verification_task"."status" in ('pending', 'assigned');--> statement-breakpoint
CREATE INDEX "verification_task_closed_idx" ON "verification_task" USING btree ("closed_at");