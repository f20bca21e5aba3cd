-- Who asked for a job is in its request (requestedBy: {id, name, type}, set by the gateway from the caller's token);
-- lists filter on it (JobFilter.requestedBy), by object id or by name.
CREATE INDEX job_requested_by_id ON job ((request -> 'requestedBy' ->> 'id'));
CREATE INDEX job_requested_by_name ON job ((lower(request -> 'requestedBy' ->> 'name')));

-- Who asked for a job's cancel (CancelJob.requestedBy), shown with the cancel request.
ALTER TABLE job ADD COLUMN cancel_requested_by JSONB;
