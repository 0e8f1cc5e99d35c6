-- Console sign-in sessions (issue 13). Numbered after the issue, not the next free version, so
-- it cannot collide with a migration added on another branch meanwhile. Portable SQL: runs
-- unchanged on H2 and PostgreSQL. Only hashes are stored: neither the session id the browser
-- holds nor the API key it signed in with can be read back from this table.
create table console_sessions (
    id_hash    varchar(64)  primary key,
    role       varchar(20)  not null,
    key_hash   varchar(64)  not null,
    csrf_token varchar(64)  not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null
);
create index console_sessions_expires on console_sessions (expires_at);
