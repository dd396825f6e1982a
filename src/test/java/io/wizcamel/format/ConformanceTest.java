package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.format.conformance.CefSpec;
import io.wizcamel.format.conformance.Rfc5424Spec;
import io.wizcamel.format.conformance.Schemas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record the tests know, of every stream, rendered in every format, conforms: ECS documents to ECS 8.11.0, OCSF
 * events to OCSF 1.3.0, CEF lines to CEF rev 25 and syslog messages to RFC 5424 (validators in
 * {@code io.wizcamel.format.conformance}). The records: the format goldens' inputs, the issue mapping test's
 * expected records, the derived streams' ({@code mapping/<stream>*.jsonl}), each stream's mapping test records
 * ({@code streams/<stream>/expected.jsonl}, where a stream has them) and each stream's format golden records under
 * {@code format/streams/}.
 */
class ConformanceTest {

    private static final EcsFormat ECS = new EcsFormat();
    private static final OcsfFormat OCSF = new OcsfFormat();
    private static final CefFormat CEF = new CefFormat();
    private static final Rfc5424Format SYSLOG = new Rfc5424Format();

    static Stream<Arguments> records() throws Exception {
        List<Arguments> all = new ArrayList<>();
        for (String variant : Golden.VARIANTS) {
            all.add(Arguments.of("issues", "format/record" + variant + ".json", Golden.record(variant)));
        }
        all.add(Arguments.of("issues", "empty record", Golden.parse("{}")));
        addLines(all, "issues", Path.of("src/test/resources/mapping/expected.jsonl"));
        // the derived streams' mapping test data beside the issues': mapping/<stream>[-variant].jsonl
        for (String stream : List.of("controls", "service-tickets", "iam-insights")) {
            try (Stream<Path> files = Files.list(Path.of("src/test/resources/mapping"))) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches(stream + "(-.*)?\\.jsonl"))
                        .sorted().toList()) {
                    addLines(all, stream, f);
                }
            }
        }
        // each stream's mapping test data, where its stream keeps them: streams/<stream>/expected.jsonl
        Path shaped = Path.of("src/test/resources/streams");
        if (Files.isDirectory(shaped)) {
            try (Stream<Path> dirs = Files.list(shaped)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    addLines(all, dir.getFileName().toString(), dir.resolve("expected.jsonl"));
                }
            }
        }
        Path streams = Golden.SOURCE.resolve("streams");
        if (Files.isDirectory(streams)) {
            try (Stream<Path> dirs = Files.list(streams)) {
                for (Path dir : dirs.sorted().toList()) {
                    String stream = dir.getFileName().toString();
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(p -> p.getFileName().toString().startsWith("record"))
                                .sorted().toList()) {
                            all.add(Arguments.of(stream, Golden.SOURCE.relativize(f).toString(),
                                    Golden.JSON.readTree(f.toFile())));
                        }
                    }
                    all.add(Arguments.of(stream, "empty record", Golden.parse("{}")));
                }
            }
        }
        return all.stream();
    }

    private static void addLines(List<Arguments> all, String stream, Path jsonl) throws Exception {
        if (!Files.isRegularFile(jsonl)) {
            return;
        }
        int n = 0;
        for (String line : Files.readAllLines(jsonl)) {
            n++;
            if (!line.isBlank()) {
                all.add(Arguments.of(stream, jsonl + ":" + n, Golden.JSON.readTree(line)));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("records")
    void ecsConformsToEcs811(String stream, String source, JsonNode record) {
        assertEquals(List.of(), Schemas.ecs().problems(ECS.document(record, Golden.context(stream))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("records")
    void ocsfConformsToOcsf130(String stream, String source, JsonNode record) {
        assertEquals(List.of(), Schemas.ocsf().problems(OCSF.document(record, Golden.context(stream))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("records")
    void cefConformsToCef(String stream, String source, JsonNode record) {
        String line = CEF.render(record, Golden.context(stream));
        assertEquals(CEF.renders(stream), line != null, "CEF renders findings and audit logs, nothing else");
        if (line != null) {
            assertEquals(List.of(), CefSpec.problems(line), line);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("records")
    void syslogConformsToRfc5424(String stream, String source, JsonNode record) {
        String message = SYSLOG.render(record, Golden.context(stream));
        assertEquals(SYSLOG.renders(stream), message != null, "RFC 5424 renders findings and audit logs");
        if (message != null) {
            assertEquals(List.of(), Rfc5424Spec.problems(message.getBytes(StandardCharsets.UTF_8)), message);
            assertTrue(Rfc5424Spec.parse(message.getBytes(StandardCharsets.UTF_8)).structuredData()
                    .containsKey(Rfc5424Format.DEFAULT_SD_ID));
        }
    }
}
