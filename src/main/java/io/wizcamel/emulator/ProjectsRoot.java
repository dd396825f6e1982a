package io.wizcamel.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code projects}: the six projects issues belong to, paged like any connection. */
final class ProjectsRoot implements EmulatedRoot {

    private static final List<ObjectNode> NODES;

    static {
        List<ObjectNode> nodes = new ArrayList<>();
        for (ObjectNode p : IssueGenerator.PROJECT_NODES) {
            ObjectNode n = p.deepCopy();
            n.put("isFolder", false).put("archived", false)
                .put("description", "Emulated project " + p.get("name").asText());
            n.putArray("projectOwners");
            n.putArray("securityChampions");
            nodes.add(n);
        }
        NODES = List.copyOf(nodes);
    }

    private final Pages pages = new Pages();

    @Override
    public String field() {
        return "projects";
    }

    @Override
    public String scope() {
        return "read:projects";
    }

    @Override
    public String schemaFile() {
        return "projects.graphqls";
    }

    @Override
    public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
        ObjectNode page = pages.page(call, NODES.size(), i -> NODES.get(i), n -> true, WizEmulator.MAX_PAGE_SIZE, 0);
        g.writeTree(call.project(page));
    }
}
