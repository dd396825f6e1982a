-- The checkpoint store's tables, as the stores created them before migrations (IF NOT EXISTS: a state folder from
-- before keeps its tables; Flyway baselines it at version 0 and runs this). Shared by SQLite and PostgreSQL:
-- ${without_rowid} is SQLite's clustered-key storage, nothing on PostgreSQL. No statement names a schema.
CREATE TABLE IF NOT EXISTS checkpoint (stream TEXT PRIMARY KEY, watermark TEXT);
CREATE TABLE IF NOT EXISTS delivered (stream TEXT, sink TEXT, id TEXT, hash TEXT,
    PRIMARY KEY (stream, sink, id))${without_rowid};
CREATE TABLE IF NOT EXISTS pending (run_id TEXT, sink TEXT, id TEXT, hash TEXT,
    PRIMARY KEY (run_id, sink, id))${without_rowid};
CREATE TABLE IF NOT EXISTS dead_letters (stream TEXT, sink TEXT, id TEXT, hash TEXT, record TEXT, reason TEXT,
    failed_at TEXT, attempts INTEGER, PRIMARY KEY (stream, sink, id))${without_rowid};
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, stream TEXT, state TEXT, watermark TEXT);
CREATE TABLE IF NOT EXISTS ticket_links (system TEXT, issue_id TEXT, ticket_key TEXT, PRIMARY KEY (system, issue_id));
CREATE TABLE IF NOT EXISTS webhook_events (event_key TEXT PRIMARY KEY, issue_id TEXT NOT NULL, trigger TEXT NOT NULL,
    event_time TEXT NOT NULL, received_ms BIGINT NOT NULL, state TEXT NOT NULL, not_before_ms BIGINT NOT NULL,
    done_ms BIGINT);
CREATE INDEX IF NOT EXISTS webhook_events_state ON webhook_events (state, not_before_ms);
