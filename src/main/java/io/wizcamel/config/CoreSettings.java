package io.wizcamel.config;

import java.net.URI;

import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.stream.StatusMapper;

/** The core room (settings/core.yaml): what its schema cannot say, and the GraphQL URL it derives. */
public final class CoreSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/core.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        URI api = c.uri("wiz.api-url");
        if (api != null) {
            String path = api.toString().replaceAll("/+$", "");
            c.derive("wiz.graphql-url", path.endsWith("/graphql") ? path : path + "/graphql");
        }
        try {
            StatusMapper.parse(c.raw("wiz.status-map"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage() + " [" + ConfigCheck.env("wiz.status-map") + "]");
        }
        folder(c, "wiz.state-dir", "for the checkpoint store and the run history");
        if (c.enabled("file")) {
            folder(c, "wiz.output-dir", "the file sink writes to");
        }
        try {
            new SinkRoster(c.raw("wiz.sinks"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
    }

    private static void folder(ConfigCheck c, String key, String purpose) {
        String value = c.value(key);
        String problem = value.isEmpty() ? null : FolderCheck.problem(key, value, purpose, FolderCheck.MIN_FREE_BYTES);
        if (problem != null) {
            c.problem(problem);
        }
    }
}
