-- Each claim writes a fresh random token; an outcome or a lease renewal is written only while the row
-- still carries the token of the claim it belongs to. The owner alone cannot tell two claims of one
-- instance apart (a lease that ran out and was claimed again by the same instance).
ALTER TABLE inbox_delivery ADD COLUMN lease_token TEXT;
