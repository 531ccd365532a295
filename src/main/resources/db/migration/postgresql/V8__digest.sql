-- The daily digest (routes/staff-email.camel.yaml, route daily-digest): one row per local day it covers
-- (YYYY-MM-DD in staff-email.time-zone), written by the instance that claims the day. The primary key lets
-- exactly one of several instances sharing the inbox have a day; a claim whose lease ran out (a crashed
-- instance), or a failed send once its retry is due, is taken over. The oldest row tells since when the
-- digest runs: days before it are never sent. Times are epoch milliseconds on the database's clock.
CREATE TABLE digest_day (
    day           TEXT    PRIMARY KEY,
    state         TEXT    NOT NULL CHECK (state IN ('sending', 'failed', 'sent', 'skipped', 'missed')),
    claimed_by    TEXT,                   -- the instance sending it, or that tried last
    claim_token   TEXT,                   -- the claim's random token: only its own outcome is written
    claimed_until BIGINT,                 -- sending: the claim's lease; failed: when it is tried again
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,                   -- why the last attempt failed (no personal data)
    events        INTEGER,                -- the events it covered, once sent
    message_id    TEXT,
    sent_at       BIGINT,
    updated_at    BIGINT  NOT NULL
);
