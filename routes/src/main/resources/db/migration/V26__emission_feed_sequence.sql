-- Issue 13: the customs pull feed never skips an emission. An emission's identity seq is taken
-- when its row is inserted, by one of several concurrent sign consumers, so a row committing after
-- a higher seq was already read fell behind a reader's cursor for ever. The feed now runs on
-- feed_seq, given only to committed rows, in order, by one sequencer at a time (the row lock on
-- feed_sequencer): a number handed out later is always higher and is committed after the ones before.
alter table emission add column feed_seq bigint;
update emission set feed_seq = seq where body is not null;
create index ix_emission_feed on emission (backend_id, feed_seq);
create index ix_emission_unsequenced on emission (feed_seq, seq);

create table feed_sequencer (
    feed        varchar(30) primary key,
    last_seq    bigint      not null
);
insert into feed_sequencer (feed, last_seq) select 'emission', coalesce(max(seq), 0) from emission;
