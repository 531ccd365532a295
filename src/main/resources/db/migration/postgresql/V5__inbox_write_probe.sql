-- Readiness's write probe (InboxWritability): a row inserted here and deleted again in one
-- committed transaction, to learn whether the inbox can commit. Empty between probes. (The
-- filler is what makes the row need fresh pages on SQLite; the same table on both.)
CREATE TABLE inbox_write_probe (
    id        BIGSERIAL PRIMARY KEY,
    probed_at BIGINT NOT NULL,
    filler    BYTEA  NOT NULL
);
