package io.wizcamel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsSchema;
import org.junit.jupiter.api.Test;

/** The state room's checks, and no password of the state database in a message. */
class StateSettingsTest {

    static Properties valid() {
        Properties p = SettingsSchema.load().defaults();
        p.setProperty("wiz.api-url", "https://api.us17.app.wiz.io/graphql");
        p.setProperty("wiz.client-id", "id");
        p.setProperty("wiz.client-secret", "secret");
        return p;
    }

    @Test
    void passwordsInAJdbcUrlAreMasked() {
        assertEquals("jdbc:postgresql://db:5432/wiz?user=wiz&password=*****&ssl=true",
                JdbcUrls.mask("jdbc:postgresql://db:5432/wiz?user=wiz&password=s3cret&ssl=true"));
        assertEquals("jdbc:postgresql://wiz:*****@db/wiz", JdbcUrls.mask("jdbc:postgresql://wiz:s3cret@db/wiz"));
        assertEquals("jdbc:postgresql://db/wiz", JdbcUrls.mask("jdbc:postgresql://db/wiz"));
        assertEquals("failed for jdbc:postgresql://db/wiz?password=***** with *****",
                JdbcUrls.scrub("failed for jdbc:postgresql://db/wiz?password=p1 with p2", "jdbc:postgresql://db/wiz?password=p1", "p2"));
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedNamingTheKeyWithoutItsPassword() {
        Properties p = valid();
        p.setProperty("wiz.state.jdbc-url", "jdbc:mysql://db/wiz?password=hunter2");
        p.setProperty("wiz.state.jdbc-schema", "wiz; drop");
        String m = assertThrows(IllegalArgumentException.class,
                () -> ConfigCheck.check(p::getProperty, Set.of(), Map.of())).getMessage();
        assertTrue(m.contains("wiz.state.jdbc-url (WIZ_STATE_JDBC_URL)") && m.contains("jdbc:postgresql://"), m);
        assertTrue(m.contains("wiz.state.jdbc-schema (WIZ_STATE_JDBC_SCHEMA)"), m);
        assertFalse(m.contains("hunter2"), m);
        Properties ok = valid();
        ok.setProperty("wiz.state.jdbc-url", "jdbc:postgresql://db/wiz");
        ConfigCheck.check(ok::getProperty, Set.of(), Map.of());
    }

    @Test
    void aDatabaseThatCannotBeReachedIsNamedWithoutThePassword() {
        StateStore store = new StateStore("unused", "jdbc:postgresql://127.0.0.1:1/wiz?password=hunter2&connectTimeout=2",
                "wiz", "wiz", 2).password("pw-hunter3");
        try (store) {
            SQLException e = assertThrows(SQLException.class, () -> store.open(StateArea.CORE));
            String all = e.toString() + (e.getCause() == null ? "" : e.getCause().toString());
            assertTrue(all.contains("jdbc:postgresql://127.0.0.1:1/wiz?password=*****"), all);
            assertFalse(all.contains("hunter2") || all.contains("hunter3"), all);
        }
    }
}
