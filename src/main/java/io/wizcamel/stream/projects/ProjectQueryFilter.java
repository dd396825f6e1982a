package io.wizcamel.stream.projects;

import org.apache.camel.util.json.JsonObject;

/**
 * What Wiz filters itself in {@code projects}: archived projects or not (wiz.projects.include-archived). Every run
 * reads every project, so there is no time window.
 */
public class ProjectQueryFilter {

    private final boolean includeArchived;

    public ProjectQueryFilter(boolean includeArchived) {
        this.includeArchived = includeArchived;
    }

    public JsonObject filterBy() {
        JsonObject filterBy = new JsonObject();
        filterBy.put("includeArchived", includeArchived);
        return filterBy;
    }
}
