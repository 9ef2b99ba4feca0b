-- The load ledger's and the quarantine's messages become a code and its parameters (JSON), like the
-- run history's: text written before keeps its wording, as the "text" message in both languages.
UPDATE load_ledger
SET message = json_object('code', 'text', 'params', json_object('es', message, 'en', message))::VARCHAR
WHERE NOT starts_with(message, '{');

UPDATE quarantine_file
SET message = json_object('code', 'text', 'params', json_object('es', message, 'en', message))::VARCHAR
WHERE NOT starts_with(message, '{');
