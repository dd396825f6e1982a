package io.wizcamel.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Which of the deployed route files a run reads (StreamRoutes): the chosen streams' files, the crawls that feed the
 * chosen derived streams, the files defining what those use, and every file that is not a stream's.
 */
class StreamRoutesTest {

    /** routes/&lt;folder&gt;/&lt;file&gt; → what it defines, for every deployed route file but the users ones */
    private static Map<String, StreamRoutes.Scan> deployed() throws IOException {
        Map<String, StreamRoutes.Scan> files = new LinkedHashMap<>();
        for (String folder : List.of("wiz", "streams", "sinks")) {
            try (Stream<Path> s = Files.list(Path.of("routes", folder))) {
                for (Path p : s.sorted().toList()) {
                    files.put(folder + "/" + p.getFileName(), StreamRoutes.scan(Files.readString(p), p.toString()));
                }
            }
        }
        return files;
    }

    /** the stream files read (routes/streams/...) for this choice */
    private static Set<String> streamFiles(List<String> chosen, boolean webhook) throws IOException {
        Map<String, StreamRoutes.Scan> files = deployed();
        Set<String> read = StreamRoutes.select(files, chosen, webhook);
        // every other file is read (the libraries too: the HTTP sinks name theirs)
        files.keySet().stream().filter(f -> !f.startsWith("streams/")).forEach(f -> assertTrue(read.contains(f), f));
        return read.stream().filter(f -> f.startsWith("streams/")).map(f -> f.substring(8, f.length() - 5))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyStreamFileIsFoundByItsTemplatedRoutes() throws IOException {
        Map<String, StreamRoutes.Scan> files = deployed();
        files.forEach((f, s) -> assertEquals(f.startsWith("streams/"), s.streamFile(), f));
        assertEquals(Set.of("issues"), files.get("streams/issues.yaml").crawls());
        assertEquals(Map.of("grants", Set.of("users", "service-accounts", "projects")),
                files.get("streams/grants.yaml").derivedFrom());
        assertTrue(files.get("streams/issues.yaml").provides().contains("statusMapper"));
        assertTrue(files.get("streams/issues.yaml").provides().contains("direct:wiz-issues-records"));
    }

    @Test
    void issuesAloneReadsOnlyTheIssuesFile() throws IOException {
        assertEquals(Set.of("issues"), streamFiles(List.of("issues"), false));
    }

    @Test
    void aBeanOfAnotherStreamFileBringsThatFile() throws IOException {
        // the findings streams map statuses with the issues stream's statusMapper
        assertEquals(Set.of("issues", "vulnerabilities"), streamFiles(List.of("vulnerabilities"), false));
        assertEquals(Set.of("projects"), streamFiles(List.of("projects"), false));
    }

    @Test
    void aDerivedStreamBringsTheCrawlsThatFeedIt() throws IOException {
        assertEquals(Set.of("grants", "projects", "service-accounts", "users"), streamFiles(List.of("grants"), false));
        assertEquals(Set.of("controls", "issues"), streamFiles(List.of("controls"), false));
        assertEquals(Set.of("iam-insights", "issues", "projects"), streamFiles(List.of("iam-insights", "projects"),
                false));
    }

    @Test
    void aLibraryFileIsReadWhenAFileReadNamesIt() throws IOException {
        Map<String, StreamRoutes.Scan> files = deployed();
        assertTrue(files.get("wiz/http-call.yaml").library());
        assertTrue(files.get("wiz/token.yaml").library());
        assertFalse(files.get("wiz/stream.yaml").library());
        // the HTTP sinks' request template: read with an HTTP sink's file, not with the file sink's alone
        assertTrue(StreamRoutes.select(files, List.of("issues"), false).contains("wiz/http-call.yaml"));
        files.keySet().removeIf(f -> f.startsWith("sinks/") && !f.equals("sinks/file.yaml"));
        Set<String> read = StreamRoutes.select(files, List.of("issues"), false);
        assertFalse(read.contains("wiz/http-call.yaml"), read.toString());
        // the token template: the Wiz token route (api.yaml) is made from it
        assertTrue(read.contains("wiz/token.yaml"), read.toString());
    }

    @Test
    void theWebhookBringsTheIssuesCrawl() throws IOException {
        assertEquals(Set.of("issues", "roles"), streamFiles(List.of("roles"), true));
        assertEquals(Set.of("roles"), streamFiles(List.of("roles"), false));
    }

    @Test
    void anUnknownNameReadsEveryFileForTheCatalogToNameThem() throws IOException {
        Set<String> all = streamFiles(List.of("issues", "projetcs"), false);
        assertEquals(13, all.size(), all.toString());
    }

    @Test
    void theScanReadsEitherFormOfParameters() {
        StreamRoutes.Scan scan = StreamRoutes.scan(String.join("\n",
                "- beans:",
                "    - name: \"auditTrail\"",
                "      type: \"#class:x.Y\"",
                "      constructors:",
                "        0: \"{{wiz.state-dir}}\"",
                "- templatedRoute:",
                "    routeTemplateRef: 'wiz-derived-stream'",
                "    parameters:",
                "      - name: stream",
                "        value: \"audit-trail\"",
                "      - name: from",
                "        value: audit-logs",
                "      - { name: mapping, value: \"direct:{{x}}-audit-trail\" }",
                "- templatedRoute:",
                "    route-template-ref: wiz-stream-sync",
                "    parameters:",
                "      - { name: item, value: \"{{x}}\" }",
                "      - { name: stream, value: audits }",
                "- route:",
                "    id: audit-trail-records",
                "    from:",
                "      parameters:",
                "        exchangePattern: InOut",
                "      uri: direct:audit-trail-records",
                "      steps:",
                "        - to:",
                "            uri: direct:wiz-derived-deliver",
                ""), "audit-trail.yaml");
        assertEquals(Set.of("audits"), scan.crawls());
        assertEquals(Map.of("audit-trail", Set.of("audit-logs")), scan.derivedFrom());
        assertEquals(Set.of("auditTrail", "audit-trail-records", "direct:audit-trail-records"), scan.provides());
    }

    @Test
    void namesMatchWholeNamesOnly() {
        assertTrue(StreamRoutes.names("ref: statusMapper\n", "statusMapper"));
        assertTrue(StreamRoutes.names("- to: \"direct:wiz-issues-records\"", "direct:wiz-issues-records"));
        assertFalse(StreamRoutes.names("ref: statusMapperX", "statusMapper"));
        assertFalse(StreamRoutes.names("direct:wiz-issues-records-2", "direct:wiz-issues-records"));
        // a comment names nothing a file uses
        assertFalse(StreamRoutes.scan("# uses statusMapper\n- route:\n    id: x\n", "x.yaml").text()
                .contains("statusMapper"));
    }
}
