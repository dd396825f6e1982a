package io.wizcamel.users;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.wiz.RetryPolicy;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * One request through the Wiz API route {@code direct:wiz-graphql} (token, rate limit, retries, every answer checked),
 * for the user lifecycle's beans, which call it from Java rather than from a route of their own.
 */
final class WizGraphql {

    private final CamelContext context;
    private final ProducerTemplate template;

    WizGraphql(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    /**
     * The answer's {@code data}, or the route's failure as thrown.
     *
     * @param repeatable false for a request that must not be sent twice blindly (createUser): a failure after which
     *                   it may have been applied is not retried by the route
     */
    JsonNode call(String name, String scope, Map<String, Object> variables, boolean repeatable) throws Exception {
        Exchange e = template.send("direct:wiz-graphql", x -> {
            x.setProperty("wizQuery", name);
            x.setProperty("wizQueryFile", "routes/graphql/" + name + ".graphql");
            x.setProperty("wizScope", scope);
            x.setProperty("wizVariables", variables);
            if (!repeatable) {
                x.setProperty(RetryPolicy.REPEATABLE, false);
            }
        });
        if (e.getException() != null) {
            throw e.getException();
        }
        Object body = e.getMessage().getBody();
        if (!(body instanceof JsonNode json)) {
            throw WizApiException.fatal("NO_DATA", "Wiz answered " + name + " without data");
        }
        return json.path("data");
    }

    CamelContext context() {
        return context;
    }
}
