-- Bulk uploads with several gateway instances on one database (issue 6): the instance processing
-- an upload holds a lease it renews with every chunk; another instance takes the upload over only
-- when the lease ran out (the holder stopped) and the spooled file is readable from it.
alter table platform_upload add column processing_owner varchar(300);
alter table platform_upload add column lease_until timestamp;
