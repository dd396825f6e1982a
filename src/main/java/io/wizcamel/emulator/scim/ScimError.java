package io.wizcamel.emulator.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the emulated service provider refuses, answered with the RFC 7644 section 3.12 error body. */
public final class ScimError extends RuntimeException {

    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final int status;
    private final String scimType;

    public ScimError(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    public static ScimError invalidFilter(String detail) {
        return new ScimError(400, "invalidFilter", detail);
    }

    public static ScimError invalidValue(String detail) {
        return new ScimError(400, "invalidValue", detail);
    }

    public static ScimError invalidSyntax(String detail) {
        return new ScimError(400, "invalidSyntax", detail);
    }

    public static ScimError invalidPath(String detail) {
        return new ScimError(400, "invalidPath", detail);
    }

    public static ScimError noTarget(String detail) {
        return new ScimError(400, "noTarget", detail);
    }

    public static ScimError mutability(String detail) {
        return new ScimError(400, "mutability", detail);
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    /** the error body: status as a string (RFC 7644 3.12), scimType only when there is one */
    public ObjectNode body() {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.putArray("schemas").add(SCHEMA);
        e.put("status", Integer.toString(status));
        if (scimType != null) {
            e.put("scimType", scimType);
        }
        e.put("detail", getMessage());
        return e;
    }
}
