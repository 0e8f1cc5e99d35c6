-- Pipeline v2. Portable SQL: runs unchanged on H2 and PostgreSQL.

-- Claims carry a fencing token: the owner (an instance id) and an epoch bumped at every takeover.
-- A live action is 'pending' whatever its sender is doing; 'sending' is gone (owner and lease say it).
alter table actions add column owner varchar(80);
alter table actions add column epoch bigint default 0 not null;
update actions set status = 'pending', claimed_until = next_attempt_at where status = 'sending';
update actions set claimed_until = next_attempt_at where status = 'pending' and claimed_until is null;
-- The recovery scan walks live actions only: (status, claimed_until), no OR across columns.
drop index actions_due;
create index actions_live on actions (status, claimed_until);

-- Pooled ids (allocation blocks of 50) instead of IDENTITY, so inserts can be JDBC-batched.
-- V3_1 moves each sequence past the ids already stored.
create sequence events_seq start with 1 increment by 50;
create sequence executions_seq start with 1 increment by 50;
create sequence actions_seq start with 1 increment by 50;
create sequence action_attempts_seq start with 1 increment by 50;

-- Known state: no global revision row any more. Each write takes a number from a sequence, so a
-- replica reads only what changed since it last looked (an index range, no lock, no hot row).
drop table state_revision;
alter table snapshots add column version bigint default 0 not null;
create sequence snapshots_version_seq start with 1 increment by 1;
create index snapshots_version on snapshots (version);
