-- gap_ledger carries the integer id of its sequence domain (gap_domain), written by every
-- refresh: the refresh compares the open ranges with the new ones, and finds the ranges a new one
-- overlaps, on that integer instead of on the three text columns of the domain's name. The names
-- stay, for the reports, the views and the team warehouse.

-- A ledger or a domain state written before domain ids existed may name a domain that has none
-- yet (so a refresh no longer looks for such states).
INSERT INTO gap_domain
SELECT nextval('gap_domain_id_seq'), issuer_rfc, store_id, serie
FROM (SELECT issuer_rfc, store_id, serie FROM gap_ledger
      UNION SELECT issuer_rfc, store_id, serie FROM gap_domain_state) n
WHERE NOT EXISTS (SELECT 1 FROM gap_domain d WHERE d.issuer_rfc = n.issuer_rfc
                  AND d.store_id = n.store_id AND d.serie = n.serie)
ORDER BY issuer_rfc, store_id, serie;

-- The table is rebuilt rather than altered: DuckDB cannot make a column NOT NULL in the
-- transaction that filled it. Same columns in the same order, domain_id last.
CREATE TABLE gap_ledger_0011 (
    gap_id             BIGINT NOT NULL,
    issuer_rfc         VARCHAR NOT NULL,
    store_id           VARCHAR NOT NULL,
    serie              VARCHAR NOT NULL,
    gap_start          BIGINT NOT NULL,
    gap_end            BIGINT NOT NULL,
    missing            BIGINT NOT NULL,
    prev_folio         BIGINT,
    prev_issued_at     TIMESTAMP,
    prev_uploaded_at   TIMESTAMP,
    next_folio         BIGINT,
    next_issued_at     TIMESTAMP,
    next_uploaded_at   TIMESTAMP,
    first_detected_at  TIMESTAMP NOT NULL,
    opened_at          TIMESTAMP NOT NULL,
    opened_refresh     BIGINT NOT NULL,
    closed_at          TIMESTAMP,
    closed_by_uuid     VARCHAR,
    close_reason       VARCHAR,
    closed_refresh     BIGINT,
    parent_gap_id      BIGINT,
    domain_id          INTEGER NOT NULL     -- gap_domain.domain_id of (issuer_rfc, store_id, serie)
);

INSERT INTO gap_ledger_0011
SELECT g.*, d.domain_id
FROM gap_ledger g
JOIN gap_domain d ON d.issuer_rfc = g.issuer_rfc AND d.store_id = g.store_id
 AND d.serie = g.serie
ORDER BY g.gap_id;

DROP TABLE gap_ledger;

ALTER TABLE gap_ledger_0011 RENAME TO gap_ledger;
