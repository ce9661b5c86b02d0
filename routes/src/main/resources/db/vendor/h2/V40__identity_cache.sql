-- Embedded H2 only. H2 persists an identity column's next value every CACHE values, and each of
-- those writes is a store commit of its own (a system-session commit, a full MVStore write with
-- WRITE_DELAY=0). With the default cache of 32 the trace and emission identities cost one extra
-- commit per 32 rows (5 % of the pipeline's CPU in the 10,000-item bench). A larger cache only
-- means a gap in the numbers after a crash; no reader depends on gap-free ids (the pull feeds use
-- feed_seq, handed out by their sequencer).
alter table trace_event alter column event_id set cache 10000;
alter table emission alter column seq set cache 10000;
alter table partner_event alter column seq set cache 10000;
alter table stage_outbox alter column id set cache 10000;
alter table delivery_job alter column id set cache 10000;
alter table pending_declaration alter column pending_id set cache 10000;
