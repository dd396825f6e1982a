package io.wizcamel.sink.syslog;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.format.CefFormat;
import io.wizcamel.format.RenderContext;
import io.wizcamel.format.Rfc5424Format;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a page of issue records into what goes on the syslog wire: one message per record, framed for the transport.
 *
 * <ul>
 * <li>{@code rfc5424}: {@link Rfc5424Format} as is.</li>
 * <li>{@code cef}: the {@link CefFormat} line as the MSG of an RFC 3164-style header, {@code <PRI>Mmm dd hh:mm:ss
 * HOST CEF:0|...}, the form ArcSight's CEF specification shows and CEF collectors (ArcSight, Sentinel's AMA/CEF
 * connector, QRadar) parse. The header time is the sending time in UTC (RFC 3164 has no zone); the event's own time
 * is CEF's {@code rt}.</li>
 * </ul>
 *
 * <p>Framing: UDP carries one message per datagram, unframed (RFC 5426), and is cut to {@code udpMaxBytes}. TCP and
 * TLS carry a whole page in one write, each message framed by octet counting ({@code LEN SP MSG}, RFC 6587 3.4.1,
 * the only framing RFC 5425 allows for TLS) or by a trailing LF (RFC 6587 3.4.2; safe because both formats turn
 * line breaks inside values into spaces or escapes).
 */
public class SyslogMessages {

    public static final List<String> FORMATS = List.of("rfc5424", "cef");
    public static final List<String> PROTOCOLS = List.of("udp", "tcp", "tls");
    public static final List<String> FRAMINGS = List.of("octet-counting", "newline");
    /** RFC 5426 3.2: every IPv4 receiver takes 480 octets; 65,507 is the most an IPv4 UDP datagram carries */
    public static final int UDP_MIN = 480;
    public static final int UDP_MAX = 65_507;

    private static final Pattern FIELD_START = Pattern.compile(" (?=[A-Za-z0-9_]+=)");
    private static final Logger LOG = LoggerFactory.getLogger(SyslogMessages.class);
    private static final DateTimeFormatter RFC3164_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final boolean cef;
    private final boolean udp;
    private final boolean octetCounting;
    private final int udpMaxBytes;
    private final int facility;
    private final String hostname;
    private final Rfc5424Format rfc5424;
    private final CefFormat cefFormat = new CefFormat();
    private final Clock clock;

    public SyslogMessages(String format, String protocol, String framing, int udpMaxBytes, String hostname,
            String appName, String facility, String sdId) {
        this(format, protocol, framing, udpMaxBytes, hostname, appName, facility, sdId, Clock.systemUTC());
    }

    SyslogMessages(String format, String protocol, String framing, int udpMaxBytes, String hostname, String appName,
            String facility, String sdId, Clock clock) {
        this.cef = "cef".equals(oneOf("wiz.sink.syslog.format", format, FORMATS));
        this.udp = "udp".equals(oneOf("wiz.sink.syslog.protocol", protocol, PROTOCOLS));
        this.octetCounting = "octet-counting".equals(oneOf("wiz.sink.syslog.framing", framing, FRAMINGS));
        if (udpMaxBytes < UDP_MIN || udpMaxBytes > UDP_MAX) {
            throw new IllegalArgumentException("wiz.sink.syslog.udp-max-bytes (WIZ_SINK_SYSLOG_UDP_MAX_BYTES) is "
                    + udpMaxBytes + ": give " + UDP_MIN + " to " + UDP_MAX + " (RFC 5426: every receiver takes 480,"
                    + " most take 2048)");
        }
        this.udpMaxBytes = udpMaxBytes;
        this.hostname = hostname == null || hostname.isBlank() ? localHostName() : token(hostname.trim(), 255);
        try {
            this.facility = Rfc5424Format.facilityCode(facility);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wiz.sink.syslog.facility (WIZ_SINK_SYSLOG_FACILITY): " + e.getMessage());
        }
        try {
            this.rfc5424 = new Rfc5424Format(this.hostname, appName, facility, sdId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wiz.sink.syslog.sd-id (WIZ_SINK_SYSLOG_SD_ID): " + e.getMessage()
                    + "; use name@<your private enterprise number>");
        }
        this.clock = clock;
    }

    /** an issue page (package-private, so that the route's bean call is not ambiguous) */
    List<byte[]> frames(List<? extends JsonNode> records) {
        return frames(records, (RunStats) null);
    }

