-- PARTNER-APIS §7.1 row 3: an express shipment's platform.orderIds[] (with platform.platformId) is a
-- correlation hint. Kept per shipment so that an order arriving later finds the shipments naming it.
create table express_order_hint (
    shipment_ref    varchar(24)  not null,
    partner_id      varchar(35)  not null,
    platform_id     varchar(35)  not null,
    order_id        varchar(70)  not null,
    constraint pk_express_order_hint primary key (shipment_ref, platform_id, order_id)
);
create index ix_express_order_hint_order on express_order_hint (platform_id, order_id);
