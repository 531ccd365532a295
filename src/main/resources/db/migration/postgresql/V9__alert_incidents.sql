-- Alerts (io.neoagent.bridge.alerts): one row per incident of a channel, from when it began to fail
-- until it worked again. At most one open incident per channel, whichever instance saw it first; each
-- alert is claimed by the one instance that sends it (alerted_at, recovery_alerted_at), so several
-- bridges on one inbox announce each incident once.
CREATE TABLE alert_incident (
    id                  BIGSERIAL PRIMARY KEY,
    channel             TEXT    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('dead', 'failing')),
    opened_at           BIGINT  NOT NULL,
    reason              TEXT,
    alerted_at          BIGINT,
    closed_at           BIGINT,
    recovery_alerted_at BIGINT
);
CREATE UNIQUE INDEX alert_incident_open ON alert_incident (channel) WHERE closed_at IS NULL;
CREATE INDEX alert_incident_closed ON alert_incident (channel, closed_at);
