-- The service-tickets stream's links (io.wizcamel.stream.tickets.ServiceTicketLinks); shared by both backends.
CREATE TABLE IF NOT EXISTS tickets (external_id TEXT PRIMARY KEY, name TEXT, url TEXT)${without_rowid};
CREATE TABLE IF NOT EXISTS ticket_issues (issue_id TEXT, external_id TEXT, crawl TEXT,
    PRIMARY KEY (issue_id, external_id))${without_rowid};
CREATE INDEX IF NOT EXISTS ticket_issues_by_ticket ON ticket_issues (external_id, issue_id);
