-- The decision path's tables with the indexes they had at fe493a6 (before the read indexes of migrations
-- 0011, 0016 and 0017): for `BENCH_SCHEMA_SQL_FILE`, to compare that code with today's on the same indexes.
drop index if exists application_status_queue_idx, application_all_queue_idx, application_created_idx,
  application_submitted_idx, commitment_signed_idx, decision_decided_idx, verification_event_event_idx,
  verification_task_dept_due_idx, verification_task_open_idx, verification_task_closed_idx, license_issued_idx,
  application_subject_idx, license_holder_idx;
create index application_subject_idx on application (subject_lookup);
create index license_holder_idx on license (holder_lookup);
