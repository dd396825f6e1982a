package io.wizcamel.config;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * docs/configuration.md and the settings part of {@code --help}, both from the settings schema. Regenerate the page
 * after changing a schema file:
 *
 * <pre>
 * mvn -q -DskipTests package &amp;&amp; java -cp target/wiz-camel.jar io.wizcamel.config.SettingsDocs &gt; docs/configuration.md
 * </pre>
 */
public final class SettingsDocs {

    public static final String REGENERATE = "mvn -q -DskipTests package && java -cp target/wiz-camel.jar"
            + " io.wizcamel.config.SettingsDocs > docs/configuration.md";

    private SettingsDocs() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(markdown(SettingsSchema.load()));
        out.flush();
    }

    /** the whole of docs/configuration.md */
    public static String markdown(SettingsSchema schema) {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Configuration

                <!-- Generated from src/main/resources/settings/*.yaml: do not edit. Regenerate with
                     %s -->

                Every setting has a key (in `application.properties`) and an environment variable: the key in upper
                case, with dots and dashes as underscores (`wiz.page-size` → `WIZ_PAGE_SIZE`). From lowest to highest
                precedence, a value comes from: the default below, `application.properties`, the environment
                variable. For example, `WIZ_PAGE_SIZE=200 java -jar target/wiz-camel.jar --once`, or the line
                `wiz.page-size = 200` in `application.properties`.

                At start-up every value is checked against this table (type, range, URL, cron, allowed values,
                required); a missing or malformed one stops start-up with a message naming the key, its variable and
                what to give, all problems at once. A sink's settings are checked only when `wiz.sinks` names the sink
                (the file sink's always). A `WIZ_*` variable or `wiz.*` key that is not listed here is logged as a
                warning naming the closest known one (`unknown setting WIZ_SEVERITY: did you mean WIZ_SEVERITIES?`),
                and so is a stream's own setting for a stream no route file defines (`WIZ_STREAM_ISUES_PAGE_SIZE`: did
                you mean `WIZ_STREAM_ISSUES_PAGE_SIZE`?). Secrets are never shown: not in messages, warnings or `--help`, where they appear as `***`.

                **Required**: *yes* always; *with sink `x`* only when `wiz.sinks` names `x`; *when `key=value`* only
                when that other setting has that value (case-insensitive).

                **Per-stream settings** (type *per stream*) can be given for one stream on its own:
                `wiz.stream.<stream>.<key without "wiz.">`, e.g. `wiz.stream.projects.sink.kafka.topic` or its
                variable `WIZ_STREAM_PROJECTS_SINK_KAFKA_TOPIC`; the plain key applies to every other stream. Their
                values may hold tokens, replaced for each stream:

                | token | becomes | for stream `issues` |
                |---|---|---|
                | `{stream}` | the stream's name | `issues` |
                | `{Stream}` | the stream's name in CamelCase: each dash-separated part capitalised (`service-tickets` → `ServiceTickets`) | `Issues` |
                | `{item}` | the singular name of the stream's records, as the stream defines it | `issue` |

                So the default `wiz.sink.kafka.topic = wiz.{stream}` sends the issues stream to `wiz.issues`. Values
                are checked after the tokens are replaced.

                **Streams of a sink**: `wiz.sink.<name>.streams` lists the streams a sink takes records of (`*`: all).

                **Per-tenant settings**: with several Wiz tenants (`wiz.tenants`, [tenants.md](tenants.md)) every
                `wiz.*` setting but those marked *not per tenant* can be given for one tenant:
                `wiz.tenant.<tenant>.<key without "wiz.">`, e.g. `wiz.tenant.eu.client-secret` or its variable
                `WIZ_TENANT_EU_CLIENT_SECRET` (a per-stream one too: `wiz.tenant.eu.stream.issues.page-size`),
                with the type, checks and secrecy of the plain key, which applies to every other tenant.

                """.formatted(REGENERATE));
        for (SettingsSchema.Room room : schema.rooms()) {
            md.append("## ").append(room.title()).append("\n\n");
            md.append("| key | environment variable | type | default | required | secret | description |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (Setting s : room.settings()) {
                String description = s.description() + (s.example() == null ? "" : ". Example: `" + s.example() + "`");
                md.append("| `").append(s.key()).append("` | `").append(s.env()).append("` | ")
                        .append(cell(s.typeText())).append(" | ")
                        .append(s.hasDefault() ? "`" + cell(s.shown(s.defaultValue())) + "`" : "").append(" | ")
                        .append(s.requiredText()).append(" | ").append(s.secret() ? "yes" : "").append(" | ")
                        .append(cell(description)).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** {@code --help}: the usage, then each room's settings with variable, default and description */
    public static void help(PrintStream out, String usage) {
        out.println(usage);
        out.println("""

                Settings: each key is overridden by its environment variable (shown next to it); a per-stream key
                can be set for one stream as wiz.stream.<stream>.<key without "wiz.">. See docs/configuration.md.""");
        for (SettingsSchema.Room room : schema().rooms()) {
            out.println();
            out.println(room.title() + (room.sink() == null ? "" : " — checked when wiz.sinks names " + room.sink()));
            for (Setting s : room.settings()) {
                String required = s.requiredText();
                out.println("  " + s.key() + "  " + s.env()
                        + (s.hasDefault() ? "  [default: " + s.shown(s.defaultValue()) + "]" : "")
                        + (required.isEmpty() ? "" : "  [required: " + required.replace("`", "") + "]")
                        + (s.secret() ? "  [secret]" : "") + (s.perStream() ? "  [per stream]" : ""));
                out.println("      " + s.description().replace("`", ""));
            }
        }
    }

    private static SettingsSchema schema() {
        return SettingsSchema.load();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
