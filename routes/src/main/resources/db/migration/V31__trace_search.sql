-- Trace search (issue 14, GET /v1/admin/trace with filters): time ranges over the trace, and the
-- keys the search resolves to declarations (order id alone, a partner's revisions, the gateway
-- message id of a revision) plus the delivery backlog per backend (health and metrics).
-- Written for H2 (MODE=PostgreSQL) and PostgreSQL alike.
create index ix_trace_at on trace_event (at);
create index ix_trace_event_at on trace_event (event, at);
create index ix_declaration_order_id on declaration_order (order_id);
create index ix_revision_partner on declaration_revision (partner_id, created_at);
create index ix_revision_gateway_message on declaration_revision (gateway_message_id);
create index ix_revision_backlog on declaration_revision (backend_id, delivered_at);
create index ix_interchange_partner on interchange (partner_id, received_at);
