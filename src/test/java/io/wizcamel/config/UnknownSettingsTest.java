package io.wizcamel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Unknown WIZ_* variables and wiz.* keys are most likely misspelt: a warning names the closest known one. */
class UnknownSettingsTest {

    static final SettingsSchema SCHEMA = SettingsSchema.load();

    @Test
    void aMisspeltVariableIsNamedWithTheClosestKnownOne() {
        assertEquals(List.of("unknown setting WIZ_SEVERITY: did you mean WIZ_SEVERITIES?"),
                UnknownSettings.warnings(SCHEMA, Map.of("WIZ_SEVERITY", "HIGH", "WIZ_PAGE_SIZE", "100", "PATH", "/bin"),
                        List.of(), List.of("file")));
        assertEquals(List.of("unknown setting WIZ_CLIENT_SECRT: did you mean WIZ_CLIENT_SECRET?"),
                UnknownSettings.warnings(SCHEMA, Map.of("WIZ_CLIENT_SECRT", "hunter2"), List.of(), List.of("file")),
                "the value is not shown");
    }

    @Test
    void aMisspeltKeyInApplicationPropertiesToo() {
        assertEquals(List.of("unknown setting wiz.page-sise in application.properties: did you mean wiz.page-size?"),
                UnknownSettings.warnings(SCHEMA, Map.of(), List.of("wiz.page-sise", "wiz.page-size", "camel.main.name"),
                        List.of("file")));
    }

    @Test
    void aPerStreamSettingOfAStreamNoRouteDefinesIsNamedWithTheClosestStream() {
        List<String> streams = List.of("issues", "projects", "service-tickets");
        Map<String, String> env = Map.of("WIZ_STREAM_ISUES_PAGE_SIZE", "100", "WIZ_STREAM_PROJECTS_PAGE_SIZE", "50",
                "WIZ_STREAM_SERVICE_TICKETS_SINK_KAFKA_TOPIC", "t");
        List<String> keys = List.of("wiz.stream.project.sink.elastic.index", "wiz.stream.issues.schedule");
        assertEquals(List.of("setting WIZ_STREAM_ISUES_PAGE_SIZE is for stream 'isues', which no route defines: did"
                + " you mean WIZ_STREAM_ISSUES_PAGE_SIZE? (streams: issues, projects, service-tickets)",
                "setting wiz.stream.project.sink.elastic.index is for stream 'project', which no route defines: did"
                        + " you mean wiz.stream.projects.sink.elastic.index? (streams: issues, projects,"
                        + " service-tickets)"),
                UnknownSettings.unknownStreams(SCHEMA, env, keys, streams));
        assertEquals(List.of(), UnknownSettings.unknownStreams(SCHEMA, env, keys, List.of()),
                "no stream known (the routes not read yet): nothing said");
    }

    @Test
    void perStreamOverridesAndTheSettingsOfAnAddedSinkAreKnown() {
        Map<String, String> env = Map.of("WIZ_STREAM_PROJECTS_SINK_KAFKA_TOPIC", "t", "WIZ_SINK_WEBHOOK_URL", "u",
                "WIZ_STREAM_PROJECTS_SCHEDULE", "0 0 * * * ?");
        List<String> keys = List.of("wiz.stream.projects.sink.elastic.index", "wiz.sink.webhook.url");
        assertEquals(List.of(), UnknownSettings.warnings(SCHEMA, env, keys, List.of("file", "webhook")));
        List<String> off = UnknownSettings.warnings(SCHEMA, env, keys, List.of("file"));
        assertEquals(2, off.size(), "without the sink on, a misspelling: " + off);
        assertTrue(off.get(0).startsWith("unknown setting WIZ_SINK_WEBHOOK_URL: did you mean WIZ_SINK_"), off.get(0));
        assertTrue(off.get(1).startsWith("unknown setting wiz.sink.webhook.url in application.properties: did you"
                + " mean wiz.sink."), off.get(1));
    }
}
