-- Foundation: what the program knows about its own demo-data generations.
-- Later migrations add the canonical tables of ingest, reconciliation, gaps and cloud.

CREATE SEQUENCE generation_run_id_seq START 1;

CREATE TABLE generation_run (
    run_id        BIGINT PRIMARY KEY DEFAULT nextval('generation_run_id_seq'),
    seed          BIGINT NOT NULL,
    scale         BIGINT NOT NULL,
    as_of         DATE NOT NULL,
    out_dir       VARCHAR NOT NULL,
    generated_at  TIMESTAMP NOT NULL,
    seconds       DOUBLE NOT NULL
);

CREATE TABLE generated_file (
    run_id      BIGINT NOT NULL REFERENCES generation_run (run_id),
    dataset     VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    sha256      VARCHAR(64) NOT NULL,
    size_bytes  BIGINT NOT NULL,
    rows        BIGINT NOT NULL,
    PRIMARY KEY (run_id, path)
);
