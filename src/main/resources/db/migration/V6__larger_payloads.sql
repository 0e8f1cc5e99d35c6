-- An event's payload and an action's parameters hold any webhook body the HTTP layer accepts
-- (512 KB, re-serialized: up to ~1.5 times longer). 400,000 characters made a 450 KB webhook
-- fail at every try (an endless 503). 1,000,000 is H2's longest varchar; on PostgreSQL,
-- widening a varchar rewrites nothing.
alter table events alter column payload set data type varchar(1000000);
alter table actions alter column params set data type varchar(1000000);
