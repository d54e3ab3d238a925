-- A batch submitted with an Idempotency-Key: a repeat gets the first batch (per owner), another
-- batch under the same key is refused. fingerprint: SHA-256 of the batch as validated (rows,
-- their file names and image keys, the skipped rows).
ALTER TABLE batches ADD COLUMN idempotency_key text, ADD COLUMN fingerprint text;
CREATE UNIQUE INDEX batches_by_idempotency_key ON batches (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
