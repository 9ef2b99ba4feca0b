-- gap_domain_state.fingerprint was written by every refresh and read by nothing: which domains a
-- refresh recomputes comes from the loads that changed (gaps/folios.py). Computing it was a
-- fifth of a full recompute.
ALTER TABLE gap_domain_state DROP COLUMN fingerprint;
