-- Decision events (PARTNER-APIS §5.2): the webhook dispatcher looks for an earlier pending event of
-- the same declaration before sending a later one.
create index ix_partner_event_declaration on partner_event (partner_id, declaration_id, sequence);
-- Retention purge (§5.3) by creation time.
create index ix_partner_event_created on partner_event (created_at);