    /**
     * The page as payloads to write: one per record for UDP (each a datagram), one in all for TCP and TLS. A stream
     * with no syslog form (projects, resources, users, ...) sends nothing.
     *
     * @throws SinkRejectedException when a record cannot fit a UDP datagram even without its message text
     */
    public List<byte[]> frames(List<? extends JsonNode> records, @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        RenderContext context = RenderContext.of(run);
        if (!context.mapped() && !rfc5424.renders(context.stream())) {
            return List.of();
        }
        if (udp) {
            List<byte[]> datagrams = new ArrayList<>(records.size());
            int cut = 0;
            for (JsonNode record : records) {
                byte[] full = message(record, context).getBytes(StandardCharsets.UTF_8);
                if (full.length > udpMaxBytes) {
                    if (context.mapped()) {
                        // cutting JSON would break it
                        throw tooLong(record.path("id").asText(), full.length);
                    }
                    full = fitted(record, context);
                    cut++;
                }
                datagrams.add(full);
            }
            if (cut > 0) {
                LOG.info("syslog: {} of {} messages cut to {} bytes (wiz.sink.syslog.udp-max-bytes)", cut,
                        records.size(), udpMaxBytes);
            }
            return datagrams;
        }
        ByteArrayOutputStream page = new ByteArrayOutputStream(records.size() * 640);
        for (JsonNode record : records) {
            byte[] msg = message(record, context).getBytes(StandardCharsets.UTF_8);
            if (octetCounting) {
                page.writeBytes((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                page.writeBytes(msg);
            } else {
                page.writeBytes(msg);
                page.write('\n');
            }
        }
        return List.of(page.toByteArray());
    }

    /** One issue record's syslog message, unframed and uncut. */
    public String message(JsonNode record) {
        return message(record, RenderContext.now(RenderContext.ISSUES));
    }

    /** One record's syslog message, unframed and uncut. */
    public String message(JsonNode record, RenderContext context) {
        if (context.mapped()) {
            // the operator's JQ mapping made the record: CEF and RFC 5424's fields would be empty, so its JSON is MSG
            return cef ? cefHeader(record) + record : rfc5424.json(record, context);
        }
        return cef ? cefHeader(record) + cefFormat.render(record, context) : rfc5424.render(record, context);
    }

    /** The record's message cut to the UDP limit in its free text only, so that every field a receiver parses stays. */
    private byte[] fitted(JsonNode record, RenderContext context) {
        String id = record.path("id").asText();
        if (cef) {
            return fittedCef(record, id, context);
        }
        // RFC 5424: MSG is the tail; the header and structured data are what the full message starts with
        String head = rfc5424.head(record, context);
        String full = rfc5424.render(record, context);
        int room = udpMaxBytes - utf8Length(head);
        if (room < 0 || !full.startsWith(head)) {
            throw tooLong(id, utf8Length(head));
        }
        return (head + cutUtf8(full.substring(head.length()), room)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * CEF: shorten the {@code msg} extension (remediation or description) first; if that is not enough, leave out
     * whole extension fields from the end. The header and {@code externalId} always stay.
     */
    private byte[] fittedCef(JsonNode record, String id, RenderContext context) {
        String header = cefHeader(record);
        ObjectNode copy = ((ObjectNode) record).deepCopy();
        JsonNode control = copy.get("control");
        String field = null;
        if (control instanceof ObjectNode) {
            field = control.hasNonNull("remediation") ? "remediation"
                    : control.hasNonNull("description") ? "description" : null;
        }
        String text = field == null ? "" : cut(control.get(field).asText(), CefFormat.MSG_MAX);
        String line = header + cefFormat.render(copy, context);
        // escaping can make the cut text longer on the wire than its own bytes: a few rounds settle it
        while (utf8Length(line) > udpMaxBytes && !text.isEmpty()) {
            int over = utf8Length(line) - udpMaxBytes;
            text = cutUtf8(text, Math.max(0, utf8Length(text) - over));
            if (text.isEmpty()) {
                ((ObjectNode) control).putNull("remediation");
                ((ObjectNode) control).putNull("description");
            } else {
                ((ObjectNode) control).put(field, text);
            }
            line = header + cefFormat.render(copy, context);
        }
        if (utf8Length(line) > udpMaxBytes) {
            // still too long without msg: drop whole extension fields from the end (request, cs6, ...), never cut
            // one; a field starts at a space followed by a key and an unescaped '=' (values escape theirs)
            Matcher start = FIELD_START.matcher(line);
            int keep = -1;
            int second = -1;
            int firstField = line.indexOf("|externalId=");
            while (start.find()) {
                if (start.start() > firstField) {
                    second = second < 0 ? start.start() : second;
                    if (utf8Length(line.substring(0, start.start())) <= udpMaxBytes) {
                        keep = start.start();
                    }
                }
            }
            if (keep < 0) {
                throw tooLong(id, utf8Length(second < 0 ? line : line.substring(0, second)));
            }
            line = line.substring(0, keep);
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private SinkRejectedException tooLong(String id, int needed) {
        return new SinkRejectedException("syslog: the message of issue " + id + " needs " + needed
                + " bytes before its free text, more than wiz.sink.syslog.udp-max-bytes (" + udpMaxBytes
                + "): raise WIZ_SINK_SYSLOG_UDP_MAX_BYTES if the receiver takes larger datagrams, or use tcp or tls");
    }

    /** {@code <PRI>Mmm dd hh:mm:ss HOST } (RFC 3164 4.1), the header CEF collectors expect before {@code CEF:0}. */
    private String cefHeader(JsonNode record) {
        JsonNode severity = record.get("severity");
        int pri = facility * 8 + Rfc5424Format.severityCode(severity == null || severity.isNull() ? null
                : severity.asText());
        return "<" + pri + ">" + RFC3164_TIME.format(clock.instant()) + " " + hostname + " ";
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return token(name, 255);
        } catch (Exception e) {
            return "-";
        }
    }

    /** A header field: printable US-ASCII without spaces (RFC 5424 PRINTUSASCII), at most {@code max} chars. */
    private static String token(String value, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.length() == 0 ? "-" : out.toString();
    }

    private static String oneOf(String key, String value, List<String> allowed) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(key + " (" + key.toUpperCase(Locale.ROOT).replace('.', '_')
                    .replace('-', '_') + ") is '" + value + "': use one of " + String.join(", ", allowed));
        }
        return v;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix whose UTF-8 form has at most {@code maxBytes} bytes; never splits a character. */
    static String cutUtf8(String s, int maxBytes) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(s);
        encoder.encode(in, ByteBuffer.allocate(Math.max(0, maxBytes)), true); // stops before a char that does not fit
        return s.substring(0, in.position());
    }

    private static String cut(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        return s.substring(0, Character.isHighSurrogate(s.charAt(maxChars - 1)) ? maxChars - 1 : maxChars);
    }
}
