-- Whether a retrying delivery's last failure was its channel being down (no connection, a timeout, HTTP 5xx,
-- a refused login, the org's API limit): a failure any delivery of the channel would have had, not one of its
-- own. Once a delivery to the channel succeeds again, those waiting on such a retry are made due at once, so a
-- backlog goes out together (in full batches) instead of each on its own retry schedule. 1 or 0.
ALTER TABLE inbox_delivery ADD COLUMN channel_down INTEGER NOT NULL DEFAULT 0;
