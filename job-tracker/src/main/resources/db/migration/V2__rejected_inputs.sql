-- Records the tracker read but could not fold (not a CloudEvent, unknown type, schema violation, a dead letter
-- without a job id...). Kept so that nothing is ever only a log line: the API lists them, newest first.
CREATE TABLE rejected_input (
    id               BIGSERIAL PRIMARY KEY,
    topic            TEXT        NOT NULL,
    kafka_partition  INTEGER     NOT NULL,
    kafka_offset     BIGINT      NOT NULL,
    record_key       TEXT,
    -- The job the record seems to be about, when anything in it tells (ce_subject, subject, jobId in the data).
    job_id           TEXT,
    reason           TEXT        NOT NULL,
    -- The start of the value as text (size-capped), and the size of the whole value; null for a tombstone.
    preview          TEXT,
    value_bytes      INTEGER,
    record_time      TIMESTAMPTZ,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A replayed batch stores nothing twice.
    UNIQUE (topic, kafka_partition, kafka_offset)
);
CREATE INDEX rejected_input_newest ON rejected_input (id DESC);
