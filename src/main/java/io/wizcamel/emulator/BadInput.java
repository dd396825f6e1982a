package io.wizcamel.emulator;

/** A request the emulated API refuses as Wiz does: HTTP 200, {@code errors[].extensions.code = BAD_USER_INPUT}. */
public final class BadInput extends Exception {

    public BadInput(String message) {
        super(message, null, false, false);
    }
}
