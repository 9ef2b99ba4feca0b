-- Factoring operations (DOMAIN §7, "Factoring"): one row per invoice the supplier discounted with
-- a factor, versioned like every dataset, so a later statement that moves an operation from
-- offered to assigned, collected_by_factor or settled closes the earlier version.
-- invoice_key is the CFDI UUID when the statement gives it, else the folio as stated (resolved to
-- a UUID through the register and the CFDI by the views). Amounts in pesos; advance_pct as a
-- fraction (0.90 = 90 %); discount_rate yearly, as a fraction.
CREATE TABLE factoring_operation (
    factor          VARCHAR NOT NULL,
    invoice_key     VARCHAR NOT NULL,
    uuid            VARCHAR,
    folio           VARCHAR,
    state           VARCHAR NOT NULL,
    offer_date      DATE,
    advance_date    DATE,
    due_date        DATE,
    collected_date  DATE,
    settled_date    DATE,
    face_amount     DECIMAL(18,2) NOT NULL,
    advance_pct     DECIMAL(9,4),
    advance_amount  DECIMAL(18,2),
    reserve_amount  DECIMAL(18,2),
    fee_amount      DECIMAL(18,2),
    discount_rate   DECIMAL(9,6),
    recourse        BOOLEAN NOT NULL,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- Analytics views (generated from o2c_desktop/services/analytics/sql by
-- o2c_desktop.services.analytics.views.migration_sql; edit those files, not this one).
-- analytics_params holds the defaults: today and everything known; the program binds
-- other dates and settings by stacking the same SQL as CTEs (see views.py).

CREATE OR REPLACE VIEW asof_factoring_operation AS SELECT t.* FROM factoring_operation AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

