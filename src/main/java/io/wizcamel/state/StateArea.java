package io.wizcamel.state;

/**
 * A group of state tables with its own migrations. With SQLite each is a file of its own under the state directory
 * (the ledger keeps a write transaction open across pages, which a writer to the same file would wait on); with
 * PostgreSQL they are all tables of the one database schema, each area with its own Flyway history table.
 */
public enum StateArea {

    /** the checkpoint store: checkpoint, delivered, pending, dead_letters, runs, stream_epochs, run_history,
     *  ticket_links, webhook_events */
    CORE("core", "wiz-camel.db"),
    /** the service-tickets stream's links (tickets, ticket_issues) */
    SERVICE_TICKETS("service_tickets", "service-tickets.db"),
    /** every Wiz id a person was seen under (principal_ids) */
    PRINCIPALS("principals", "principals.db"),
    /** the technologies of each resource (hosted, refreshed) */
    RESOURCE_TECHNOLOGIES("resource_technologies", "resource-technologies.db"),
    /** the resource deletions reported (reported) */
    RESOURCE_DELETIONS("resource_deletions", "resource-deletions.db");

    private final String id;
    private final String file;

    StateArea(String id, String file) {
        this.id = id;
        this.file = file;
    }

    /** the migrations' folder under db/migration/ and the history table's infix */
    public String id() {
        return id;
    }

    /** the SQLite file under the state directory */
    public String file() {
        return file;
    }

    /** Flyway's history table of the area */
    public String historyTable() {
        return "flyway_" + id + "_history";
    }
}
