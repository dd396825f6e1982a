package io.wizcamel.stream.controls;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.issues.SourceRules;
import org.apache.camel.ExchangeProperty;

/**
 * The {@code controls} stream's mapping: a page of issue nodes in, the rules that raised them out, each once
 * (docs/streams/controls.md). A rule seen on an earlier page is handed on again and the delivery ledger, which
 * knows it by id and content, does not deliver it twice; so nothing here grows with the tenant.
 */
public class ControlRecords {

    public List<ObjectNode> records(JsonNode issues, @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        List<ObjectNode> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode issue : issues) {
            for (JsonNode rule : SourceRules.of(issue)) {
                JsonNode id = rule.path("id");
                if (!id.isTextual() || id.asText().isEmpty()) {
                    run.drop("ruleWithoutId");
                } else if (seen.add(id.asText())) {
                    records.add(SourceRules.record(rule));
                }
            }
        }
        return records;
    }
}
