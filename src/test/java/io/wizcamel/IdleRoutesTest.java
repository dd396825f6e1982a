package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

/** Which routes the launcher does not build (WizCamel.idle): those that cannot run in the process. */
class IdleRoutesTest {

    private static RouteDefinition route(String from, String autoStartup) {
        RouteDefinition r = new RouteDefinition();
        r.from(from);
        if (autoStartup != null) {
            r.setAutoStartup(autoStartup);
        }
        return r;
    }

    @Test
    void aRouteASettingSwitchesOffIsIdleOneStartedLaterIsNot() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("wiz.webhook.enabled", "false");
            p.setProperty("wiz.users.events.file.enabled", "true");
            context.getPropertiesComponent().setInitialProperties(p);
            assertTrue(WizCamel.idle(context, route("timer:drain", "{{wiz.webhook.enabled}}"), true));
            assertFalse(WizCamel.idle(context, route("file:events", "{{wiz.users.events.file.enabled}}"), true));
            // the streams' schedules: a plain false, started by the daemon itself
            assertFalse(WizCamel.idle(context, route("quartz:wiz/issues-schedule", "false"), true));
            // a template's own parameter is not a setting: Camel resolves it when it starts the route
            assertFalse(WizCamel.idle(context, route("timer:x", "{{enabled}}"), true));
            assertFalse(WizCamel.idle(context, route("direct:x", null), false));
        }
    }

    @Test
    void outsideTheDaemonAQuartzRouteIsIdle() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertTrue(WizCamel.idle(context, route("{{wizMaster:issues}}quartz:wiz/issues-schedule", "false"), false));
            assertTrue(WizCamel.idle(context, route("quartz:wiz/users-apply", null), false));
            assertFalse(WizCamel.idle(context, route("quartz:wiz/users-apply", null), true));
        }
    }
}
