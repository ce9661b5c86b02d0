-- Outbound AS2 with asynchronous MDNs (CUSTOMS-AND-POSTAL §2.1, RFC 4130 §7.1): a delivery now
-- also waits for an MDN posted back to POST /as2/mdn, is resent under the same Message-ID when
-- none arrives in time, and ends FAILED after the profile's last attempt. Written for H2
-- (MODE=PostgreSQL) and PostgreSQL alike.

-- PENDING | AWAITING_MDN | DELIVERED | FAILED
alter table as2_delivery alter column state set data type varchar(20);
-- SYNC | ASYNC: how the receipt was requested for this delivery
alter table as2_delivery add column mdn_mode varchar(5);
-- Received-Content-MIC expected in the MDN ("<base64>, sha-256"), computed when the message was built
alter table as2_delivery add column mic varchar(200);
-- the secured entity as sent, so that a resend carries the same bytes under the same Message-ID (async)
alter table as2_delivery add column sent_content_type varchar(1000);
alter table as2_delivery add column sent_body bytea;
alter table as2_delivery add column sent_at timestamp;
-- when the accepted (or last refused) MDN arrived and what it said
alter table as2_delivery add column mdn_at timestamp;
alter table as2_delivery add column mdn_detail varchar(1000);
-- optimistic claim: every state change is "update ... where version = ?", so two gateway instances
-- sharing the database never send, resend or fail the same delivery twice
alter table as2_delivery add column version integer default 0 not null;

create index ix_as2_delivery_message on as2_delivery (partner_id, message_id);
