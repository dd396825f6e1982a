package io.wizcamel.format.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check of one CEF line against the ArcSight Common Event Format implementation standard (revision 25):
 * {@code CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension}.
 * <ul>
 * <li>header: version 0 (or 1), seven fields separated by unescaped pipes, in which only {@code \|} and {@code \\}
 * are escapes and no line break appears; severity 0-10 or Unknown, Low, Medium, High, Very-High; the header
 * fields' lengths (vendor, product, version 63, class id 1023, name 512);</li>
 * <li>extension: {@code key=value} pairs separated by spaces; keys from the ArcSight extension dictionary (the
 * custom ones, such as {@code cs1} with {@code cs1Label}, always with their label and the label with its value);
 * in values only {@code \\}, {@code \=}, {@code \n} and {@code \r} are escapes, no unescaped {@code =} and no raw
 * line break; each key once; typed keys (times, numbers, addresses) of their type; the dictionary's lengths.</li>
 * </ul>
 */
public final class CefSpec {

    /** the dictionary keys the formats may use, with the standard's maximum length (0: not a string) */
    static final Map<String, Integer> KEYS = new LinkedHashMap<>();

    static {
        Object[] dictionary = {
            "act", 63, "app", 31, "cat", 1023, "cnt", 0, "destinationDnsDomain", 255, "destinationServiceName", 1023,
            "deviceAction", 63, "deviceDirection", 0, "deviceDnsDomain", 255, "deviceExternalId", 255,
            "deviceFacility", 1023, "deviceProcessName", 1023, "dhost", 1023, "dntdom", 255, "dpriv", 1023,
            "dproc", 1023, "dst", 0, "duid", 1023, "duser", 1023, "dvchost", 100, "end", 0, "externalId", 40,
            "fname", 1023, "msg", 1023, "outcome", 63, "proto", 31, "reason", 1023, "request", 1023,
            "requestClientApplication", 1023, "requestContext", 2048, "requestMethod", 1023, "rt", 0, "shost", 1023,
            "sntdom", 255, "spriv", 1023, "src", 0, "start", 0, "suid", 1023, "suser", 1023, "type", 0,
            "cs1", 4000, "cs2", 4000, "cs3", 4000, "cs4", 4000, "cs5", 4000, "cs6", 4000,
            "cn1", 0, "cn2", 0, "cn3", 0, "cfp1", 0, "cfp2", 0, "cfp3", 0, "cfp4", 0,
            "deviceCustomDate1", 0, "deviceCustomDate2", 0, "flexString1", 1023, "flexString2", 1023,
            "flexDate1", 0,
        };
        for (int i = 0; i < dictionary.length; i += 2) {
            KEYS.put((String) dictionary[i], (Integer) dictionary[i + 1]);
        }
        for (String custom : List.of("cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cn1", "cn2", "cn3", "cfp1", "cfp2",
                "cfp3", "cfp4", "deviceCustomDate1", "deviceCustomDate2", "flexString1", "flexString2", "flexDate1")) {
            KEYS.put(custom + "Label", 1023);
        }
    }

