-- Which write of a job's fold state is stored: a fresh number from a sequence on every write of the row. A tracker
-- keeps the states it wrote with their numbers and reads fold_state again only when the stored number is another
-- (another tracker wrote since, or its own transaction rolled back: a sequence's numbers are never reused).
CREATE SEQUENCE job_fold_version_seq;
ALTER TABLE job ADD COLUMN fold_version BIGINT;
-- The fold state is stored as a checkpoint now and then, not with every write: the last job_input id it has folded.
-- NULL with a fold state: written before this migration, with every write, so it has folded every input.
ALTER TABLE job ADD COLUMN fold_input_id BIGINT;
