-- This inbox's own random id, made once, when the inbox is created (or first started with this
-- version), and never changed. Delivery ids restart at 1 in a new inbox and repeat between
-- staging and production; with this id beside them, e-mail Message-IDs are unique everywhere.
CREATE TABLE inbox_identity (
    id       INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
    inbox_id TEXT    NOT NULL                     -- 32 hex digits (128 random bits)
);
INSERT INTO inbox_identity (id, inbox_id) VALUES (1, lower(hex(randomblob(16))));
