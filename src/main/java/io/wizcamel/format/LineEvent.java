package io.wizcamel.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One record as the line formats see it, built by its stream's mapping and written by {@link CefFormat} and
 * {@link Rfc5424Format}: an id, a kind (CEF's Device Event Class ID, RFC 5424's MSGID), a name, a Wiz severity, a
 * time and the fields, each with the name it has in CEF (a dictionary key, or a custom {@code csN} string with its
 * label) and in RFC 5424 structured data, either of which may be absent.
 */
public final class LineEvent {

    /**
     * one field: its CEF key ({@code null}: not in CEF) or, for a custom field, its label, the custom key's prefix
     * ({@code cs} string, {@code cfp} floating point) and slot N; its SD-PARAM name ({@code null}: not in RFC 5424)
     */
    record Field(String cefKey, String prefix, int slot, String sdName, String value) {
    }

    final String id;
    final String msgId;
    final String signatureId;
    final String name;
    final String severity;
    final Instant time;
    final String message;
    final List<Field> fields = new ArrayList<>();

    /**
     * @param id          the record's id: CEF externalId, SD param {@code id}
     * @param msgId       RFC 5424 MSGID: what kind of record ({@code issue}, {@code vulnerability}, ...)
     * @param signatureId CEF Device Event Class ID: what the record is an instance of (rule, CVE, action)
     * @param name        CEF Name: a human-readable description
     * @param severity    Wiz's severity (CRITICAL .. INFORMATIONAL), or null
     * @param time        the record's time (CEF rt, RFC 5424 TIMESTAMP)
     * @param message     RFC 5424 MSG, or null for none
     */
    LineEvent(String id, String msgId, String signatureId, String name, String severity, Instant time,
            String message) {
        this.id = id;
        this.msgId = msgId;
        this.signatureId = signatureId;
        this.name = name;
        this.severity = severity;
        this.time = time;
        this.message = message;
    }

    /** in CEF under the dictionary key {@code cefKey} and in RFC 5424 as {@code sdName}; either may be null */
    LineEvent field(String cefKey, String sdName, String value) {
        return add(new Field(cefKey, null, 0, sdName, value));
    }

    /**
     * in CEF as the custom string {@code cs<slot>} labelled {@code label} (a fixed slot per field, so that a receiver
     * can map it by position), in RFC 5424 as {@code label}
     */
    LineEvent custom(int slot, String label, String value) {
        return add(new Field(label, "cs", slot, label, value));
    }

    /** in CEF as the custom floating-point number {@code cfp<slot>} labelled {@code label}, in RFC 5424 as label */
    LineEvent customNumber(int slot, String label, Double value) {
        return add(new Field(label, "cfp", slot, label, value == null ? null : number(value)));
    }

    /** in CEF only, as the custom string {@code cs<slot>} labelled {@code label} */
    LineEvent customCefOnly(int slot, String label, String value) {
        return add(new Field(label, "cs", slot, null, value));
    }

    /**
     * The record's tenant when the process runs several (docs/tenants.md): CEF's {@code deviceExternalId} (the
     * device, here the Wiz tenant, that produced the event), RFC 5424's {@code tenant}; nothing for one tenant.
     */
    static LineEvent withTenant(LineEvent event, com.fasterxml.jackson.databind.JsonNode record) {
        String tenant = record == null ? null : record.path("tenant").textValue();
        return event == null || tenant == null ? event : event.field("deviceExternalId", "tenant", tenant);
    }

    /** a number without a needless fraction: 9.8, 10 */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** the same event without its message */
    LineEvent withoutMessage() {
        LineEvent copy = new LineEvent(id, msgId, signatureId, name, severity, time, null);
        copy.fields.addAll(fields);
        return copy;
    }

    private LineEvent add(Field field) {
        if (field.value() != null) {
            fields.add(field);
        }
        return this;
    }
}
