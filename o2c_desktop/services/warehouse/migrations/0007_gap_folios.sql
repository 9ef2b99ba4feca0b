-- Invoice sequence gaps, kept incrementally (DOMAIN §8): the current invoices of
-- `sequence_invoice` already parsed into typed sequence positions, so a gap refresh never re-runs
-- the folio pattern over every row and its window functions partition on a small integer.
-- Everything here is derived from `sequence_invoice` and the gap settings and can be rebuilt.

CREATE SEQUENCE gap_domain_id_seq START 1;

-- One id per sequence domain (issuer RFC, store, serie after the prefix split); ids never change.
CREATE TABLE gap_domain (
    domain_id   INTEGER PRIMARY KEY,
    issuer_rfc  VARCHAR NOT NULL,
    store_id    VARCHAR NOT NULL,
    serie       VARCHAR NOT NULL,
    UNIQUE (issuer_rfc, store_id, serie)
);

-- The current rows (valid_to IS NULL) of sequence_invoice, one per row, in sequence terms.
CREATE TABLE gap_folio (
    domain_id    INTEGER NOT NULL,
    load_id      BIGINT NOT NULL,     -- the load the row came from: the unit of re-parsing
    folio        VARCHAR NOT NULL,    -- trimmed text as stored
    folio_num    BIGINT,              -- NULL = non-numeric, listed apart
    uuid         VARCHAR,             -- upper-cased and trimmed
    uuid_hash    UBIGINT,
    issued_at    TIMESTAMP,
    uploaded_at  TIMESTAMP,
    known_at     TIMESTAMP NOT NULL,  -- upload time, else issue time, else the version's start
    cancelled    BOOLEAN NOT NULL
);

-- What gap_folio last saw of each load: a load whose figures differ (new rows, versions closed or
-- moved by a later snapshot) is parsed again; the others are left alone.
CREATE TABLE gap_folio_load (
    load_id         BIGINT NOT NULL,
    row_count       BIGINT NOT NULL,
    closed_rows     BIGINT NOT NULL,
    valid_from_sum  HUGEINT NOT NULL,
    valid_to_sum    HUGEINT NOT NULL,
    folio_pattern   VARCHAR NOT NULL   -- the pattern the rows were parsed with
);
