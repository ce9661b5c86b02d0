-- AS2 ingress (CUSTOMS-AND-POSTAL-INTERFACES §2.1): Message-IDs of AS2 messages the gateway has
-- processed, per partner, so a resend with the same Message-ID is receipted again but processed
-- once. Only processed messages are recorded: a message that failed a security check may be sent
-- again under the same Message-ID. Written for H2 (MODE=PostgreSQL) and PostgreSQL alike.

create table as2_message (
    partner_id          varchar(35)   not null,
    message_id          varchar(998)  not null,            -- RFC 5322 §2.1.1 line limit, brackets included
    ingress_id          varchar(36),                       -- the ingress pass it went through
    outcome             varchar(20)   not null,            -- ACCEPTED | REPLAYED | REJECTED (interchange level)
    mic                 varchar(200),                      -- Received-Content-MIC of the first receipt
    received_at         timestamp     not null,
    constraint pk_as2_message primary key (partner_id, message_id)
);

create index ix_as2_message_received on as2_message (received_at);

-- Outbound AS2 (CUSTOMS-AND-POSTAL §2.1): delivery state of outbox entries sent to partners with an
-- AS2 url. The outbox entry stays pending (acked_at null) until a verified positive MDN arrives.
create table as2_delivery (
    outbox_id           varchar(36)   primary key,
    partner_id          varchar(35)   not null,
    message_id          varchar(998),                      -- Message-ID of the last attempt
    attempts            integer       not null,
    state               varchar(10)   not null,            -- PENDING | DELIVERED
    next_attempt_at     timestamp     not null,
    last_error          varchar(1000),
    updated_at          timestamp     not null
);
