-- The partner message behind an express shipment's current content (CANONICAL-MODEL §5.3
-- sources[]): revisions the gateway stages itself (hold-window release, late order data) name the
-- carrier's own message, not the re-stage.
alter table express_shipment add column source_dialect varchar(40);
alter table express_shipment add column source_idempotency_key varchar(255);
alter table express_shipment add column source_payload_sha256 varchar(64);
