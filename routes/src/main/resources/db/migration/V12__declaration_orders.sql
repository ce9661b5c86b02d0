-- Which platform orders a declaration was fused with (PARTNER-APIS §7, CANONICAL-MODEL §7), so
-- decisions also reach those platforms (§5.1): the item sequence -> platform lineId map of the
-- latest fusion, as JSON.
create table declaration_order (
    declaration_id  varchar(36)  not null,
    partner_id      varchar(35)  not null,
    order_id        varchar(70)  not null,
    line_ids        text         not null,
    linked_at       timestamp    not null,
    constraint pk_declaration_order primary key (declaration_id, partner_id, order_id)
);
