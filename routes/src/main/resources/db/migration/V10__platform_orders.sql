-- Platform order feed (PARTNER-APIS §6): orders by (partner, orderId) with their version, the
-- parcels (tracking links) and line allocations the correlation stage (§7) looks up by
-- (carrier code, normalised tracking number), and bulk uploads with their per-line results.
-- Written for H2 (MODE=PostgreSQL) and PostgreSQL alike.

create table platform_order (
    partner_id          varchar(35)  not null,
    order_id            varchar(70)  not null,
    order_version       integer      not null,
    status              varchar(24)  not null,             -- AWAITING_TRANSPORT | CANCELLED (correlation adds more)
    content_sha256      varchar(64)  not null,             -- normalised content of the current version
    order_json          text         not null,             -- the current version in its §6.2 JSON form
    ordered_at          timestamp    not null,
    upload_id           varchar(40),                       -- the bulk upload that brought the current version
    created_at          timestamp    not null,
    updated_at          timestamp    not null,
    cancelled_at        timestamp,
    constraint pk_platform_order primary key (partner_id, order_id)
);

create index ix_platform_order_id on platform_order (order_id);
create index ix_platform_order_status on platform_order (status, created_at);

-- One row per order line: the ordered quantity is what allocations are checked against (§7.3).
create table platform_order_line (
    partner_id          varchar(35)  not null,
    order_id            varchar(70)  not null,
    line_id             varchar(70)  not null,
    seq                 integer      not null,             -- index in lines[]
    quantity            numeric(21, 6) not null,
    constraint pk_platform_order_line primary key (partner_id, order_id, line_id)
);

-- A parcel of an order: from the order's shipments[] (source ORDER, replaced by a newer version) or
-- from POST .../shipments (source LINK, kept across versions).
create table platform_parcel (
    partner_id          varchar(35)  not null,
    order_id            varchar(70)  not null,
    carrier_code        varchar(35)  not null,
    tracking_norm       varchar(35)  not null,             -- upper case, no spaces or hyphens (§7.1)
    tracking_number     varchar(35)  not null,             -- as sent
    seq                 integer      not null,             -- order of shipments[] (split remainders, CANONICAL-MODEL §7.7)
    link_source         varchar(8)   not null,             -- ORDER | LINK
    created_at          timestamp    not null,
    constraint pk_platform_parcel primary key (partner_id, order_id, carrier_code, tracking_norm)
);

create index ix_platform_parcel_tracking on platform_parcel (carrier_code, tracking_norm);
create index ix_platform_parcel_norm on platform_parcel (tracking_norm);

create table platform_allocation (
    partner_id          varchar(35)  not null,
    order_id            varchar(70)  not null,
    carrier_code        varchar(35)  not null,
    tracking_norm       varchar(35)  not null,
    line_id             varchar(70)  not null,
    quantity            numeric(21, 6) not null,
    constraint pk_platform_allocation primary key (partner_id, order_id, carrier_code, tracking_norm, line_id)
);

create table platform_upload (
    upload_id           varchar(40)  primary key,          -- upl_ + 16 hex
    partner_id          varchar(35)  not null,
    upload_format       varchar(8)   not null,             -- NDJSON | CSV
    status              varchar(12)  not null,             -- PROCESSING | COMPLETED
    spool_path          varchar(1024) not null,
    size_bytes          bigint       not null,
    body_sha256         varchar(64)  not null,
    lines_total         bigint       not null default 0,
    orders_accepted     bigint       not null default 0,
    lines_rejected      bigint       not null default 0,
    warnings_json       text,                              -- file-level warnings (unknown CSV columns)
    created_at          timestamp    not null,
    completed_at        timestamp
);

create index ix_platform_upload_partner on platform_upload (partner_id, status);

create table platform_upload_result (
    upload_id           varchar(40)  not null,
    line_no             integer      not null,             -- first physical line of the order
    order_id            varchar(70),
    outcome             varchar(20)  not null,             -- ACCEPTED | UPDATED | DUPLICATE_IGNORED | STALE_IGNORED | REJECTED
    lines_json          varchar(2000),                     -- all physical lines of a CSV order spread over rows
    result_json         text,                              -- the rest of the §6.1 result: problem, warnings
    constraint pk_platform_upload_result primary key (upload_id, line_no)
);
