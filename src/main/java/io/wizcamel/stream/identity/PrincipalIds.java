package io.wizcamel.stream.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.wizcamel.state.StateArea;
import io.wizcamel.state.StateBacked;
import io.wizcamel.state.StateRef;
import io.wizcamel.state.StateStore;

/**
 * Every Wiz id a person (keyed by lower-cased email) has been seen under, in any crawl: the users id, the
 * userAccounts id, the project-owner id. Wiz gives one person a different id in each, so a grant can only name all
 * of them by joining crawls, and a crawl's pages may not be held in memory for that: the ids live in the state
 * directory ({@code principals.db}, SQLite), asked for one page of people at a time.
 *
 * <p>A file of its own, not the ledger's {@code wiz-camel.db}: the ledger keeps a write transaction open across a
 * run's pages while it is that file's one connection, which a second writer would have to wait for.
 */
public class PrincipalIds extends StateBacked {

    /** one person seen under one id, and where */
    public record Sighting(String email, String id, String seenIn) { }

    public PrincipalIds(String stateDir) {
        this(StateRef.of(stateDir));
    }

    /** in the given state store (a tenant's, a test's); the YAML beans take the context's ({@link StateStore#of}) */
    public static PrincipalIds in(StateStore store) {
        return new PrincipalIds(StateRef.of(store));
    }

    private PrincipalIds(StateRef store) {
        super(store, StateArea.PRINCIPALS, "the principal ids");
    }

    /** Records the sightings and returns, for each email among them, every id it is known under, sorted. */
    public synchronized Map<String, List<String>> see(Collection<Sighting> sightings) throws SQLException {
        Map<String, TreeSet<String>> ids = new HashMap<>();
        if (sightings.isEmpty()) {
            return Map.of();
        }
        Connection c = db();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO principal_ids (email, id, seen_in) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Sighting s : sightings) {
                insert.setString(1, s.email());
                insert.setString(2, s.id());
                insert.setString(3, s.seenIn());
                insert.addBatch();
                ids.computeIfAbsent(s.email(), e -> new TreeSet<>());
            }
            insert.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement q = c.prepareStatement(
                "SELECT email, id FROM principal_ids WHERE email IN (" + marks + ")")) {
            int i = 1;
            for (String email : ids.keySet()) {
                q.setString(i++, email);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.get(rs.getString(1)).add(rs.getString(2));
                }
            }
        }
        Map<String, List<String>> out = new HashMap<>();
        ids.forEach((email, set) -> out.put(email, List.copyOf(set)));
        return out;
    }

    @Override
    protected void opened(Connection c) throws SQLException {
        if (!state().postgres()) {
            try (Statement s = c.createStatement()) {
                // a power cut may lose the last pages' ids: the next crawl sees them again
                s.execute("PRAGMA synchronous=NORMAL");
            }
        }
    }
}
