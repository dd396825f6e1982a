package io.wizcamel.emulator;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

/**
 * Cuts a generated node down to what the query selected, as a GraphQL server answers: aliases, {@code __typename},
 * inline fragments and named fragments on unions and interfaces. A node of an abstract type names its concrete type
 * in {@code __typename}.
 */
public final class Selections {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments;

    Selections(GraphQLSchema schema, Map<String, FragmentDefinition> fragments) {
        this.schema = schema;
        this.fragments = fragments;
    }

    /** The value of root field {@code field} (a node of its declared type) cut to {@code selection}. */
    public JsonNode rootValue(String field, JsonNode value, SelectionSet selection) {
        GraphQLFieldDefinition def = schema.getQueryType().getFieldDefinition(field);
        if (def == null && schema.getMutationType() != null) {
            def = schema.getMutationType().getFieldDefinition(field);
        }
        return value(value, def.getType(), selection);
    }

    private JsonNode value(JsonNode value, GraphQLType declared, SelectionSet selection) {
        if (value == null || value.isNull()) {
            return JSON.nullNode();
        }
        if (selection == null) {
            return value; // a scalar (JSON scalars such as tags stay whole)
        }
        GraphQLType named = GraphQLTypeUtil.unwrapAll(declared);
        if (value.isArray()) {
            ArrayNode out = JSON.arrayNode(value.size());
            for (JsonNode item : value) {
                out.add(value(item, named, selection));
            }
            return out;
        }
        GraphQLObjectType type = concrete((GraphQLNamedType) named, value);
        ObjectNode out = JSON.objectNode();
        select((ObjectNode) value, type, selection, out);
        return out;
    }

    private GraphQLObjectType concrete(GraphQLNamedType declared, JsonNode value) {
        if (declared instanceof GraphQLObjectType o) {
            return o;
        }
        String name = value.path("__typename").asText(null);
        if (name == null || !(schema.getType(name) instanceof GraphQLObjectType o)) {
            throw new IllegalStateException("emulator node of abstract type " + declared.getName()
                    + " lacks a valid __typename: " + value);
        }
        return o;
    }

    private void select(ObjectNode node, GraphQLObjectType type, SelectionSet selection, ObjectNode out) {
        for (Selection<?> s : selection.getSelections()) {
            if (s instanceof Field f) {
                String key = f.getAlias() != null ? f.getAlias() : f.getName();
                if (f.getName().equals("__typename")) {
                    out.put(key, type.getName());
                    continue;
                }
                GraphQLFieldDefinition def = ((GraphQLFieldsContainer) type).getFieldDefinition(f.getName());
                out.set(key, value(node.get(f.getName()), def.getType(), f.getSelectionSet()));
            } else if (s instanceof InlineFragment i) {
                if (applies(i.getTypeCondition(), type)) {
                    select(node, type, i.getSelectionSet(), out);
                }
            } else if (s instanceof FragmentSpread spread) {
                FragmentDefinition d = fragments.get(spread.getName());
                if (d != null && applies(d.getTypeCondition(), type)) {
                    select(node, type, d.getSelectionSet(), out);
                }
            }
        }
    }

    private boolean applies(TypeName condition, GraphQLObjectType type) {
        if (condition == null || condition.getName().equals(type.getName())) {
            return true;
        }
        GraphQLType c = schema.getType(condition.getName());
        if (c instanceof GraphQLInterfaceType iface) {
            return schema.getImplementations(iface).contains(type);
        }
        return c instanceof GraphQLUnionType u && u.getTypes().contains(type);
    }
}
