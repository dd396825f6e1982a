package io.wizcamel.state;

import java.sql.Connection;
import java.sql.SQLException;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * A store that keeps its tables in one area of the state store (ticket links, principal ids, the webhook queue...):
 * its connection, opened at first use (a bean made from YAML learns its context, and with it the state store, only
 * after construction), checked again at each use and replaced when the database was restarted, and given back at
 * close.
 */
public abstract class StateBacked implements AutoCloseable, CamelContextAware {

    private final StateRef store;
    private final StateArea area;
    private final String what;
    private Connection db;

    /** @param what what the store keeps there, for messages: "the ticket links" */
    protected StateBacked(StateRef store, StateArea area, String what) {
        this.store = store;
        this.area = area;
        this.what = what;
    }

    /** the area's connection: the one in use while it is good, else a new one, set up by {@link #opened} */
    protected Connection db() throws SQLException {
        Connection c = store.connection(area, db, what);
        if (c != db) {
            db = c;
            opened(c);
        }
        return db;
    }

    /** sets up a connection just opened (SQLite pragmas, state a stopped process left); nothing by default */
    protected void opened(Connection c) throws SQLException {
    }

    protected StateStore state() {
        return store.get();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        store.context(camelContext);
    }

    @Override
    public CamelContext getCamelContext() {
        return store.context();
    }

    @Override
    public synchronized void close() throws SQLException {
        if (db != null) {
            store.get().release(area, db);
            db = null;
        }
    }
}
