-- Invoice sequence gaps (DOMAIN §8): the gap ledger, per-domain refresh bookkeeping, exclusions
-- and flags. A sequence domain is (issuer_rfc, store_id, serie) after the serie prefix has been
-- split off the folio; the issuer's own series has store_id ''.
--
-- The ledger keeps one row per version of a gap *range* rather than one per missing folio: at the
-- scale of a mall operator (10 M invoices, ~1.7 M missing folios in ~0.7 M ranges) closing or
-- splitting a range is one row, and per-folio detail is expanded only for exports. A late CFDI that
-- fills part of a range closes that version (close_reason 'split') and opens the remaining pieces
-- as new versions that keep the original first_detected_at and point to it through parent_gap_id.
-- Every time is local wall time in America/Mexico_City. A report as of T reads the versions with
-- opened_at <= T and (closed_at IS NULL OR closed_at > T).

CREATE SEQUENCE gap_refresh_id_seq START 1;

CREATE TABLE gap_refresh (
    refresh_id          BIGINT PRIMARY KEY DEFAULT nextval('gap_refresh_id_seq'),
    as_of               TIMESTAMP NOT NULL,   -- what the refresh saw: invoices known before this
    started_at          TIMESTAMP NOT NULL,   -- wall clock (UTC)
    finished_at         TIMESTAMP,
    trigger_kind        VARCHAR NOT NULL,     -- cli | schedule | report | replay | test
    settings_hash       VARCHAR NOT NULL,     -- a change of the gap settings recomputes everything
    domains_total       BIGINT NOT NULL DEFAULT 0,
    domains_recomputed  BIGINT NOT NULL DEFAULT 0,
    gaps_opened         BIGINT NOT NULL DEFAULT 0,
    gaps_closed         BIGINT NOT NULL DEFAULT 0,
    seconds             DOUBLE
);

CREATE SEQUENCE gap_id_seq START 1;

CREATE TABLE gap_ledger (
    gap_id             BIGINT NOT NULL,
    issuer_rfc         VARCHAR NOT NULL,
    store_id           VARCHAR NOT NULL,
    serie              VARCHAR NOT NULL,
    gap_start          BIGINT NOT NULL,
    gap_end            BIGINT NOT NULL,
    missing            BIGINT NOT NULL,
    prev_folio         BIGINT,              -- the present folio just below, and its dates
    prev_issued_at     TIMESTAMP,
    prev_uploaded_at   TIMESTAMP,
    next_folio         BIGINT,              -- the present folio just above, and its dates
    next_issued_at     TIMESTAMP,
    next_uploaded_at   TIMESTAMP,
    first_detected_at  TIMESTAMP NOT NULL,  -- first refresh that saw any of these folios missing
    opened_at          TIMESTAMP NOT NULL,  -- first refresh that saw this exact range
    opened_refresh     BIGINT NOT NULL,
    closed_at          TIMESTAMP,
    closed_by_uuid     VARCHAR,             -- the late CFDI that filled (part of) the range
    close_reason       VARCHAR,             -- filled | split | reshaped
    closed_refresh     BIGINT,
    parent_gap_id      BIGINT               -- the range this one was split from
);

-- One row per domain as the last refresh saw it; `fingerprint` changes when the domain's
-- invoices change, and only those domains are recomputed.
CREATE TABLE gap_domain_state (
    issuer_rfc      VARCHAR NOT NULL,
    store_id        VARCHAR NOT NULL,
    serie           VARCHAR NOT NULL,
    fingerprint     BIGINT NOT NULL,
    invoices        BIGINT NOT NULL,
    first_folio     BIGINT,
    last_folio      BIGINT,
    duplicates      BIGINT NOT NULL,      -- folios carried by more than one UUID
    cancelled       BIGINT NOT NULL,      -- cancelled CFDI: present, not gaps
    non_numeric     BIGINT NOT NULL,      -- folios without a number: listed apart
    refresh_id      BIGINT NOT NULL,
    refreshed_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer_rfc, store_id, serie)
);

-- Folios never reported missing (known voided or test numbers), mirrored from the settings.
CREATE TABLE gap_exclusion (
    issuer_rfc  VARCHAR NOT NULL,
    store_id    VARCHAR NOT NULL,
    serie       VARCHAR NOT NULL,
    folio_from  BIGINT NOT NULL,
    folio_to    BIGINT NOT NULL,
    reason      VARCHAR NOT NULL
);

-- What is flagged instead of counted as missing: series restarts, absurd jumps (suspect_jump) and
-- duplicated folios; current per domain and replaced whenever the domain is recomputed.
CREATE TABLE gap_flag (
    issuer_rfc         VARCHAR NOT NULL,
    store_id           VARCHAR NOT NULL,
    serie              VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL,    -- restart | suspect_jump | duplicate
    folio_from         BIGINT NOT NULL,     -- present folio below the break (the duplicated one)
    folio_to           BIGINT NOT NULL,     -- present folio above the break (the duplicated one)
    skipped            BIGINT NOT NULL,     -- numbers between them, not counted as missing
    related_folio      BIGINT,              -- restart: the last folio of the previous series
    issued_at          TIMESTAMP,           -- when the break happened (restart, jump)
    detail             VARCHAR,             -- duplicate: the UUIDs, comma-separated
    first_detected_at  TIMESTAMP NOT NULL,
    refresh_id         BIGINT NOT NULL
);

-- Open gap ranges as the last refresh left them (portable SQL: also created on Snowflake).
CREATE VIEW gap_open AS
SELECT
    gap_id,
    issuer_rfc,
    store_id,
    serie,
    gap_start,
    gap_end,
    missing,
    prev_folio,
    prev_issued_at,
    next_folio,
    next_issued_at,
    first_detected_at,
    opened_at
FROM gap_ledger
WHERE closed_at IS NULL;

-- Missing folios per store over the open ranges.
CREATE VIEW gap_store_totals AS
SELECT
    issuer_rfc,
    store_id,
    COUNT(*) AS ranges,
    SUM(missing) AS missing
FROM gap_ledger
WHERE closed_at IS NULL
GROUP BY issuer_rfc, store_id;
