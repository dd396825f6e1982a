package io.wizcamel.format;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders a finding or audit record as one ArcSight Common Event Format line (CEF rev 25):
 * {@code CEF:0|Wiz|Wiz|1.0|<signatureId>|<name>|<severity>|<extension>}, from the {@link LineEvent} its stream's
 * mapping builds (issues, vulnerabilities, configuration findings, audit logs; other streams have no CEF form). The
 * line has no syslog header and no line terminator; the sink frames it. The fields of each stream: docs/formats.md.
 *
 * <p>Header: Device Vendor, Product, Version {@code Wiz}, {@code Wiz}, {@code 1.0}; Severity CRITICAL 10, HIGH 8,
 * MEDIUM 5, LOW 3, INFORMATIONAL 1, other or absent {@code Unknown}. Extension: {@code externalId} (the record's id),
 * {@code rt} (its time in epoch milliseconds, the fetch time when it has none), then the mapping's fields in order,
 * each left out when null (a custom {@code csN} together with its {@code csNLabel}). {@code msg} is cut to 1023
 * characters.
 *
 * <p>Escaping: in the header {@code \} and {@code |} get a backslash, and each CR or LF becomes a space (CEF allows
 * multi-line text only in the extension); in extension values {@code \} and {@code =} get a backslash, a line
 * feed becomes {@code \n} and a carriage return {@code \r}. Keys are fixed and need none.
 */
public class CefFormat implements RecordRenderer {

    /** CEF's limit for {@code msg}. */
    public static final int MSG_MAX = 1023;

    private static final String PREFIX = "CEF:0|Wiz|Wiz|1.0|";

    @Override
    public String render(JsonNode record, RenderContext context) {
        LineEvent event = LineEvent.withTenant(StreamMappings.of(context.stream()).line(record, context), record);
        return event == null ? null : render(event);
    }

    @Override
    public boolean renders(String stream) {
        return StreamMappings.hasLines(stream);
    }

    static String render(LineEvent event) {
        StringBuilder line = new StringBuilder(512).append(PREFIX);
        line.append(escapeHeader(event.signatureId)).append('|');
        line.append(escapeHeader(event.name)).append('|');
        line.append(severity(event.severity)).append('|');

        Extension ext = new Extension(line);
        ext.add("externalId", event.id);
        ext.add("rt", Long.toString(event.time.toEpochMilli()));
        for (LineEvent.Field f : event.fields) {
            if (f.cefKey() == null) {
                continue;
            }
            if (f.prefix() != null) {
                ext.add(f.prefix() + f.slot() + "Label", f.cefKey());
                ext.add(f.prefix() + f.slot(), f.value());
            } else {
                ext.add(f.cefKey(), "msg".equals(f.cefKey()) ? truncate(f.value(), MSG_MAX) : f.value());
            }
        }
        return line.toString();
    }

    /**
     * CEF severity for a Wiz severity: 0-10 as a number (NONE, a vulnerability's, is 0), or {@code Unknown} (rev 25
     * allows it).
     */
    public static String severity(String wizSeverity) {
        if (wizSeverity == null) {
            return "Unknown";
        }
        switch (wizSeverity) {
            case "CRITICAL": return "10";
            case "HIGH": return "8";
            case "MEDIUM": return "5";
            case "LOW": return "3";
            case "INFORMATIONAL": return "1";
            case "NONE": return "0";
            default: return "Unknown";
        }
    }

    static String escapeHeader(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '|': out.append("\\|"); break;
                case '\r':
                case '\n':
                    out.append(' ');
                    break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    static String escapeExtension(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '=': out.append("\\="); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** Cuts to at most {@code max} chars without splitting a surrogate pair (which would leave invalid text). */
    static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /** Appends {@code key=value} pairs separated by single spaces; null values are skipped entirely. */
    private static final class Extension {
        private final StringBuilder line;
        private boolean first = true;

        Extension(StringBuilder line) {
            this.line = line;
        }

        void add(String key, String value) {
            if (value == null) {
                return;
            }
            if (!first) {
                line.append(' ');
            }
            first = false;
            line.append(key).append('=').append(escapeExtension(value));
        }
    }
}
