package io.wizcamel.format;

import static io.wizcamel.format.Fields.control;
import static io.wizcamel.format.Fields.resource;
import static io.wizcamel.format.Fields.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Renders issue records as RFC 4180 CSV ({@link CSVFormat#RFC4180}: comma, double quotes only where needed, CRLF
 * after every line). {@link #header()} is separate so a sink can write it once per file.
 *
 * <table>
 * <caption>Columns, in order</caption>
 * <tr><th>Column</th><th>Source</th></tr>
 * <tr><td>id, type, title, severity, wizStatus, status, resolutionReason</td><td>same-named record fields</td></tr>
 * <tr><td>cloudPlatform</td><td>cloudPlatform, else resource.cloudPlatform</td></tr>
 * <tr><td>region, subscriptionId, subscriptionName</td><td>resource.region, .subscriptionId,
 * .subscriptionName</td></tr>
 * <tr><td>resourceId, resourceName, resourceType, resourceNativeType</td><td>resource.id, .name, .type,
 * .nativeType</td></tr>
 * <tr><td>controlId, controlName, remediation</td><td>control.id, .name, .remediation</td></tr>
 * <tr><td>projects</td><td>project names joined with {@code "; "}</td></tr>
 * <tr><td>createdAt, updatedAt, statusChangedAt, resolvedAt, dueAt</td><td>as given</td></tr>
 * <tr><td>url</td><td>url</td></tr>
 * </table>
 *
 * <p>Null is an empty field. Formula-injection guard (OWASP "CSV Injection"): a value starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return gets a leading {@code '} so spreadsheets show it as text
 * instead of running it. Values that are only a number ({@code -12}, {@code +3.5}) or an ISO-8601 date/time (such
 * as {@code -0001-01-01T00:00:00Z}) are left alone, since a spreadsheet reads them as data, not formulas.
 */
public class CsvFormat implements RecordRenderer {

    public static final List<String> COLUMNS = List.of("id", "type", "title", "severity", "wizStatus", "status",
            "resolutionReason", "cloudPlatform", "region", "subscriptionId", "subscriptionName", "resourceId",
            "resourceName", "resourceType", "resourceNativeType", "controlId", "controlName", "remediation",
            "projects", "createdAt", "updatedAt", "statusChangedAt", "resolvedAt", "dueAt", "url");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern ISO_DATE_TIME = Pattern.compile(
            "[+-]?\\d{4,}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

    /** The header line, CRLF-terminated. */
    public String header() {
        return line(COLUMNS);
    }

    /** The issue columns, whatever the stream (other streams' records leave most of them empty). */
    @Override
    public String render(JsonNode record, RenderContext context) {
        return render(record);
    }

    /** One record as one CRLF-terminated line (a quoted field may itself hold line breaks). */
    @Override
    public String render(JsonNode record) {
        List<String> values = values(record);
        List<String> guarded = new ArrayList<>(values.size());
        for (String v : values) {
            guarded.add(guard(v));
        }
        return line(guarded);
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

    /** The raw column values, in {@link #COLUMNS} order, before the injection guard. */
    static List<String> values(JsonNode r) {
        List<String> projects = Fields.projectNames(r);
        List<String> v = new ArrayList<>(COLUMNS.size());
        v.add(text(r, "id"));
        v.add(text(r, "type"));
        v.add(text(r, "title"));
        v.add(text(r, "severity"));
        v.add(text(r, "wizStatus"));
        v.add(text(r, "status"));
        v.add(text(r, "resolutionReason"));
        v.add(Fields.cloudPlatform(r));
        v.add(resource(r, "region"));
        v.add(resource(r, "subscriptionId"));
        v.add(resource(r, "subscriptionName"));
        v.add(resource(r, "id"));
        v.add(resource(r, "name"));
        v.add(resource(r, "type"));
        v.add(resource(r, "nativeType"));
        v.add(control(r, "id"));
        v.add(control(r, "name"));
        v.add(control(r, "remediation"));
        v.add(projects.isEmpty() ? null : String.join("; ", projects));
        v.add(text(r, "createdAt"));
        v.add(text(r, "updatedAt"));
        v.add(text(r, "statusChangedAt"));
        v.add(text(r, "resolvedAt"));
        v.add(text(r, "dueAt"));
        v.add(text(r, "url"));
        return v;
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
