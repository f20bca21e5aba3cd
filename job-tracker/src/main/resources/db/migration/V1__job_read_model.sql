-- The job read model. Everything the tracker shows is derived from job_input (append-only), so a replay or a
-- redelivery can never change an answer: the projections below are recomputed from it.

-- Every change to a job's projection takes the next value; SSE clients resume from it (Last-Event-ID).
CREATE SEQUENCE job_change_seq;

CREATE TABLE job_input (
    id            BIGSERIAL PRIMARY KEY,
    job_id        TEXT        NOT NULL,
    -- Idempotency: one row per command (per job), per dead letter (per job), per event (job, attempt, sequence),
    -- per cancel request (CloudEvent id).
    dedup_key     TEXT        NOT NULL UNIQUE,
    category      TEXT        NOT NULL CHECK (category IN ('COMMAND', 'EVENT', 'DEAD_LETTER', 'CANCEL')),
    ce_id         TEXT,
    ce_type       TEXT        NOT NULL,
    topic         TEXT        NOT NULL,
    attempt       BIGINT,
    sequence      BIGINT,
    occurred_at   TIMESTAMPTZ NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason        TEXT,
    data          JSONB       NOT NULL
);
CREATE INDEX job_input_job ON job_input (job_id, id);

CREATE TABLE job (
    job_id                TEXT PRIMARY KEY,
    kind                  TEXT,
    workspace             TEXT,
    lifecycle             TEXT        NOT NULL CHECK (lifecycle IN ('QUEUED', 'RUNNING', 'COMPLETED')),
    outcome               TEXT        CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT')),
    attempt               BIGINT,
    current_step          TEXT,
    progress_percent      INTEGER     NOT NULL DEFAULT 0,
    request               JSONB,
    result                JSONB,
    error_code            TEXT,
    error_message         TEXT,
    error_request_id      TEXT,
    error_resource        TEXT,
    error_retriable       BOOLEAN,
    failed_step           TEXT,
    cancel_requested_at   TIMESTAMPTZ,
    cancel_reason         TEXT,
    created_at            TIMESTAMPTZ NOT NULL,
    started_at            TIMESTAMPTZ,
    finished_at           TIMESTAMPTZ,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    change_seq            BIGINT      NOT NULL,
    -- A digest of the projection: an input that changes nothing takes no change sequence and wakes no stream.
    fingerprint           TEXT        NOT NULL
);
CREATE INDEX job_created ON job (created_at DESC, job_id DESC);
CREATE INDEX job_updated ON job (updated_at DESC, job_id DESC);
CREATE INDEX job_change ON job (change_seq);
CREATE INDEX job_retention ON job (finished_at) WHERE lifecycle = 'COMPLETED';

CREATE TABLE job_step (
    job_id            TEXT    NOT NULL REFERENCES job (job_id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    name              TEXT    NOT NULL,
    state             TEXT    NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    done              BIGINT,
    total             BIGINT,
    unit              TEXT,
    percent_complete  INTEGER,
    detail            TEXT,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    output            JSONB,
    error_code        TEXT,
    error_message     TEXT,
    error_request_id  TEXT,
    error_resource    TEXT,
    error_retriable   BOOLEAN,
    PRIMARY KEY (job_id, name)
);
