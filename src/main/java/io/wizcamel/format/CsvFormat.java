package io.wizcamel.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Renders records as RFC 4180 CSV ({@link CSVFormat#RFC4180}: comma, double quotes only where needed, CRLF after
 * every line), each stream in its own columns ({@link CsvColumns}, declared in {@value CsvColumns#RESOURCE}).
 * {@link #header(RenderContext)} is separate so a sink can write it once per file: a file holds one stream, and its
 * header is that stream's columns. A stream without declared columns, and a record the operator's JQ mapping made,
 * get {@link CsvColumns#FALLBACK} ({@code id} and the record as JSON).
 *
 * <p>The issue columns, in order: id, type, title, severity, wizStatus, status, resolutionReason, cloudPlatform
 * (else resource.cloudPlatform), region, subscriptionId, subscriptionName (resource.*), resourceId, resourceName,
 * resourceType, resourceNativeType (resource.id, .name, .type, .nativeType), controlId, controlName, remediation
 * (control.id, .name, .remediation), projects (names joined with {@code "; "}), createdAt, updatedAt,
 * statusChangedAt, resolvedAt, dueAt, url.
 *
 * <p>Null is an empty field. Formula-injection guard (OWASP "CSV Injection"): a value starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return gets a leading {@code '} so spreadsheets show it as text
 * instead of running it. Values that are only a number ({@code -12}, {@code +3.5}) or an ISO-8601 date/time (such
 * as {@code -0001-01-01T00:00:00Z}) are left alone, since a spreadsheet reads them as data, not formulas.
 */
public class CsvFormat implements RecordRenderer {

    /** the issue columns */
    public static final List<String> COLUMNS = CsvColumns.of(RenderContext.ISSUES).names();

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern ISO_DATE_TIME = Pattern.compile(
            "[+-]?\\d{4,}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

    /** The issue header line, CRLF-terminated. */
    public String header() {
        return header(RenderContext.now(RenderContext.ISSUES));
    }

    /** The header line of the context's stream, CRLF-terminated. */
    @Override
    public String header(RenderContext context) {
        return line(columns(context).names());
    }

    /** The record in its stream's columns. */
    @Override
    public String render(JsonNode record, RenderContext context) {
        List<String> values = columns(context).values(record);
        List<String> guarded = new ArrayList<>(values.size());
        for (String v : values) {
            guarded.add(guard(v));
        }
        return line(guarded);
    }

    /** An issue record as one CRLF-terminated line (a quoted field may itself hold line breaks). */
    @Override
    public String render(JsonNode record) {
        return render(record, RenderContext.now(RenderContext.ISSUES));
    }

    /** Prefixes {@code '} to a value a spreadsheet would run as a formula; see the class comment. */
    public static String guard(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char c = value.charAt(0);
        boolean risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        if (!risky || NUMBER.matcher(value).matches() || ISO_DATE_TIME.matcher(value).matches()) {
            return value;
        }
        return "'" + value;
    }

    /** The raw issue column values, in {@link #COLUMNS} order, before the injection guard. */
    static List<String> values(JsonNode r) {
        return CsvColumns.of(RenderContext.ISSUES).values(r);
    }

    /** the stream's columns; a mapped record's fields are the operator's, so it gets the fallback */
    static CsvColumns columns(RenderContext context) {
        return context.mapped() ? CsvColumns.FALLBACK : CsvColumns.of(context.stream());
    }

    private static String line(List<String> values) {
        StringBuilder out = new StringBuilder(512);
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(values);
        } catch (IOException e) {
            // a StringBuilder never fails to append
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
