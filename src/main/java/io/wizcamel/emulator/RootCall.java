package io.wizcamel.emulator;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import graphql.language.Field;
import graphql.language.SelectionSet;

/**
 * One root field of a request: its arguments with the variables filled in, the key the answer goes under (the alias
 * when the query gives one), the selection asked for, and the cursor fault queued for this request, if any.
 */
public record RootCall(String field, String responseKey, Map<String, JsonNode> arguments, SelectionSet selection,
        Fault.Kind cursorFault, Selections selections) {

    public JsonNode argument(String name) {
        return arguments.get(name);
    }

    /** The page size: {@code first}, at most 500; {@code defaultSize} when absent (0: required). */
    public int first(int defaultSize) throws BadInput {
        JsonNode first = arguments.get("first");
        if (first == null || first.isNull()) {
            if (defaultSize > 0) {
                return defaultSize;
            }
            throw new BadInput("first is required");
        }
        if (!first.isIntegralNumber() || !first.canConvertToInt()) {
            throw new BadInput("first must be an integer");
        }
        int n = first.intValue();
        if (n < 1) {
            throw new BadInput("first must be at least 1");
        }
        if (n > WizEmulator.MAX_PAGE_SIZE) {
            throw new BadInput("first must be at most " + WizEmulator.MAX_PAGE_SIZE);
        }
        return n;
    }

    /** The filterBy object, or an empty object. */
    public JsonNode filterBy() throws BadInput {
        JsonNode f = arguments.get("filterBy");
        if (f == null || f.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!f.isObject()) {
            throw new BadInput("filterBy must be an object");
        }
        return f;
    }

    /** Whether the query selects {@code name} directly on the root field's value (e.g. totalCount). */
    public boolean selects(String name) {
        return selection != null && selection.getSelectionsOfType(Field.class).stream()
                .anyMatch(f -> f.getName().equals(name));
    }

    /** The root field's value, as generated, cut to what the query selected. */
    public JsonNode project(JsonNode value) {
        return selections.rootValue(field, value, selection);
    }
}
