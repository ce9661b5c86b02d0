-- The console's live charts read the trace events of the last hour every 15 s, and the retention
-- job deletes by age: both by time, without scanning 90 days of events.
create index ix_trace_at on trace_event (at);
