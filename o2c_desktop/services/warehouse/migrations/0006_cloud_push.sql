-- Push to the team's S3 landing zone and Snowflake: the durable outbox and the local copy of the
-- Snowflake load ledger.
--
-- Every file the push sends is one outbox item per destination (s3 | snowflake), identified by
-- its content hash, so the same content is never queued twice for one destination. An item stays
-- 'queued' until its destination confirmed it; a failure only records why (in Spanish, for the
-- clerk) and when to try again. A newer full snapshot of a table supersedes an older one that is
-- still queued: it contains every row the older one had. No index: items are updated in place,
-- which DuckDB handles poorly on indexed rows; uniqueness is kept by the code that enqueues.

CREATE SEQUENCE cloud_outbox_id_seq START 1;

CREATE TABLE cloud_outbox (
    item_id          BIGINT NOT NULL DEFAULT nextval('cloud_outbox_id_seq'),
    destination      VARCHAR NOT NULL,      -- s3 | snowflake
    kind             VARCHAR NOT NULL,      -- raw (an archived input file) | table (a Parquet snapshot)
    dataset          VARCHAR NOT NULL,      -- table name, or the dataset kind of a raw file
    content_sha256   VARCHAR(64) NOT NULL,
    object_key       VARCHAR NOT NULL,      -- S3 key (also the stage path under the prefix)
    local_path       VARCHAR NOT NULL,      -- the file to send
    size_bytes       BIGINT NOT NULL,
    row_count        BIGINT,                -- table snapshots only
    status           VARCHAR NOT NULL,      -- queued | done | superseded
    attempts         INTEGER NOT NULL DEFAULT 0,
    reason           VARCHAR,               -- why it is still queued (Spanish)
    reason_details   VARCHAR,               -- technical details, never secrets
    outcome          VARCHAR,               -- done: uploaded | already-present | loaded | already-loaded
    enqueued_at      TIMESTAMP NOT NULL,
    last_attempt_at  TIMESTAMP,
    next_attempt_at  TIMESTAMP,
    done_at          TIMESTAMP
);

-- What this program loaded into Snowflake, mirroring the O2C_PUSH_LEDGER table kept there (the
-- one in Snowflake decides; this one lets the clerk see it offline).
CREATE TABLE snowflake_load (
    content_sha256  VARCHAR(64) NOT NULL,
    dataset         VARCHAR NOT NULL,
    row_count       BIGINT NOT NULL,
    merged_rows     BIGINT,
    deleted_rows    BIGINT,
    loaded_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (dataset, content_sha256)
);
