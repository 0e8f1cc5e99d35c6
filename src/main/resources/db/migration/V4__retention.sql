-- Retention picks its chunks by age (events.received_at < cutoff): without this index every run scans
-- the whole events table. Portable SQL: runs unchanged on H2 and PostgreSQL.
-- V4, not V3: V3 is taken by a parallel change.
create index events_received on events (received_at);
