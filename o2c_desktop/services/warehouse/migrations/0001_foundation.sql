-- Foundation: the record of which migrations this file has been through. Every later migration
-- adds one row here in the same transaction as its own changes.

CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);
