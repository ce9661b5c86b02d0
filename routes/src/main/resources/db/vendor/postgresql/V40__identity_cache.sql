-- PostgreSQL keeps its identity sequences at CACHE 1: a larger cache is per connection, so ids
-- taken by different connections would no longer follow the order they were taken in (the trace
-- orders by event_id), and nextval is not a commit of its own there. The H2 twin of this version
-- raises the embedded database's identity caches.
select 1;
