-- The outbox's reasons (why a push waits) become a code and its parameters (JSON), like the run
-- history's: text written before keeps its wording, as the "text" message in both languages.
UPDATE cloud_outbox
SET reason = json_object('code', 'text', 'params', json_object('es', reason, 'en', reason))::VARCHAR
WHERE reason IS NOT NULL AND NOT starts_with(reason, '{');
