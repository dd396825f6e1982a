package io.wizcamel.sink.elastic;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/** The Elasticsearch / OpenSearch sink's room (settings/sink-elastic.yaml). */
public final class ElasticSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-elastic.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        URI url = c.uri("wiz.sink.elastic.url");
        if (url != null && (url.getRawUserInfo() != null || url.getRawQuery() != null)) {
            // the value is not repeated: it may hold a password
            c.problem("wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) holds credentials or a query: give only"
                    + " scheme, host, port (and a proxy path), and the credentials in wiz.sink.elastic.api-key or"
                    + " username and password");
        }
        String index = c.value("wiz.sink.elastic.index"); // {stream} already substituted
        if (index.isEmpty() || !index.matches("[^A-Z\\\\/*?\"<>| ,#:]+") || index.matches("[-_+].*")
                || index.equals(".") || index.equals("..") || index.getBytes(StandardCharsets.UTF_8).length > 255) {
            c.problem("wiz.sink.elastic.index (WIZ_SINK_ELASTIC_INDEX) is '" + index + "', which is not an index"
                    + " name: use lower case, no spaces or any of \\ / * ? \" < > | , # :, not starting with - _ +"
                    + " (e.g. wiz-issues)");
        } else if (index.matches("[0-9]+|true|false")) {
            // Camel's bean wiring would read it as a number or a boolean, not as the name
            c.problem("wiz.sink.elastic.index (WIZ_SINK_ELASTIC_INDEX) is '" + index + "': give a name that is"
                    + " not only digits or true/false, e.g. wiz-" + index);
        }
        boolean key = !c.value("wiz.sink.elastic.api-key").isEmpty();
        boolean user = !c.value("wiz.sink.elastic.username").isEmpty();
        boolean password = !c.value("wiz.sink.elastic.password").isEmpty();
        if (key && (user || password)) {
            c.problem("wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY) and wiz.sink.elastic.username/password"
                    + " are both set: use one of them");
        } else if (!key && !user) {
            c.problem("the elastic sink has no credentials: set wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY),"
                    + " or wiz.sink.elastic.username and wiz.sink.elastic.password");
        } else if (user != password) {
            c.problem("wiz.sink.elastic.username (WIZ_SINK_ELASTIC_USERNAME) and wiz.sink.elastic.password"
                    + " (WIZ_SINK_ELASTIC_PASSWORD) go together: set both, or use an API key instead");
        }
        String ca = c.value("wiz.sink.elastic.ca-file");
        if (!ca.isEmpty()) {
            if ("false".equalsIgnoreCase(c.value("wiz.sink.elastic.tls-verify"))) {
                c.problem("wiz.sink.elastic.ca-file (WIZ_SINK_ELASTIC_CA_FILE) is set but"
                        + " wiz.sink.elastic.tls-verify is false, so it would be ignored: clear one of them");
            } else {
                try {
                    ElasticHttpClient.trustStore(Path.of(ca));
                } catch (IllegalArgumentException e) {
                    c.problem(e.getMessage());
                }
            }
        }
    }
}
