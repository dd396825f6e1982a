package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCIM golden files (src/test/resources/format/scim): each identity record's resource as written, and every core
 * attribute of it shaped as in RFC 7643's User and Group examples (same JSON type, same sub-attributes).
 */
class ScimFormatTest {

    static final Map<String, String> RECORDS = Map.of("user", "users", "user-fallback", "users",
            "service-account", "service-accounts", "role", "roles", "project", "projects");
    final ScimFormat scim = new ScimFormat();

    @TempDir
    Path dir;

    @Test
    void identityRecordsBecomeTheirGoldenResources() {
        RECORDS.forEach((name, stream) -> {
            JsonNode record = Golden.json("scim/" + name + ".record.json");
            JsonNode expected = Golden.json("scim/" + name + ".scim.json");
            assertEquals(expected, scim.resource(record, stream), name);
            // through the renderer, by the run's stream or, without one, by the record's shape: the same resource
            assertEquals(expected.toString(), scim.render(record, RenderContext.now(stream)), name);
            assertEquals(expected.toString(), scim.render(record), name);
        });
    }

    @Test
    void everyCoreAttributeHasTheShapeOfTheRfcExamples() {
        JsonNode user = Golden.json("scim/rfc7643-user.json");
        JsonNode group = Golden.json("scim/rfc7643-group.json");
        RECORDS.forEach((name, stream) -> {
            JsonNode resource = scim.resource(Golden.json("scim/" + name + ".record.json"), stream);
            boolean isUser = resource.get("schemas").get(0).asText().equals(ScimFormat.USER);
            JsonNode example = isUser ? user : group;
            assertEquals(example.get("schemas").get(0), resource.get("schemas").get(0), name);
            assertTrue(resource.path("id").isTextual(), name);
            assertTrue(isUser ? resource.path("userName").isTextual() : resource.path("displayName").isTextual(),
                    name + ": the schema's required attribute");
            assertEquals(isUser ? "User" : "Group", resource.at("/meta/resourceType").asText(), name);
            List<String> problems = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = resource.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(ScimFormat.WIZ)) {
                    assertTrue(resource.get("schemas").toString().contains(ScimFormat.WIZ), "extension declared");
                    continue;
                }
                // id, externalId and meta are common to every resource (RFC 7643 section 3.1); the Group example has
                // no externalId
                JsonNode like = example.has(e.getKey()) || !e.getKey().equals("externalId") ? example.get(e.getKey())
                        : user.get(e.getKey());
                sameShape(e.getKey(), e.getValue(), like, problems);
            }
            assertEquals(List.of(), problems, name);
        });
    }

    @Test
    void recordsWithoutAScimFormAreLeftOut() {
        assertNull(scim.render(Golden.record("")), "an issue");
        assertNull(scim.render(Golden.parse("{\"id\":\"a|role|X\",\"principal\":\"a\",\"entitlementType\":\"role\"}")),
                "a grant");
        RecordFormat format = RecordFormat.named("scim", "test");
        assertEquals(0, format.render(List.of(Golden.record("")), RenderContext.now("issues")).length);
        assertEquals(false, format.renders("issues"));
        assertEquals(false, format.renders("grants"));
        assertEquals(true, format.renders("projects"));
    }

    @Test
    void aRunsResourcesBecomeOneListResponseShapedAsRfc7644s() throws Exception {
        RecordFormat format = RecordFormat.named("scim", "test");
        Path lines = dir.resolve("part");
        // three pages of three streams' runs, appended as the file sink does
        Files.write(lines, format.render(List.of(Golden.json("scim/user.record.json")), RenderContext.now("users")));
        Files.write(lines, format.render(List.of(Golden.json("scim/service-account.record.json")),
                RenderContext.now("service-accounts")), java.nio.file.StandardOpenOption.APPEND);
        Files.write(lines, format.render(List.of(Golden.json("scim/user-fallback.record.json")),
                RenderContext.now("users")), java.nio.file.StandardOpenOption.APPEND);
        Path out = dir.resolve("out.scim.json");
        ScimListResponse.write(lines, out);
        JsonNode list = Golden.JSON.readTree(out.toFile());
        JsonNode example = Golden.json("scim/rfc7644-list-response.json");
        assertEquals(fieldNames(example), fieldNames(list));
        assertEquals(example.get("schemas"), list.get("schemas"));
        assertEquals(3, list.get("totalResults").asInt());
        assertEquals(1, list.get("startIndex").asInt());
        assertEquals(3, list.get("itemsPerPage").asInt());
        assertEquals(List.of("ada.lovelace@acme.example", "sa-1", "a-7"),
                List.of(list.at("/Resources/0/id").asText(), list.at("/Resources/1/id").asText(),
                        list.at("/Resources/2/id").asText()));

        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        ScimListResponse.write(empty, dir.resolve("empty.scim.json"));
        JsonNode none = Golden.JSON.readTree(dir.resolve("empty.scim.json").toFile());
        assertEquals(0, none.get("totalResults").asInt());
        assertEquals(0, none.get("Resources").size());
    }

    /** value has the JSON type of the example's, and objects (and array items) only sub-attributes it has */
    static void sameShape(String path, JsonNode value, JsonNode example, List<String> problems) {
        if (example == null) {
            problems.add(path + " is not in the RFC example");
            return;
        }
        if (value.getNodeType() != example.getNodeType()) {
            problems.add(path + " is " + value.getNodeType() + ", the RFC's " + example.getNodeType());
            return;
        }
        if (value.isArray() && !path.equals("schemas")) {
            for (JsonNode item : value) {
                sameShape(path + "[]", item, example.get(0), problems);
            }
        } else if (value.isObject()) {
            value.fields().forEachRemaining(e -> sameShape(path + "." + e.getKey(), e.getValue(),
                    example.get(e.getKey()), problems));
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
