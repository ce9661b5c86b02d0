-- The transport side of a postal declaration as last mapped from the post's CUSITM (PARTNER-APIS
-- §7.2, CANONICAL-MODEL §7 rule 4): the canonical draft before fusion with platform orders, so
-- that an order arriving (or cancelled) after emission can be fused into (or withdrawn from) a new
-- AMENDMENT revision without the post sending the item again. One row per declaration, replaced on
-- every postal revision. Written for H2 (MODE=PostgreSQL) and PostgreSQL alike.
create table postal_transport_draft (
    declaration_id  varchar(36)  primary key,
    partner_id      varchar(35)  not null,
    revision        integer      not null,             -- the postal revision the draft was mapped for
    draft_json      text         not null,             -- canonical JSON (CANONICAL-MODEL §5), transport data only
    updated_at      timestamp    not null
);
