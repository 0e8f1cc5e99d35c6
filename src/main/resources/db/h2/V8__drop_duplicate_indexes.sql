-- H2 only (quarkus.flyway.locations adds db/<db-kind>): H2 gives every foreign key an index of its
-- own, so these two, created for PostgreSQL (which indexes no foreign key by itself), repeat one on
-- the same column. Each index is written at every commit that adds a row: two of the ~20 index and
-- table writes an event costs. Lookups by event and by action use the foreign keys' indexes.
drop index executions_event;
drop index action_attempts_action;
