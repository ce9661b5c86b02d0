-- Issue 15, re-evaluation: the rule pack each declaration's latest signed revision was evaluated
-- under, with that revision's signed canonical JSON (emissions keep their bytes only for pull
-- backends). When the pack in force for the regime changes (a boundary passes, or an operator's
-- correction bumps a version), the job re-evaluates the rows under an older pack; checked_pack_*
-- records the pack a row was last checked against, set by a conditional update that is also the
-- claim: of several gateway instances, one re-evaluates a row per pack.
create table rule_evaluation (
    declaration_id        varchar(36)  primary key,
    revision              integer      not null,
    regime                varchar(16)  not null,
    pack_id               varchar(64)  not null,
    pack_version          integer      not null,
    date_basis            varchar(16)  not null,
    pack_date             date         not null,
    declaration_json      text         not null,
    evaluated_at          timestamp    not null,
    checked_pack_id       varchar(64),
    checked_pack_version  integer,
    checked_at            timestamp
);
create index ix_rule_evaluation_pack on rule_evaluation (regime, pack_id, pack_version);
