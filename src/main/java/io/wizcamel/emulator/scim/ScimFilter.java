package io.wizcamel.emulator.scim;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.wizcamel.emulator.scim.ScimSchema.Attribute;
import io.wizcamel.emulator.scim.ScimSchema.Type;

/**
 * The RFC 7644 section 3.4.2.2 filter grammar, parsed by recursive descent into a predicate on a resource:
 * attribute paths ({@code userName}, {@code name.givenName}, {@code emails.value}, a schema URN prefix), the
 * operators {@code eq ne co sw ew pr gt ge lt le}, {@code and} over {@code or}, {@code not ( )}, parentheses and
 * value paths ({@code emails[type eq "work" and value co "@x"]}). Attribute names and operators are case-insensitive;
 * string values compare case-insensitively unless the attribute is case-exact (id, externalId, member values).
 * Anything else is an {@code invalidFilter} error naming the position.
 *
 * <p>The same parser reads PATCH paths ({@link #path}): {@code members[value eq "id"]}, {@code name.givenName}.
 */
final class ScimFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** a parsed filter */
    interface Node extends Predicate<JsonNode> {
    }

    /** a PATCH path: attribute, optional value filter on its elements, optional sub-attribute */
    record Path(Attribute attribute, Node filter, Attribute sub, String text) {
    }

    private enum Kind { WORD, STRING, LPAREN, RPAREN, LBRACKET, RBRACKET, END }

    private record Token(Kind kind, String text, int at) {
    }

    private final String source;
    private final List<Token> tokens;
    private int next;

    private ScimFilter(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    /** parses {@code filter} against the attributes of {@code schema} */
    static Node parse(String filter, ScimSchema schema) {
        ScimFilter p = new ScimFilter(filter);
        Node n = p.or(schema.attributes());
        p.expect(Kind.END, "the end of the filter");
        return n;
    }

    /** parses a PATCH operation's {@code path} */
    static Path path(String path, ScimSchema schema) {
        ScimFilter p;
        try {
            p = new ScimFilter(path);
        } catch (ScimError e) {
            throw ScimError.invalidPath(e.getMessage());
        }
        try {
            Token word = p.expect(Kind.WORD, "an attribute path");
            String[] parts = split(word);
            Attribute attribute = schema.attribute(parts[0]);
            if (attribute == null) {
                throw ScimError.invalidPath("path \"" + path + "\": " + schema.resourceType + " has no attribute "
                        + parts[0]);
            }
            Node filter = null;
            String subName = parts.length > 1 ? parts[1] : null;
            if (p.peek().kind == Kind.LBRACKET) {
                if (subName != null || !attribute.multiValued() || attribute.type() != Type.COMPLEX) {
                    throw ScimError.invalidPath("path \"" + path + "\": a value filter applies to a multi-valued"
                            + " complex attribute");
                }
                p.next++;
                filter = p.or(attribute.subAttributes());
                p.expect(Kind.RBRACKET, "]");
                if (p.peek().kind == Kind.WORD && p.peek().text.startsWith(".")) {
                    subName = p.tokens.get(p.next++).text.substring(1);
                }
            }
            p.expect(Kind.END, "the end of the path");
            Attribute sub = null;
            if (subName != null) {
                sub = attribute.sub(subName);
                if (sub == null) {
                    throw ScimError.invalidPath("path \"" + path + "\": " + attribute.name() + " has no"
                            + " sub-attribute " + subName);
                }
            }
            return new Path(attribute, filter, sub, path);
        } catch (ScimError e) {
            throw e.scimType().equals("invalidFilter") ? ScimError.invalidPath(e.getMessage()) : e;
        }
    }

    // ---- grammar ---------------------------------------------------------------------------------------------

    private Node or(Map<String, Attribute> scope) {
        Node left = and(scope);
        while (keyword("or")) {
            Node l = left;
            Node r = and(scope);
            left = n -> l.test(n) || r.test(n);
        }
        return left;
    }

    private Node and(Map<String, Attribute> scope) {
        Node left = unary(scope);
        while (keyword("and")) {
            Node l = left;
            Node r = unary(scope);
            left = n -> l.test(n) && r.test(n);
        }
        return left;
    }

    private Node unary(Map<String, Attribute> scope) {
        Token t = peek();
        if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("not") && tokens.get(next + 1).kind == Kind.LPAREN) {
            next += 2;
            Node inner = or(scope);
            expect(Kind.RPAREN, ")");
            return n -> !inner.test(n);
        }
        if (t.kind == Kind.LPAREN) {
            next++;
            Node inner = or(scope);
            expect(Kind.RPAREN, ")");
            return inner;
        }
        return attributeExpression(scope);
    }

    private Node attributeExpression(Map<String, Attribute> scope) {
        Token word = expect(Kind.WORD, "an attribute path");
        String[] parts = split(word);
        Attribute attribute = scope.get(parts[0].toLowerCase(Locale.ROOT));
        if (attribute == null) {
            throw ScimError.invalidFilter("unknown attribute \"" + parts[0] + "\" at position " + (word.at + 1)
                    + " of filter " + source);
        }
        if (peek().kind == Kind.LBRACKET) { // emails[type eq "work"]: any element matching the inner filter
            if (parts.length > 1 || !attribute.multiValued() || attribute.type() != Type.COMPLEX) {
                throw ScimError.invalidFilter("a value filter [...] applies to a multi-valued complex attribute,"
                        + " not " + word.text);
            }
            next++;
            Node inner = or(attribute.subAttributes());
            expect(Kind.RBRACKET, "]");
            String name = attribute.name();
            return n -> {
                for (JsonNode element : elements(field(n, name))) {
                    if (inner.test(element)) {
                        return true;
                    }
                }
                return false;
            };
        }
        Attribute leaf = attribute;
        if (parts.length > 1) {
            leaf = attribute.sub(parts[1]);
            if (leaf == null) {
                throw ScimError.invalidFilter("unknown attribute \"" + word.text + "\" at position " + (word.at + 1)
                        + " of filter " + source);
            }
        } else if (attribute.type() == Type.COMPLEX) {
            leaf = attribute.multiValued() ? attribute.sub("value") : null;
            if (leaf == null) {
                throw ScimError.invalidFilter(word.text + " is a complex attribute: name one of its sub-attributes,"
                        + " e.g. " + word.text + "." + attribute.subAttributes().values().iterator().next().name());
            }
        }
        Token op = expect(Kind.WORD, "an operator (eq ne co sw ew pr gt ge lt le) after " + word.text);
        String operator = op.text.toLowerCase(Locale.ROOT);
        String top = attribute.name();
        String sub = leaf == attribute ? null : leaf.name();
        if (operator.equals("pr")) {
            return n -> {
                for (JsonNode v : values(n, top, sub)) {
                    if (!v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (!List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le").contains(operator)) {
            throw ScimError.invalidFilter("unknown operator \"" + op.text + "\" at position " + (op.at + 1)
                    + " of filter " + source + " (eq ne co sw ew pr gt ge lt le)");
        }
        JsonNode value = literal();
        Comparison c = comparison(leaf, operator, value, word.text);
        if (value.isNull()) { // "eq null" is "not present", "ne null" is "present"
            boolean wantPresent = operator.equals("ne");
            return n -> values(n, top, sub).stream().anyMatch(v -> !v.isNull()) == wantPresent;
        }
        if (operator.equals("ne")) {
            return n -> values(n, top, sub).stream().noneMatch(v -> c.test(v));
        }
        return n -> values(n, top, sub).stream().anyMatch(v -> c.test(v));
    }

    private interface Comparison {
        boolean test(JsonNode attributeValue);
    }

    private Comparison comparison(Attribute leaf, String operator, JsonNode value, String path) {
        if (value.isNull()) {
            if (!operator.equals("eq") && !operator.equals("ne")) {
                throw ScimError.invalidFilter(operator + " null: only eq and ne compare with null (" + path + ")");
            }
            return v -> true;
        }
        if (leaf.type() == Type.BOOLEAN) {
            if (!operator.equals("eq") && !operator.equals("ne")) {
                throw ScimError.invalidFilter(path + " is a Boolean: only eq, ne and pr apply to it, not "
                        + operator);
            }
            if (!value.isBoolean()) {
                throw ScimError.invalidFilter(path + " is a Boolean: compare it with true or false, not " + value);
            }
            return v -> v.isBoolean() && v.booleanValue() == value.booleanValue();
        }
        if (!value.isTextual()) {
            throw ScimError.invalidFilter(path + " is a string: compare it with a quoted string, not " + value);
        }
        boolean exact = leaf.caseExact();
        String wanted = exact ? value.asText() : value.asText().toLowerCase(Locale.ROOT);
        if (leaf.type() == Type.DATETIME && List.of("gt", "ge", "lt", "le").contains(operator)) {
            Instant at = instant(value.asText(), path);
            return v -> {
                if (!v.isTextual()) {
                    return false;
                }
                int cmp = Instant.parse(v.asText()).compareTo(at);
                return order(operator, cmp);
            };
        }
        return v -> {
            if (!v.isTextual()) {
                return false;
            }
            String have = exact ? v.asText() : v.asText().toLowerCase(Locale.ROOT);
            return switch (operator) {
                case "eq", "ne" -> have.equals(wanted);
                case "co" -> have.contains(wanted);
                case "sw" -> have.startsWith(wanted);
                case "ew" -> have.endsWith(wanted);
                default -> order(operator, have.compareTo(wanted));
            };
        };
    }

    private static boolean order(String operator, int cmp) {
        return switch (operator) {
            case "gt" -> cmp > 0;
            case "ge" -> cmp >= 0;
            case "lt" -> cmp < 0;
            default -> cmp <= 0;
        };
    }

    private static Instant instant(String text, String path) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ScimError.invalidFilter(path + " is a DateTime: compare it with an xsd:dateTime such as"
                    + " \"2026-01-31T00:00:00Z\", not \"" + text + "\"");
        }
    }

    private JsonNode literal() {
        Token t = peek();
        next++;
        if (t.kind == Kind.STRING) {
            return TextNode.valueOf(t.text);
        }
        if (t.kind == Kind.WORD) {
            switch (t.text.toLowerCase(Locale.ROOT)) {
                case "true":
                    return BooleanNode.TRUE;
                case "false":
                    return BooleanNode.FALSE;
                case "null":
                    return NullNode.instance;
                default:
                    try {
                        return DecimalNode.valueOf(new java.math.BigDecimal(t.text));
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
            }
        }
        throw ScimError.invalidFilter("expected a value (a \"quoted string\", true, false, null or a number) at"
                + " position " + (t.at + 1) + " of filter " + source + (t.kind == Kind.WORD
                        ? ", not the bare word " + t.text + " (strings are quoted)" : ""));
    }

    // ---- evaluation helpers ----------------------------------------------------------------------------------

    /** the field of an object by case-insensitive name, or null */
    static JsonNode field(JsonNode node, String name) {
        if (!(node instanceof ObjectNode o)) {
            return null;
        }
        JsonNode exact = o.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    /** the values at top(.sub) of a resource; a multi-valued attribute gives one per element */
    private static List<JsonNode> values(JsonNode resource, String top, String sub) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : elements(field(resource, top))) {
            JsonNode v = sub == null ? e : field(e, sub);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    // ---- tokens ----------------------------------------------------------------------------------------------

    private static String[] split(Token word) {
        String text = word.text;
        if (text.regionMatches(true, 0, "urn:", 0, 4)) { // urn:...:User:name.givenName
            text = text.substring(text.lastIndexOf(':') + 1);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw ScimError.invalidFilter("\"" + word.text + "\" at position " + (word.at + 1)
                    + " is not an attribute path (attribute or attribute.subAttribute)");
        }
        return parts;
    }

    private boolean keyword(String k) {
        Token t = peek();
        if (t.kind == Kind.WORD && t.text.equalsIgnoreCase(k)) {
            next++;
            return true;
        }
        return false;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind != kind) {
            throw ScimError.invalidFilter("expected " + what + " at position " + (t.at + 1) + " of \"" + source
                    + "\", found " + (t.kind == Kind.END ? "the end" : "\"" + t.text + "\""));
        }
        next++;
        return t;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '[' || c == ']') {
                Kind k = c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : c == '[' ? Kind.LBRACKET : Kind.RBRACKET;
                out.add(new Token(k, String.valueOf(c), i++));
            } else if (c == '"') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != '"') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= s.length()) {
                    throw ScimError.invalidFilter("unterminated string starting at position " + (i + 1) + " of "
                            + s);
                }
                try {
                    out.add(new Token(Kind.STRING, JSON.readValue(s.substring(i, end + 1), String.class), i));
                } catch (JsonProcessingException e) {
                    throw ScimError.invalidFilter("bad string at position " + (i + 1) + " of " + s);
                }
                i = end + 1;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()[]\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), start));
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }
}
