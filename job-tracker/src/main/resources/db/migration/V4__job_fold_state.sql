-- What the incremental fold goes on from: the folded status with the last event folded and whether the command
-- and a dead letter were. NULL (jobs folded before this migration) makes the next input refold the job from its
-- history, which writes it.
ALTER TABLE job ADD COLUMN fold_state JSONB;
