package io.wizcamel.config;

import java.net.URI;

import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.stream.StatusMapper;
import io.wizcamel.wiz.GraphqlUrlFunction;

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
            // kept for routes an operator wrote against it; the bundled routes use {{wizGraphqlUrl:wiz.api-url}}
            c.derive("wiz.graphql-url", GraphqlUrlFunction.of(api.toString()));
        }
        try {
            StatusMapper.parse(c.raw("wiz.status-map"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage() + " [" + ConfigCheck.env("wiz.status-map") + "]");
        }
        try {
            new SinkRoster(c.raw("wiz.sinks"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
    }
}
