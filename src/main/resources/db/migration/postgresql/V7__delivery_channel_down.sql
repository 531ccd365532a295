-- Whether a retrying delivery's last failure was its channel being down (no connection, a timeout, HTTP 5xx,
-- a refused login, the org's API limit): a failure any delivery of the channel would have had, not one of its
-- own. 1: it waits for the channel to deliver again; once a delivery to the channel succeeds, those are made due
-- at once, so a backlog goes out together (in full batches) instead of each on its own retry schedule, and become
-- 2. 2: brought forward once already; failing the same way again, it keeps its retry schedule (a delivery whose
-- "outage" is its own, such as an HTTP 500 for that one record, is not sent again after every success). 0: any
-- other delivery.
ALTER TABLE inbox_delivery ADD COLUMN channel_down INTEGER NOT NULL DEFAULT 0;
-- What a success brings forward, found without reading the channel's other retries.
CREATE INDEX inbox_delivery_channel_down ON inbox_delivery (channel, next_attempt_at) WHERE channel_down = 1;
