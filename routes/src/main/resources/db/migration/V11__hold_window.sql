-- Hold window of carrier-first shipments (PARTNER-APIS §7.2, CANONICAL-MODEL §7): a shipment that
-- may still be joined by platform order data waits until held_until; the row is the durable timer,
-- so a restart loses no window. null = not held (released, or never held).
alter table express_shipment add column held_until timestamp;
create index ix_express_held on express_shipment (held_until);
