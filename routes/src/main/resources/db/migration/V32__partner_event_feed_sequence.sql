-- Issue 13: the partner decision-event feed (GET /v1/decisions, SOAP GetDecisions) never skips an
-- event. Its seq identity is taken at insert by concurrent response consumers, so an event whose
-- transaction committed after a higher seq had been read fell behind a reader's cursor for ever (the
-- pattern V26 fixed for the customs pull feed). The feed now runs on feed_seq, given to committed
-- rows in order by the one feed sequencer (feed_sequencer row 'partner_event'). Existing events keep
-- their seq as feed position, so cursors handed out before stay valid.
alter table partner_event add column feed_seq bigint;
update partner_event set feed_seq = seq;
create index ix_partner_event_feed on partner_event (partner_id, feed_seq);
create index ix_partner_event_unsequenced on partner_event (feed_seq, seq);
insert into feed_sequencer (feed, last_seq) select 'partner_event', coalesce(max(seq), 0) from partner_event;
