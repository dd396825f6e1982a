package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each stream's mapping as data: {@code format/streams/<stream>/record<variant>.json} in, and beside it the ECS
 * document ({@code ecs<variant>.json}), the OCSF event ({@code ocsf<variant>.json}) and, for findings and audit logs,
 * the CEF line and RFC 5424 message ({@code cef<variant>.txt}, {@code rfc5424<variant>.txt}) out. ConformanceTest
 * validates the same records against the specifications.
 */
class StreamGoldenTest {

    private static final EcsFormat ECS = new EcsFormat();
    private static final OcsfFormat OCSF = new OcsfFormat();
    private static final CefFormat CEF = new CefFormat();
    private static final Rfc5424Format SYSLOG = new Rfc5424Format("collector.example.com", "wiz-camel", "local0",
            Rfc5424Format.DEFAULT_SD_ID);

    static Stream<Arguments> goldens() throws Exception {
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Golden.SOURCE.resolve("streams"))) {
            for (Path dir : dirs.sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.startsWith("record")) {
                            all.add(Arguments.of(dir.getFileName().toString(),
                                    name.substring("record".length(), name.length() - ".json".length())));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} record{1}")
    @MethodSource("goldens")
    void rendersAsTheGoldenFilesSay(String stream, String variant) {
        String dir = "streams/" + stream + "/";
        JsonNode record = Golden.json(dir + "record" + variant + ".json");
        RenderContext context = Golden.context(stream);
        Golden.assertJson(dir + "ecs" + variant + ".json", ECS.document(record, context));
        Golden.assertJson(dir + "ocsf" + variant + ".json", OCSF.document(record, context));
        String cef = CEF.render(record, context);
        String syslog = SYSLOG.render(record, context);
        if (CEF.renders(stream)) {
            Golden.assertText(dir + "cef" + variant + ".txt", cef);
            Golden.assertText(dir + "rfc5424" + variant + ".txt", syslog);
        } else {
            assertNull(cef, "no CEF form for " + stream);
            assertNull(syslog, "no RFC 5424 form for " + stream);
        }
    }

    @Test
    void everyStreamOfIssue13HasGoldens() {
        for (String stream : List.of("vulnerabilities", "configuration-findings", "audit-logs", "resources",
                "projects", "controls", "service-tickets", "users", "roles", "service-accounts", "grants",
                "iam-insights")) {
            assertTrue(Files.isRegularFile(Golden.SOURCE.resolve("streams/" + stream + "/record.json")), stream);
        }
    }

    @Test
    void eachStreamHasItsOwnOcsfClassAndEcsDataset() {
        String[][] expected = {
            {"issues", "2003", "wiz.issue"}, {"vulnerabilities", "2002", "wiz.vulnerability"},
            {"configuration-findings", "2003", "wiz.configuration_finding"}, {"audit-logs", "6003", "wiz.audit_log"},
            {"resources", "5001", "wiz.resource"}, {"users", "5003", "wiz.user"},
            {"service-accounts", "5003", "wiz.service_account"}, {"projects", "0", "wiz.project"},
            {"controls", "0", "wiz.control"}, {"service-tickets", "0", "wiz.service_ticket"},
            {"roles", "0", "wiz.role"}, {"grants", "0", "wiz.grant"}, {"iam-insights", "2004", "wiz.iam_insight"},
            {"my-own-stream", "0", "wiz.my_own_stream"}};
        for (String[] e : expected) {
            JsonNode record = e[0].equals("issues") ? Golden.record("")
                    : Files.isRegularFile(Golden.SOURCE.resolve("streams/" + e[0] + "/record.json"))
                    ? Golden.json("streams/" + e[0] + "/record.json") : Golden.parse("{\"id\":\"x\"}");
            RenderContext context = Golden.context(e[0]);
            assertEquals(Integer.parseInt(e[1]), OCSF.document(record, context).get("class_uid").asInt(), e[0]);
            assertEquals(e[2], ECS.document(record, context).at("/event/dataset").asText(), e[0]);
            assertTrue(ECS.document(record, context).at("/wiz").has(e[2].substring(4)), "the record under " + e[2]);
        }
    }

    @Test
    void lineFormatsRenderFindingsAndAuditLogsOnly() {
        for (String stream : List.of("issues", "vulnerabilities", "configuration-findings", "audit-logs",
                "iam-insights")) {
            assertTrue(CEF.renders(stream) && SYSLOG.renders(stream), stream);
        }
        for (String stream : List.of("resources", "projects", "users", "grants", "my-own-stream")) {
            assertFalse(CEF.renders(stream) || SYSLOG.renders(stream), stream);
        }
    }
}
