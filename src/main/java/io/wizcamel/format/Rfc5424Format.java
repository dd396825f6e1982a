package io.wizcamel.format;

import java.io.IOException;
import java.net.InetAddress;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders a finding or audit record as one RFC 5424 syslog message, without transport framing, from the
 * {@link LineEvent} its stream's mapping builds (issues, vulnerabilities, configuration findings, audit logs; other
 * streams have no syslog form): {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID [SD-ID id="..." ...] BOM MSG}.
 *
 * <table>
 * <caption>Record to RFC 5424</caption>
 * <tr><th>Part</th><th>Source / value</th></tr>
 * <tr><td>PRI</td><td>facility * 8 + severity; severity: CRITICAL 2 (crit), HIGH 3 (err), MEDIUM 4 (warning),
 * LOW 5 (notice), INFORMATIONAL 6 (info), other or absent 5 (notice)</td></tr>
 * <tr><td>VERSION</td><td>{@code 1}</td></tr>
 * <tr><td>TIMESTAMP</td><td>the record's time (the fetch time when it has none), UTC, at most 6 fraction
 * digits</td></tr>
 * <tr><td>HOSTNAME</td><td>the configured host name, else this machine's ({@link #localHostName()}); at most 255
 * chars</td></tr>
 * <tr><td>APP-NAME</td><td>constructor, at most 48 chars; default {@code wiz-camel}</td></tr>
 * <tr><td>PROCID</td><td>{@code -}</td></tr>
 * <tr><td>MSGID</td><td>the kind of record: {@code issue}, {@code vulnerability}, {@code configuration-finding},
 * {@code audit-log}</td></tr>
 * <tr><td>STRUCTURED-DATA</td><td>one element, SD-ID from the constructor (default {@code wiz@32473}), params
 * {@code id} then the mapping's fields in order, each left out when null</td></tr>
 * <tr><td>MSG</td><td>the mapping's message (an issue's title, ...); preceded by the UTF-8 BOM when it is not plain
 * ASCII, as RFC 5424 section 6.4 requires of a UTF-8 MSG; left out (with its leading space) when null</td></tr>
 * </table>
 *
 * <p>Header fields are made printable US-ASCII (anything else, space included, becomes {@code _}) and cut to the
 * RFC's lengths. Facility names: kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp,
 * audit, alert, clock, local0..local7 (codes 0-23, case-insensitive); any other name is refused.
 *
 * <p>SD-ID: 32473 is the private enterprise number IANA reserves for documentation (RFC 5612); operators should
 * configure {@code name@<their own PEN>}. PARAM-VALUEs escape {@code "}, {@code \} and {@code ]} with a backslash
 * (RFC 5424 section 6.3.3). Control characters (line breaks included) in PARAM-VALUEs and MSG become a space: the
 * RFC allows them, but receivers that frame syslog by line (RFC 6587 non-transparent framing) would split the
 * message, and text from cloud resources could then forge a second record.
 */
public class Rfc5424Format implements RecordRenderer {

    public static final String DEFAULT_SD_ID = "wiz@32473";
    /** the UTF-8 byte order mark, which starts a UTF-8 MSG (RFC 5424 section 6.4) */
    public static final char BOM = '\uFEFF';

    private static final String NIL = "-";
    // SD-NAME is 1*32 printable US-ASCII except '=', SP, ']' and '"'; a private SD-ID is name@PEN
    private static final Pattern SD_ID = Pattern.compile("[\\x21-\\x7E&&[^=\\]\"@ ]]+@\\d+(?:\\.\\d+)*");
    private static final Map<String, Integer> FACILITIES = facilities();

    private final String hostname;
    private final String appName;
    private final int facility;
    private final String sdId;

    /** This machine's host name, app {@code wiz-camel}, facility {@code local0}, SD-ID {@code wiz@32473}. */
    public Rfc5424Format() {
        this(null, "wiz-camel", "local0", DEFAULT_SD_ID);
    }

    /**
     * @param hostname  HOSTNAME; null, blank or {@code -} for this machine's host name
     * @param appName   APP-NAME; {@code -}, null or blank for none
     * @param facility  facility name (kern..local7)
     * @param sdId      SD-ID of the structured-data element, {@code name@PEN}
     * @throws IllegalArgumentException for an unknown facility or a malformed SD-ID
     */
    public Rfc5424Format(String hostname, String appName, String facility, String sdId) {
        this.hostname = hostname == null || hostname.isBlank() || NIL.equals(hostname.trim()) ? localHostName()
                : headerField(hostname.trim(), 255);
        this.appName = headerField(appName, 48);
        this.facility = facilityCode(facility);
        if (sdId == null || sdId.length() > 32 || !SD_ID.matcher(sdId).matches()) {
            throw new IllegalArgumentException("SD-ID must be name@<private enterprise number>, at most 32 printable "
                    + "characters without '=', ']', '\"' or space: " + sdId);
        }
        this.sdId = sdId;
    }

    @Override
    public String render(JsonNode record, RenderContext context) {
        LineEvent event = LineEvent.withTenant(StreamMappings.of(context.stream()).line(record, context), record);
        return event == null ? null : render(event);
    }

    @Override
    public boolean renders(String stream) {
        return StreamMappings.hasLines(stream);
    }

    /** the message without its MSG: what {@link #render(JsonNode, RenderContext)} starts with; null as it is */
    public String head(JsonNode record, RenderContext context) {
        LineEvent event = LineEvent.withTenant(StreamMappings.of(context.stream()).line(record, context), record);
        return event == null ? null : render(event.withoutMessage());
    }

    /**
     * A record the operator's JQ mapping made: its own JSON as the MSG, after a header of what wiz-camel knows without
     * reading the record's fields (PRI from a textual {@code severity} if it has one, the fetch time, MSGID the
     * stream's record name, {@code id}).
     */
    public String json(JsonNode record, RenderContext context) {
        JsonNode severity = record.path("severity");
        StringBuilder msg = new StringBuilder(512);
        msg.append('<').append(facility * 8 + severityCode(severity.isTextual() ? severity.asText() : null))
                .append(">1 ").append(context.fetchedAt().truncatedTo(ChronoUnit.MICROS)).append(' ')
                .append(hostname).append(' ')
                .append(appName).append(' ')
                .append(NIL).append(' ')
                .append(headerField(StreamMappings.item(context.stream()), 32)).append(' ');
        msg.append('[').append(sdId);
        param(msg, "id", record.path("id").asText());
        msg.append("] ");
        String json = record.toString(); // Jackson escapes control characters: one line
        if (!isAscii(json)) {
            msg.append(BOM);
        }
        return msg.append(json).toString();
    }

    String render(LineEvent event) {
        StringBuilder msg = new StringBuilder(512);
        msg.append('<').append(facility * 8 + severityCode(event.severity)).append(">1 ")
                .append(event.time.truncatedTo(ChronoUnit.MICROS)).append(' ') // UTC, Z, at most 6 digits.append(' ')
                .append(hostname).append(' ')
                .append(appName).append(' ')
                .append(NIL).append(' ')
                .append(headerField(event.msgId, 32)).append(' ');

        msg.append('[').append(sdId);
        param(msg, "id", event.id);
        for (LineEvent.Field f : event.fields) {
            if (f.sdName() != null) {
                param(msg, f.sdName(), f.value());
            }
        }
        msg.append(']');

        if (event.message != null) {
            String text = noControls(event.message);
            msg.append(' ');
            if (!isAscii(text)) {
                msg.append(BOM);
            }
            msg.append(text);
        }
        return msg.toString();
    }

    /** the host name this machine knows itself by, as a HOSTNAME; {@code -} only when it has none */
    public static String localHostName() {
        try {
            return headerField(InetAddress.getLocalHost().getHostName(), 255);
        } catch (IOException | SecurityException e) {
            String env = System.getenv("HOSTNAME");
            return headerField(env, 255);
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** Facility code (0-23) for a name such as {@code local0}; case-insensitive. */
    public static int facilityCode(String name) {
        Integer code = name == null ? null : FACILITIES.get(name.trim().toLowerCase(Locale.ROOT));
        if (code == null) {
            throw new IllegalArgumentException("Unknown syslog facility '" + name + "'; use one of "
                    + String.join(", ", FACILITIES.keySet()));
        }
        return code;
    }

    /** Syslog severity (0-7) for a Wiz severity; an unknown or absent one is notice (5). */
    public static int severityCode(String wizSeverity) {
        if (wizSeverity == null) {
            return 5;
        }
        switch (wizSeverity) {
            case "CRITICAL": return 2;
            case "HIGH": return 3;
            case "MEDIUM": return 4;
            case "LOW": return 5;
            case "INFORMATIONAL": return 6;
            default: return 5;
        }
    }

    /** PRINTUSASCII only, cut to the RFC length; empty means the nil value. */
    static String headerField(String value, int max) {
        if (value == null || value.isBlank()) {
            return NIL;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }

    static String escapeParamValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\').append(c);
            } else {
                out.append(isControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }

    private static String noControls(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(isControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    private static void param(StringBuilder msg, String name, String value) {
        if (value != null) {
            msg.append(' ').append(name).append("=\"").append(escapeParamValue(value)).append('"');
        }
    }

    private static Map<String, Integer> facilities() {
        // RFC 5424 table 1 order; 13-15 use the names common syslog daemons give them
        String[] names = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
            "authpriv", "ftp", "ntp", "audit", "alert", "clock"};
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], i);
        }
        for (int i = 0; i < 8; i++) {
            map.put("local" + i, 16 + i);
        }
        return Collections.unmodifiableMap(map);
    }
}
