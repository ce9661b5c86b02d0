-- Webhook push with several gateway instances on one database (issue 6): an instance claims an
-- event for one attempt by a conditional update that sets a lease; another instance skips it
-- until the attempt is recorded or the lease runs out (the claiming instance died mid-request).
alter table partner_event add column lease_owner varchar(64);
alter table partner_event add column lease_until timestamp;
