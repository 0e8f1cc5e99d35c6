-- The claim (last_run_at) of a poller's last round that ended, successfully or not: a round is
-- underway while last_run_at differs from it. A round used to count as underway until one
-- succeeded, so a failing button listing kept results adding buttons for as long as it failed.
-- A round that succeeded has ended.
alter table poll_cursors add column ended_run_at timestamp with time zone;
update poll_cursors set ended_run_at = last_success_at;
