package io.wizcamel.format.conformance;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A check of one syslog message (its bytes, without transport framing) against the ABNF of RFC 5424 section 6:
 * {@code <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]}.
 * PRI 0-191 without leading zeros, VERSION 1, TIMESTAMP nil or RFC 3339 with at most 6 fraction digits and upper-case
 * T and Z, HOSTNAME / APP-NAME / PROCID / MSGID printable US-ASCII of at most 255 / 48 / 128 / 32 characters (and
 * HOSTNAME not nil, which the RFC allows only when the sender knows no name), SD elements with SD-IDs that are
 * registered (timeQuality, origin, meta) or {@code name@number}, SD-NAMEs of at most 32 characters, PARAM-VALUEs in
 * quotes with {@code "}, {@code \} and {@code ]} escaped, each SD-ID once; MSG valid UTF-8 starting with the BOM
 * when it is not plain ASCII (section 6.4).
 */
public final class Rfc5424Spec {

    /** a parsed message */
    public record Message(int pri, String timestamp, String hostname, String appName, String procId, String msgId,
            Map<String, Map<String, String>> structuredData, String msg, boolean bom) {
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Set<String> REGISTERED = Set.of("timeQuality", "origin", "meta");

    private Rfc5424Spec() {
    }

    public static List<String> problems(byte[] message) {
        List<String> problems = new ArrayList<>();
        parse(message, problems);
        return problems;
    }

    public static Message parse(byte[] message) {
        List<String> problems = new ArrayList<>();
        Message m = parse(message, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return m;
    }

    private static Message parse(byte[] bytes, List<String> problems) {
        Cursor c = new Cursor(bytes);
        if (c.next() != '<') {
            problems.add("does not start with <PRI>");
            return null;
        }
        String pri = c.until('>');
        if (!pri.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(pri) > 191) {
            problems.add("PRI '" + pri + "' is not 0-191 without leading zeros");
            return null;
        }
        c.next();
        String version = c.token();
        if (!"1".equals(version)) {
            problems.add("VERSION '" + version + "' is not 1");
        }
        String timestamp = c.token();
        if (!"-".equals(timestamp)) {
            if (!TIMESTAMP.matcher(timestamp).matches()) {
                problems.add("TIMESTAMP '" + timestamp + "' is not RFC 3339 as section 6.2.3 restricts it");
            } else {
                try {
                    OffsetDateTime.parse(timestamp);
                } catch (DateTimeParseException e) {
                    problems.add("TIMESTAMP '" + timestamp + "' is not a real date");
                }
            }
        }
        String hostname = header(c, "HOSTNAME", 255, problems);
        if ("-".equals(hostname)) {
            problems.add("HOSTNAME is nil: section 6.2.4 asks for the FQDN, an address or the host name");
        }
        String appName = header(c, "APP-NAME", 48, problems);
        String procId = header(c, "PROCID", 128, problems);
        String msgId = header(c, "MSGID", 32, problems);
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        if (c.peek() == '-') {
            c.next();
        } else if (c.peek() != '[') {
            problems.add("STRUCTURED-DATA is neither '-' nor an SD-ELEMENT");
            return null;
        }
        while (c.peek() == '[') {
            c.next();
            String sdId = c.name();
            if (!sdName(sdId.replaceFirst("@\\d+(\\.\\d+)*$", "")) || !sdId.contains("@")
                    && !REGISTERED.contains(sdId)) {
                problems.add("SD-ID '" + sdId + "' is neither IANA-registered nor name@<enterprise number>");
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (c.peek() == ' ') {
                c.next();
                String name = c.name();
                if (!sdName(name)) {
                    problems.add("SD-NAME '" + name + "' is not 1-32 printable characters without = ] \" space");
                }
                if (c.next() != '=' || c.next() != '"') {
                    problems.add("PARAM " + name + " is not name=\"value\"");
                    return null;
                }
                String value = c.paramValue(problems);
                if (value == null) {
                    return null;
                }
                params.put(name, value);
            }
            if (c.next() != ']') {
                problems.add("SD-ELEMENT " + sdId + " does not end with ]");
                return null;
            }
            if (sd.put(sdId, params) != null) {
                problems.add("SD-ID " + sdId + " appears twice");
            }
        }
        String msg = null;
        boolean bom = false;
        if (c.hasMore()) {
            if (c.next() != ' ') {
                problems.add("STRUCTURED-DATA is not followed by SP MSG");
                return null;
            }
            byte[] rest = c.rest();
            bom = rest.length >= 3 && rest[0] == BOM[0] && rest[1] == BOM[1] && rest[2] == BOM[2];
            byte[] text = bom ? java.util.Arrays.copyOfRange(rest, 3, rest.length) : rest;
            boolean ascii = true;
            for (byte b : text) {
                ascii &= b >= 0;
            }
            try {
                msg = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(text)).toString();
            } catch (CharacterCodingException e) {
                problems.add("MSG is not valid UTF-8");
            }
            if (!ascii && !bom) {
                problems.add("MSG is UTF-8 beyond ASCII without the BOM that section 6.4 requires");
            }
        }
        return new Message(Integer.parseInt(pri), timestamp, hostname, appName, procId, msgId, sd, msg, bom);
    }

    private static String header(Cursor c, String name, int max, List<String> problems) {
        String value = c.token();
        if (value.isEmpty() || value.length() > max || !value.chars().allMatch(ch -> ch >= 33 && ch <= 126)) {
            problems.add(name + " '" + value + "' is not 1-" + max + " printable US-ASCII characters");
        }
        return value;
    }

    private static boolean sdName(String s) {
        return !s.isEmpty() && s.length() <= 32 && s.chars().allMatch(ch -> ch >= 33 && ch <= 126 && ch != '='
                && ch != ']' && ch != '"');
    }

    private static final class Cursor {
        private final byte[] b;
        private int i;

        Cursor(byte[] b) {
            this.b = b;
        }

        boolean hasMore() {
            return i < b.length;
        }

        int peek() {
            return i < b.length ? b[i] : -1;
        }

        int next() {
            return i < b.length ? b[i++] : -1;
        }

        String until(char end) {
            int start = i;
            while (i < b.length && b[i] != end) {
                i++;
            }
            return new String(b, start, i - start, StandardCharsets.US_ASCII);
        }

        /** a header field and the space after it */
        String token() {
            String t = until(' ');
            i++;
            return t;
        }

        /** an SD-ID or SD-NAME: up to a space, '=' or ']' */
        String name() {
            int start = i;
            while (i < b.length && b[i] != ' ' && b[i] != '=' && b[i] != ']') {
                i++;
            }
            return new String(b, start, i - start, StandardCharsets.US_ASCII);
        }

        /** after the opening quote: the value up to the closing one, unescaped */
        String paramValue(List<String> problems) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (i < b.length) {
                byte x = b[i++];
                if (x == '\\' && i < b.length && (b[i] == '"' || b[i] == '\\' || b[i] == ']')) {
                    out.write(b[i++]);
                } else if (x == '"') {
                    return out.toString(StandardCharsets.UTF_8);
                } else if (x == ']') {
                    problems.add("PARAM-VALUE has an unescaped ']' (section 6.3.3)");
                    out.write(x);
                } else {
                    out.write(x);
                }
            }
            problems.add("PARAM-VALUE is not closed by a quote");
            return null;
        }

        byte[] rest() {
            byte[] r = java.util.Arrays.copyOfRange(b, i, b.length);
            i = b.length;
            return r;
        }
    }
}
