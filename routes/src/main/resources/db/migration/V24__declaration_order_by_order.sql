-- The declarations an order was fused into, looked up after every order change (cancellation, a
-- version whose tracking links no longer name a consignment).
create index ix_declaration_order_order on declaration_order (partner_id, order_id);
