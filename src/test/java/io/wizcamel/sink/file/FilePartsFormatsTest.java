package io.wizcamel.sink.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each stream's page is rendered by its own mapping, and only in the formats that have a form for it. */
class FilePartsFormatsTest {

    @TempDir
    Path dir;

    private List<FileParts.Chunk> chunks(String stream, ObjectNode record) {
        FileParts parts = new FileParts("jsonl,ecs,ocsf,cef,rfc5424", 1 << 20, 3600, new FilePublisher(dir.toString()));
        return parts.chunks(List.of(record), new RunStats(stream, "item", "test"));
    }

    @Test
    void aStreamWithoutALineFormGetsNoCefOrSyslogFile() throws Exception {
        ObjectNode project = (ObjectNode) new ObjectMapper().readTree("{\"id\":\"p1\",\"name\":\"Payments\"}");
        List<FileParts.Chunk> chunks = chunks("projects", project);
        assertEquals(List.of("jsonl", "ecs.jsonl", "ocsf.jsonl"), chunks.stream()
                .map(c -> c.getFileName().replaceAll(".*-0001\\.(.*)\\.part", "$1")).toList());
        String ocsf = new String(chunks.get(2).getBytes(), StandardCharsets.UTF_8);
        assertTrue(ocsf.contains("\"class_uid\":0") && ocsf.contains("\"unmapped\":{\"id\":\"p1\""), ocsf);
    }

    @Test
    void aFindingStreamGetsEveryFormatInItsOwnMapping() throws Exception {
        ObjectNode finding = (ObjectNode) new ObjectMapper().readTree("{\"id\":\"v1\",\"name\":\"CVE-2024-3094\","
                + "\"severity\":\"HIGH\",\"updatedAt\":\"2026-10-20T08:00:00Z\"}");
        List<String> text = chunks("vulnerabilities", finding).stream()
                .map(c -> new String(c.getBytes(), StandardCharsets.UTF_8)).toList();
        assertEquals(5, text.size());
        assertTrue(text.get(1).contains("\"dataset\":\"wiz.vulnerability\""), text.get(1));
        assertTrue(text.get(2).contains("\"class_uid\":2002"), text.get(2));
        assertTrue(text.get(3).startsWith("CEF:0|Wiz|Wiz|1.0|CVE-2024-3094|"), text.get(3));
        assertTrue(text.get(4).contains(" wiz-camel - vulnerability [wiz@32473 id=\"v1\""), text.get(4));
    }

    @Test
    void aCsvFileStartsWithItsStreamsHeaderOnceAndAgainAfterRollingOver() throws Exception {
        ObjectMapper json = new ObjectMapper();
        FileParts parts = new FileParts("csv", 120, 3600, new FilePublisher(dir.toString()));
        RunStats projects = new RunStats("projects", "item", "test");
        RunStats roles = new RunStats("roles", "item", "test");
        ObjectNode p1 = (ObjectNode) json.readTree("{\"id\":\"p1\",\"name\":\"Payments\",\"archived\":false}");
        ObjectNode r1 = (ObjectNode) json.readTree("{\"id\":\"R\",\"name\":\"Reader\",\"scopes\":[\"a\",\"b\"]}");
        String projectsHeader = "id,name,slug,isFolder,archived,businessUnit,businessImpact,description,projectOwners,"
                + "projectOwnerEmails,securityChampions,securityChampionEmails\r\n";
        List<String> pages = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FileParts.Chunk c = parts.chunks(List.of(p1), projects).get(0);
            pages.add(c.getFileName().replaceAll(".*-(\\d{4})\\.csv\\.part", "$1") + ":"
                    + new String(c.getBytes(), StandardCharsets.UTF_8));
        }
        String row = "p1,Payments,,,false,,,,,,,\r\n";
        // the header and a row are 174 bytes, past the 120-byte roll size: the next page opens part 2
        assertEquals(List.of("0001:" + projectsHeader + row, "0002:" + projectsHeader + row,
                "0003:" + projectsHeader + row), pages);
        String rolesCsv = new String(parts.chunks(List.of(r1), roles).get(0).getBytes(), StandardCharsets.UTF_8);
        assertEquals("id,name,description,builtin,projectScoped,scopes\r\nR,Reader,,,,a; b\r\n", rolesCsv);
        FileParts big = new FileParts("csv", 1 << 20, 3600, new FilePublisher(dir.toString()));
        assertTrue(new String(big.chunks(List.of(p1), projects).get(0).getBytes(), StandardCharsets.UTF_8)
                .startsWith(projectsHeader));
        assertEquals(row, new String(big.chunks(List.of(p1), projects).get(0).getBytes(), StandardCharsets.UTF_8),
                "a page appended to an open file has no header");
    }
}
