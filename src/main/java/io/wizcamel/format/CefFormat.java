package io.wizcamel.format;

import static io.wizcamel.format.Fields.control;
import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.resource;
import static io.wizcamel.format.Fields.text;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders an issue record as one ArcSight Common Event Format line (CEF rev 25):
 * {@code CEF:0|Wiz|Wiz|1.0|<signatureId>|<name>|<severity>|<extension>}. The line has no syslog header and no line
 * terminator; the sink frames it.
 *
 * <table>
 * <caption>Header</caption>
 * <tr><th>Header field</th><th>Source / value</th></tr>
 * <tr><td>Device Vendor, Product, Version</td><td>{@code Wiz}, {@code Wiz}, {@code 1.0}</td></tr>
 * <tr><td>Signature ID</td><td>control.id, else type, else {@code unknown}</td></tr>
 * <tr><td>Name</td><td>title, else type, else {@code Wiz issue}</td></tr>
 * <tr><td>Severity</td><td>CRITICAL 10, HIGH 8, MEDIUM 5, LOW 3, INFORMATIONAL 1, other or absent
 * {@code Unknown}</td></tr>
 * </table>
 *
 * <table>
 * <caption>Extension, in this fixed order; a key whose value is null is left out (for csN, with its label)</caption>
 * <tr><th>Key</th><th>Source</th></tr>
 * <tr><td>{@code externalId}</td><td>id</td></tr>
 * <tr><td>{@code rt}</td><td>statusChangedAt, else updatedAt, else createdAt, as epoch milliseconds</td></tr>
 * <tr><td>{@code cat}</td><td>type</td></tr>
 * <tr><td>{@code act}</td><td>status (the operator's mapped status)</td></tr>
 * <tr><td>{@code cs1Label=wizStatus cs1}</td><td>wizStatus</td></tr>
 * <tr><td>{@code cs2Label=resourceId cs2}</td><td>resource.id</td></tr>
 * <tr><td>{@code cs3Label=cloudPlatform cs3}</td><td>cloudPlatform, else resource.cloudPlatform</td></tr>
 * <tr><td>{@code cs4Label=region cs4}</td><td>resource.region</td></tr>
 * <tr><td>{@code cs5Label=subscriptionId cs5}</td><td>resource.subscriptionId</td></tr>
 * <tr><td>{@code cs6Label=project cs6}</td><td>project names joined with {@code ,}; left out when none</td></tr>
 * <tr><td>{@code request}</td><td>url (the issue in the Wiz portal)</td></tr>
 * <tr><td>{@code msg}</td><td>control.remediation, else control.description, cut to 1023 characters</td></tr>
 * <tr><td>{@code dhost}</td><td>resource.name</td></tr>
 * </table>
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
    public String render(JsonNode record) {
        String type = text(record, "type");
        StringBuilder line = new StringBuilder(512).append(PREFIX);
        line.append(escapeHeader(firstNonNull(control(record, "id"), type, "unknown"))).append('|');
        line.append(escapeHeader(firstNonNull(text(record, "title"), type, "Wiz issue"))).append('|');
        line.append(severity(text(record, "severity"))).append('|');

        Extension ext = new Extension(line);
        ext.add("externalId", text(record, "id"));
        Long rt = Fields.epochMillis(Fields.eventTime(record));
        ext.add("rt", rt == null ? null : rt.toString());
        ext.add("cat", type);
        ext.add("act", text(record, "status"));
        ext.custom(1, "wizStatus", text(record, "wizStatus"));
        ext.custom(2, "resourceId", resource(record, "id"));
        ext.custom(3, "cloudPlatform", Fields.cloudPlatform(record));
        ext.custom(4, "region", resource(record, "region"));
        ext.custom(5, "subscriptionId", resource(record, "subscriptionId"));
        List<String> projects = Fields.projectNames(record);
        ext.custom(6, "project", projects.isEmpty() ? null : String.join(",", projects));
        ext.add("request", text(record, "url"));
        ext.add("msg", truncate(firstNonNull(control(record, "remediation"), control(record, "description")),
                MSG_MAX));
        ext.add("dhost", resource(record, "name"));
        return line.toString();
    }

    /** CEF severity for a Wiz severity: 0-10 as a number, or {@code Unknown} (rev 25 allows it). */
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

        void custom(int n, String label, String value) {
            if (value != null) {
                add("cs" + n + "Label", label);
                add("cs" + n, value);
            }
        }
    }
}
