package io.wizcamel.emulator;

/** A request the emulated API refuses as Wiz does: HTTP 200, {@code errors[].extensions.code = BAD_USER_INPUT}. */
public final class BadInput extends Exception {

    private final String code;

    public BadInput(String message) {
        this(message, "BAD_USER_INPUT");
    }

    /** with another code than BAD_USER_INPUT (e.g. NOT_FOUND) */
    public BadInput(String message, String code) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
