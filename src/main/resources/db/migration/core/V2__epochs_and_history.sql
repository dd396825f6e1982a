-- Fencing (docs/state.md): each stream's leadership epoch, raised by every run's start, and the epoch and owner
-- (the ledger that started it) of each run; a run commits only if no other owner started a newer epoch.
CREATE TABLE stream_epochs (stream TEXT PRIMARY KEY, epoch BIGINT NOT NULL, owner TEXT NOT NULL);
ALTER TABLE runs ADD COLUMN epoch BIGINT;
ALTER TABLE runs ADD COLUMN owner TEXT;
CREATE INDEX runs_open ON runs (state, stream);
-- the run history in the state store (--history), besides history.jsonl: one JSON line a run, in the order written
-- (${auto_id}: SQLite's INTEGER PRIMARY KEY, PostgreSQL's identity column)
CREATE TABLE run_history (seq ${auto_id}, run_id TEXT NOT NULL, stream TEXT NOT NULL, started_at TEXT,
    ended_at TEXT, outcome TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX run_history_stream ON run_history (stream, seq);
