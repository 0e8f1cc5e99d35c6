-- What the last read of a poller could not read whole (items skipped, fields read as null), and
-- how long its last round took (a round longer than the interval stretches the cycle).
alter table poll_cursors add column last_problems varchar(2000);
alter table poll_cursors add column round_millis bigint;
