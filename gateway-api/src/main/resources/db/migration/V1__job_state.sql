-- Job and batch state. Only the gateway tier writes it; every change of status is one UPDATE
-- guarded by the statuses it may come from, so no result is applied twice or out of order.

CREATE TABLE jobs (
    id              uuid        PRIMARY KEY,
    owner           text        NOT NULL,            -- hex SHA-256 of the API key; '' without one
    idempotency_key text,                            -- the client's Idempotency-Key, per owner
    status          text        NOT NULL CHECK (status IN ('QUEUED', 'PROCESSING', 'DONE', 'FAILED')),
    request         jsonb       NOT NULL,            -- the validated, normalised render request
    image_key       text        NOT NULL,            -- content-addressed: known before rendering
    verified        boolean     NOT NULL DEFAULT false,
    attempts        integer     NOT NULL DEFAULT 0,  -- PROCESSING reports received
    publishes       integer     NOT NULL DEFAULT 1,  -- times its message was published
    error           text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    published_at    timestamptz                      -- the broker's confirm; NULL while submitting
);
-- stuck jobs
CREATE INDEX jobs_unfinished ON jobs (updated_at) WHERE status IN ('QUEUED', 'PROCESSING');
-- a caller's jobs, newest first
CREATE INDEX jobs_by_owner ON jobs (owner, created_at DESC, id DESC);
CREATE UNIQUE INDEX jobs_by_idempotency_key ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- retention
CREATE INDEX jobs_by_created ON jobs (created_at);
-- images still in use
CREATE INDEX jobs_by_image ON jobs (image_key);

CREATE TABLE batches (
    id         uuid        PRIMARY KEY,
    owner      text        NOT NULL,
    created_at timestamptz NOT NULL,
    total      integer     NOT NULL,                -- rows the client sent
    queued     integer     NOT NULL,                -- rows published as batch_items
    invalid    jsonb       NOT NULL                 -- rows skipped with skipInvalid, with their violations
);
CREATE INDEX batches_by_created ON batches (created_at);

CREATE TABLE batch_items (
    batch_id   uuid        NOT NULL REFERENCES batches ON DELETE CASCADE,
    row_no     integer     NOT NULL,                -- the client's row, from 1
    filename   text        NOT NULL,                -- its archive entry, unique within the batch
    request    jsonb       NOT NULL,
    image_key  text        NOT NULL,
    status     text        NOT NULL CHECK (status IN ('QUEUED', 'PROCESSING', 'DONE', 'FAILED')),
    error      text,
    publishes  integer     NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX batch_items_unfinished ON batch_items (updated_at) WHERE status IN ('QUEUED', 'PROCESSING');
CREATE INDEX batch_items_by_image ON batch_items (image_key);

-- Images in the bucket that a result has pointed to. last_used moves on with every job or row that
-- uses one; the janitor deletes an image only when nothing points to it and it is long unused.
CREATE TABLE images (
    key       text        PRIMARY KEY,
    size      bigint      NOT NULL,
    last_used timestamptz NOT NULL
);
CREATE INDEX images_by_last_used ON images (last_used);
