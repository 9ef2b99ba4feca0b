-- Run-history messages become a code and its parameters (JSON), rendered in the person's language
-- when shown. Text written before keeps its wording, as the "text" message in both languages.
UPDATE sync_run
SET message = json_object('code', 'text', 'params', json_object('es', message, 'en', message))::VARCHAR
WHERE message IS NOT NULL AND NOT starts_with(message, '{');

UPDATE sync_step
SET reason = json_object('code', 'text', 'params', json_object('es', reason, 'en', reason))::VARCHAR
WHERE reason IS NOT NULL AND NOT starts_with(reason, '{');

UPDATE sync_step
SET error_message = json_object(
    'code', 'text', 'params', json_object('es', error_message, 'en', error_message)
)::VARCHAR
WHERE error_message IS NOT NULL AND NOT starts_with(error_message, '{');

UPDATE schedule_event
SET reason = json_object('code', 'text', 'params', json_object('es', reason, 'en', reason))::VARCHAR
WHERE reason IS NOT NULL AND NOT starts_with(reason, '{');
