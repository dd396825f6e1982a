-- The resource deletions reported (io.wizcamel.stream.resources.ReportedDeletions); shared by both backends.
CREATE TABLE IF NOT EXISTS reported (id TEXT PRIMARY KEY, run_id TEXT, committed INTEGER);
