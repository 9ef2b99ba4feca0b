-- Run history of portal syncs: each run, each report step, the files each step brought home,
-- and what the scheduler did (fired, skipped with a reason, caught up).

CREATE SEQUENCE sync_run_id_seq START 1;

CREATE TABLE sync_run (
    run_id        BIGINT PRIMARY KEY DEFAULT nextval('sync_run_id_seq'),
    trigger       VARCHAR NOT NULL,          -- manual | cli | schedule | catch-up | demo
    schedule_id   VARCHAR,
    portals       VARCHAR NOT NULL,          -- comma-separated portal ids
    range_from    DATE,
    range_to      DATE,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,          -- running | ok | partial | failed | cancelled | needs-human
    message       VARCHAR,
    evidence_dir  VARCHAR
);

CREATE TABLE sync_step (
    run_id        BIGINT NOT NULL,
    step_no       INTEGER NOT NULL,
    portal        VARCHAR NOT NULL,
    report        VARCHAR NOT NULL,
    range_from    DATE,
    range_to      DATE,
    status        VARCHAR NOT NULL,          -- running | ok | failed | cancelled | needs-human | skipped
    reason        VARCHAR,                   -- why skipped / failed, in Spanish
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    seconds       DOUBLE,
    files         INTEGER NOT NULL DEFAULT 0,
    error_message VARCHAR,
    error_details VARCHAR,
    evidence_dir  VARCHAR,
    pages         INTEGER,                   -- SAGI: pages read, to detect a partial extraction
    split_points  VARCHAR,                   -- PREI: JSON list of range cuts to remember
    PRIMARY KEY (run_id, step_no)
);

CREATE TABLE sync_step_file (
    run_id         BIGINT NOT NULL,
    step_no        INTEGER NOT NULL,
    sha256         VARCHAR(64) NOT NULL,
    original_name  VARCHAR NOT NULL,
    range_from     DATE,
    range_to       DATE,
    PRIMARY KEY (run_id, step_no, sha256)
);

CREATE TABLE schedule_event (
    schedule_id   VARCHAR NOT NULL,
    event_at      TIMESTAMP NOT NULL,
    kind          VARCHAR NOT NULL,          -- fired | skipped | missed | caught-up
    reason        VARCHAR,
    run_id        BIGINT
);
