-- The inbox: every accepted event once, and one delivery per channel it goes to.
-- Times are epoch milliseconds (the same on SQLite and PostgreSQL).
CREATE TABLE inbox_event (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_key     TEXT    NOT NULL UNIQUE,  -- SHA-256 of the JSON.stringify form: deduplication
    received_at   INTEGER NOT NULL,
    event_type    TEXT,
    serial_number TEXT,
    session_id    TEXT,
    payload       TEXT    NOT NULL          -- the event as neoagent signed it (JSON.stringify form)
);
CREATE INDEX inbox_event_received_at ON inbox_event (received_at);

CREATE TABLE inbox_delivery (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        INTEGER NOT NULL REFERENCES inbox_event (id),
    channel         TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'retrying', 'delivered', 'dead', 'held')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner     TEXT,
    lease_until     INTEGER,
    last_error      TEXT,
    result_id       TEXT,                   -- Salesforce record id, e-mail Message-ID
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (event_id, channel)
);
CREATE INDEX inbox_delivery_due ON inbox_delivery (state, next_attempt_at);
