package io.wizcamel.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** What each tenant runs with on top of the shared settings: its folders and, with PostgreSQL, its schema. */
class TenantsOverlayTest {

    static final List<String> TENANTS = List.of("eu", "us-east");

    static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void eachTenantHasItsOwnFoldersAndNoSchemaWithSqlite() {
        Properties own = Tenants.overlay("eu", TENANTS, props("wiz.state-dir", "/var/lib/wiz"), Map.of(), props());
        assertEquals(Path.of("/var/lib/wiz/eu").toString(), own.getProperty("wiz.state-dir"));
        assertEquals("eu", own.getProperty("wiz.tenant"));
        assertNull(own.getProperty("wiz.state.jdbc-schema"));
    }

    @Test
    void withPostgresEachTenantHasItsOwnSchemaUnlessItNamesOne() {
        Properties file = props("wiz.state.jdbc-url", "jdbc:postgresql://db:5432/wiz");
        assertEquals("wiz_eu", Tenants.overlay("eu", TENANTS, props(), Map.of(), file)
                .getProperty("wiz.state.jdbc-schema"));
        assertEquals("wiz_us_east", Tenants.overlay("us-east", TENANTS, props(), Map.of(), file)
                .getProperty("wiz.state.jdbc-schema"));
        assertEquals("sec_eu", Tenants.overlay("eu", TENANTS, props(), Map.of("WIZ_STATE_JDBC_SCHEMA", "sec"), file)
                .getProperty("wiz.state.jdbc-schema"));
        assertEquals("emea", Tenants.overlay("eu", TENANTS, props(), Map.of("WIZ_TENANT_EU_STATE_JDBC_SCHEMA", "emea"),
                file).getProperty("wiz.state.jdbc-schema"));
    }
}