    private static final Set<String> TIMES = Set.of("rt", "start", "end", "deviceCustomDate1", "deviceCustomDate2",
            "flexDate1");
    private static final Set<String> INTEGERS = Set.of("cnt", "cn1", "cn2", "cn3", "type", "deviceDirection");
    private static final Set<String> FLOATS = Set.of("cfp1", "cfp2", "cfp3", "cfp4");
    private static final Set<String> ADDRESSES = Set.of("src", "dst");
    private static final Pattern SEVERITY = Pattern.compile("(10|[0-9])|Unknown|Low|Medium|High|Very-High");
    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9_]+)=");
    private static final Pattern EPOCH_MS = Pattern.compile("\\d{1,13}");
    private static final Pattern DATE = Pattern.compile(
            "[A-Z][a-z]{2} \\d{2} (\\d{4} )?\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?( [A-Za-z/_+-]+)?");

    private CefSpec() {
    }

    /** the extension of a line that {@link #problems} passes, keys to unescaped values, in order */
    public static Map<String, String> extension(String line) {
        List<String> problems = new ArrayList<>();
        Map<String, String> ext = parse(line, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return ext;
    }

    /** the seven header fields, unescaped */
    public static List<String> header(String line) {
        List<String> problems = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        headerFields(line, fields, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return fields;
    }

    public static List<String> problems(String line) {
        List<String> problems = new ArrayList<>();
        parse(line, problems);
        return problems;
    }

    private static Map<String, String> parse(String line, List<String> problems) {
        Map<String, String> ext = new LinkedHashMap<>();
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            problems.add("a raw line break: a CEF event is one line");
        }
        List<String> header = new ArrayList<>();
        int extStart = headerFields(line, header, problems);
        if (extStart < 0) {
            return ext;
        }
        String[] names = {"Version", "Device Vendor", "Device Product", "Device Version", "Device Event Class ID",
            "Name", "Severity"};
        int[] max = {0, 63, 63, 63, 1023, 512, 0};
        if (!header.get(0).equals("CEF:0") && !header.get(0).equals("CEF:1")) {
            problems.add("header starts '" + header.get(0) + "', not CEF:0 or CEF:1");
        }
        for (int i = 1; i < 6; i++) {
            if (header.get(i).isEmpty()) {
                problems.add(names[i] + " is empty");
            }
            if (header.get(i).length() > max[i]) {
                problems.add(names[i] + " is longer than " + max[i]);
            }
        }
        if (!SEVERITY.matcher(header.get(6)).matches()) {
            problems.add("Severity '" + header.get(6) + "' is not 0-10 or Unknown, Low, Medium, High, Very-High");
        }
        String extension = line.substring(extStart);
        if (extension.isEmpty()) {
            return ext;
        }
        // a key starts the extension or follows a space, and is followed by an unescaped '='
        List<int[]> keys = new ArrayList<>();
        Matcher m = KEY.matcher(extension);
        while (m.find()) {
            boolean atStart = m.start() == 0 || extension.charAt(m.start() - 1) == ' ';
            if (atStart && !escaped(extension, m.end() - 1)) {
                keys.add(new int[] {m.start(), m.end(), m.start(1), m.end(1)});
            }
        }
        if (keys.isEmpty() || keys.get(0)[0] != 0) {
            problems.add("extension does not start with key=value: " + extension);
            return ext;
        }
        for (int i = 0; i < keys.size(); i++) {
            int[] k = keys.get(i);
            String key = extension.substring(k[2], k[3]);
            int end = i + 1 < keys.size() ? keys.get(i + 1)[0] - 1 : extension.length();
            String raw = extension.substring(k[1], Math.max(k[1], end));
            String value = unescape(key, raw, problems);
            if (ext.put(key, value) != null) {
                problems.add(key + " appears twice");
            }
        }
        ext.forEach((key, value) -> checkPair(key, value, ext, problems));
        return ext;
    }

    private static void checkPair(String key, String value, Map<String, String> ext, List<String> problems) {
        Integer max = KEYS.get(key);
        if (max == null) {
            problems.add(key + ": not a key of the CEF extension dictionary (use a custom key such as csN with its "
                    + "csNLabel)");
            return;
        }
        if (max > 0 && value.length() > max) {
            problems.add(key + ": " + value.length() + " characters, more than CEF's " + max);
        }
        if (key.endsWith("Label") && !ext.containsKey(key.substring(0, key.length() - 5))) {
            problems.add(key + " without " + key.substring(0, key.length() - 5));
        }
        if (KEYS.containsKey(key + "Label") && !ext.containsKey(key + "Label")) {
            problems.add(key + ": a custom key without its " + key + "Label");
        }
        if (TIMES.contains(key) && !EPOCH_MS.matcher(value).matches() && !DATE.matcher(value).matches()) {
            problems.add(key + " '" + value + "': a CEF time is epoch milliseconds or 'MMM dd yyyy HH:mm:ss'");
        }
        if (INTEGERS.contains(key) && !value.matches("-?\\d+")) {
            problems.add(key + " '" + value + "': an integer");
        }
        if (FLOATS.contains(key) && !value.matches("-?\\d+(\\.\\d+)?")) {
            problems.add(key + " '" + value + "': a floating-point number");
        }
        if (ADDRESSES.contains(key) && !value.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
            problems.add(key + " '" + value + "': an IP address");
        }
    }

    /** splits the header; answers where the extension starts, or -1 */
    private static int headerFields(String line, List<String> fields, List<String> problems) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
                if (fields.size() < 7 && (next == '|' || next == '\\')) {
                    field.append(next);
                    i++;
                    continue;
                }
                problems.add("header field " + (fields.size() + 1) + ": a backslash that escapes neither | nor \\");
                field.append(c);
            } else if (c == '|') {
                fields.add(field.toString());
                field.setLength(0);
                if (fields.size() == 7) {
                    return i + 1;
                }
            } else {
                field.append(c);
            }
        }
        problems.add("header has " + fields.size() + " unescaped pipes, CEF needs 7");
        return -1;
    }

    private static String unescape(String key, String raw, List<String> problems) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                switch (next) {
                    case '\\', '=' -> out.append(next);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    default -> {
                        problems.add(key + ": '\\" + next + "' is not a CEF extension escape");
                        out.append(next);
                    }
                }
            } else if (c == '\\') {
                problems.add(key + ": a lone backslash at the end of the value");
            } else if (c == '=') {
                problems.add(key + ": an unescaped '=' in the value");
                out.append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean escaped(String s, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
