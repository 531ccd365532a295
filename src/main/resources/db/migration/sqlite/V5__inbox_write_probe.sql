-- Readiness's write probe (InboxWritability): a row inserted here and deleted again in one
-- committed transaction, to learn whether the inbox can commit. Empty between probes. The
-- filler makes the row need fresh pages, as storing events does, so a full disk fails it.
CREATE TABLE inbox_write_probe (
    id        INTEGER PRIMARY KEY,
    probed_at INTEGER NOT NULL,
    filler    BLOB    NOT NULL
);
