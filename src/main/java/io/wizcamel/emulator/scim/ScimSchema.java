package io.wizcamel.emulator.scim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The attributes the emulator knows of the RFC 7643 core User and Group schemas: their type, whether multi-valued,
 * case-exact and writable. Attribute names are case-insensitive (RFC 7643 section 2.1), so lookups lower-case them.
 */
final class ScimSchema {

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    enum Type { STRING, BOOLEAN, DATETIME, REFERENCE, COMPLEX }

    enum Mutability { READ_WRITE, READ_ONLY, IMMUTABLE }

    record Attribute(String name, Type type, boolean multiValued, boolean caseExact, Mutability mutability,
            boolean required, Map<String, Attribute> subAttributes) {

        Attribute sub(String name) {
            return subAttributes.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final String urn;
    final String resourceType;
    private final Map<String, Attribute> attributes = new LinkedHashMap<>();

    private ScimSchema(String urn, String resourceType) {
        this.urn = urn;
        this.resourceType = resourceType;
    }

    Map<String, Attribute> attributes() {
        return attributes;
    }

    Attribute attribute(String name) {
        return attributes.get(name.toLowerCase(Locale.ROOT));
    }

    private ScimSchema add(Attribute a) {
        attributes.put(a.name().toLowerCase(Locale.ROOT), a);
        return this;
    }

    private static Attribute simple(String name, Type type, boolean caseExact, Mutability m, boolean required) {
        return new Attribute(name, type, false, caseExact, m, required, Map.of());
    }

    private static Attribute complex(String name, boolean multi, Mutability m, Attribute... subs) {
        Map<String, Attribute> map = new LinkedHashMap<>();
        for (Attribute s : subs) {
            map.put(s.name().toLowerCase(Locale.ROOT), s);
        }
        return new Attribute(name, Type.COMPLEX, multi, false, m, false, map);
    }

    private static Attribute meta() {
        Mutability ro = Mutability.READ_ONLY;
        return complex("meta", false, ro, simple("resourceType", Type.STRING, true, ro, false),
                simple("created", Type.DATETIME, false, ro, false),
                simple("lastModified", Type.DATETIME, false, ro, false),
                simple("location", Type.REFERENCE, true, ro, false), simple("version", Type.STRING, true, ro, false));
    }

    static final ScimSchema USERS = new ScimSchema(USER, "User")
            .add(simple("id", Type.STRING, true, Mutability.READ_ONLY, false))
            .add(simple("externalId", Type.STRING, true, Mutability.READ_WRITE, false))
            // userName is unique and case-insensitive (RFC 7643 section 4.1.1)
            .add(simple("userName", Type.STRING, false, Mutability.READ_WRITE, true))
            .add(complex("name", false, Mutability.READ_WRITE,
                    simple("formatted", Type.STRING, false, Mutability.READ_WRITE, false),
                    simple("familyName", Type.STRING, false, Mutability.READ_WRITE, false),
                    simple("givenName", Type.STRING, false, Mutability.READ_WRITE, false),
                    simple("middleName", Type.STRING, false, Mutability.READ_WRITE, false)))
            .add(simple("displayName", Type.STRING, false, Mutability.READ_WRITE, false))
            .add(simple("title", Type.STRING, false, Mutability.READ_WRITE, false))
            .add(simple("userType", Type.STRING, false, Mutability.READ_WRITE, false))
            .add(simple("active", Type.BOOLEAN, false, Mutability.READ_WRITE, false))
            .add(complex("emails", true, Mutability.READ_WRITE,
                    simple("value", Type.STRING, false, Mutability.READ_WRITE, false),
                    simple("display", Type.STRING, false, Mutability.READ_WRITE, false),
                    simple("type", Type.STRING, false, Mutability.READ_WRITE, false),
                    simple("primary", Type.BOOLEAN, false, Mutability.READ_WRITE, false)))
            // groups of a user are the groups' business: read-only here (RFC 7643 section 4.1.2)
            .add(complex("groups", true, Mutability.READ_ONLY,
                    simple("value", Type.STRING, true, Mutability.READ_ONLY, false),
                    simple("$ref", Type.REFERENCE, true, Mutability.READ_ONLY, false),
                    simple("display", Type.STRING, false, Mutability.READ_ONLY, false),
                    simple("type", Type.STRING, false, Mutability.READ_ONLY, false)))
            .add(meta());

    static final ScimSchema GROUPS = new ScimSchema(GROUP, "Group")
            .add(simple("id", Type.STRING, true, Mutability.READ_ONLY, false))
            .add(simple("externalId", Type.STRING, true, Mutability.READ_WRITE, false))
            .add(simple("displayName", Type.STRING, false, Mutability.READ_WRITE, true))
            .add(complex("members", true, Mutability.READ_WRITE,
                    simple("value", Type.STRING, true, Mutability.IMMUTABLE, false),
                    simple("$ref", Type.REFERENCE, true, Mutability.IMMUTABLE, false),
                    simple("display", Type.STRING, false, Mutability.READ_ONLY, false),
                    simple("type", Type.STRING, false, Mutability.IMMUTABLE, false)))
            .add(meta());
}
