package io.wizcamel.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one stream's records look in the structured formats. Each stream has its own (see {@link StreamMappings});
 * {@link EcsFormat}, {@link OcsfFormat}, {@link CefFormat} and {@link Rfc5424Format} pick it by the record's stream.
 * Every method copes with any field being null or missing.
 */
interface StreamMapping {

    /** the Elastic Common Schema 8.11 document */
    ObjectNode ecs(JsonNode record, RenderContext context);

    /** the OCSF 1.3.0 event */
    ObjectNode ocsf(JsonNode record, RenderContext context);

    /** the event CEF and RFC 5424 write; {@code null}: no line form (neither a finding nor an audit entry) */
    default LineEvent line(JsonNode record, RenderContext context) {
        return null;
    }
}
