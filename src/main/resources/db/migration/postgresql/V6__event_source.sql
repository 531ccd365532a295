-- How each event came (webhook, or catch-up from neoagent's lead list), and its creation time to the
-- second (epoch seconds; NULL when it carries none that reads as a time). The catch-up stores a record
-- only when no event of the same chatbot, session and Type is held (with the same creation time where
-- both carry one): the index makes that one lookup. Events stored before this version count as webhook
-- ones without a creation time.
ALTER TABLE inbox_event ADD COLUMN source TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE inbox_event ADD COLUMN create_time BIGINT;
CREATE INDEX inbox_event_conversation ON inbox_event (serial_number, session_id, event_type);
