-- Issue 12 step 0: an IN_FLIGHT idempotency record holds a lease. A request cut by a crash leaves
-- its record IN_FLIGHT; once the lease has run out the partner's retry with the same key and body
-- takes the record over instead of being answered 409 idempotency-in-flight for the whole retention.
alter table idempotency_key add column lease_until timestamp;
