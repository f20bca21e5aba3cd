-- What the API shows without reading whole requests or histories: a request summary for lists, attempts as
-- users count them (1, 2, 3 with their starts), and the last event time that stalls are measured from.
ALTER TABLE job
    ADD COLUMN request_summary JSONB,
    ADD COLUMN attempt_number  INTEGER,
    ADD COLUMN attempts        JSONB,
    ADD COLUMN last_event_at   TIMESTAMPTZ;

-- Jobs folded before this migration get what their history says, as the fold computes it. Their
-- request_summary stays NULL: the tracker summarises their request when it reads them, until their next input
-- refolds them.
UPDATE job j SET last_event_at = h.last
FROM (SELECT job_id, max(occurred_at) AS last FROM job_input WHERE category <> 'CANCEL' GROUP BY job_id) h
WHERE h.job_id = j.job_id;

WITH attempt_start AS (
    SELECT i.job_id, i.attempt, (array_agg(i.occurred_at ORDER BY i.sequence))[1] AS started_at,
           row_number() OVER (PARTITION BY i.job_id ORDER BY i.attempt) AS number
    FROM job_input i JOIN job j ON j.job_id = i.job_id
    WHERE i.category = 'EVENT' AND i.attempt <= j.attempt
    GROUP BY i.job_id, i.attempt)
UPDATE job j SET attempt_number = a.latest, attempts = a.list
FROM (SELECT job_id, max(number) AS latest,
             jsonb_agg(jsonb_build_object('number', number, 'startedAt',
                     to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) ORDER BY number) AS list
      FROM attempt_start GROUP BY job_id) a
WHERE a.job_id = j.job_id;

-- The stalled filter: jobs that have not completed, by how long they have been silent.
CREATE INDEX job_open_last_event ON job (last_event_at) WHERE lifecycle <> 'COMPLETED';
