-- Every index is written at every commit that adds an event: keep only those a query needs.
-- Events are decided as they are stored, so "unprocessed" only finds rows an older version left:
-- the one recovery scan at start reads them without an index. Lists filtered by type walk the
-- received_at index (newest first) and filter, which the page size bounds.
drop index events_unprocessed;
drop index events_type_received;
