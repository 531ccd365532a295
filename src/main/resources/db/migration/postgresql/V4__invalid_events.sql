-- A request signed by neoagent that fails the bridge's stricter checks is kept as an invalid event: its body as
-- received (payload), why it was refused, and no delivery. NULL for every valid event.
ALTER TABLE inbox_event ADD COLUMN invalid_reason TEXT;

-- Health reads each channel's latest delivery per state: an index lookup instead of a scan of every delivery.
CREATE INDEX inbox_delivery_latest ON inbox_delivery (channel, state, updated_at);
