package io.wizcamel.state;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import org.apache.camel.CamelContext;

/**
 * A store's way to its {@link StateStore}: the one given (a test's, a tenant's), or the context's, found at first use
 * ({@link StateStore#of}): a bean made from YAML with the state directory learns its context only after construction.
 */
public final class StateRef {

    private final String stateDir;
    private StateStore store;
    private CamelContext context;

    private StateRef(String stateDir, StateStore store) {
        this.stateDir = stateDir;
        this.store = store;
    }

    public static StateRef of(StateStore store) {
        return new StateRef(store == null ? null : store.stateDir(), store);
    }

    /** the context's store (or, without a context, the SQLite files under the state directory) */
    public static StateRef of(String stateDir) {
        return new StateRef(stateDir, null);
    }

    public void context(CamelContext camelContext) {
        this.context = camelContext;
    }

    public CamelContext context() {
        return context;
    }

    public synchronized StateStore get() {
        if (store == null) {
            store = StateStore.of(context, stateDir);
        }
        return store;
    }

    /**
     * The area's connection: {@code current} while it is good (a daemon outlives a database restart), else a new
     * one (the caller sets up a new one: {@code result != current}). {@code what} names what the caller keeps there.
     */
    public Connection connection(StateArea area, Connection current, String what) {
        StateStore s = get();
        try {
            Connection c = current == null ? null : s.valid(area, current);
            return c != null ? c : s.open(area);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot " + (current == null ? "open " : "reconnect to ") + what + " in "
                    + s.describe() + ": " + e.getMessage(), e);
        }
    }
}
