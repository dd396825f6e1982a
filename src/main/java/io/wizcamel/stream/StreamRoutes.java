package io.wizcamel.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wizcamel.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.main.DefaultRoutesCollector;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.util.AntPathMatcher;

/**
 * Reads only the route files this process uses, of those {@code camel.main.routes-include-pattern} finds: a stream's
 * files cost start-up (their routes are built, their beans made, some open a database) whether or not the stream
 * runs.
 *
 * <p>A <em>stream file</em> is a route file with a templatedRoute of {@value StreamCatalog#CRAWL_TEMPLATE} or
 * {@value StreamCatalog#DERIVED_TEMPLATE} (routes/streams/*.yaml); every other file is always read. Of the stream
 * files, those read are the ones that define the chosen streams (--stream, else wiz.streams), the crawls the chosen
 * derived streams are fed from, the issues crawl when the webhook receiver is on (its events run it), and, until
 * nothing changes, any stream file defining a bean, route or template that a file read names. When a chosen name is
 * defined nowhere every file is read, so that the catalog names every stream there is in its error. A <em>library</em>
 * file (route templates and beans, no route of its own: routes/wiz/http-call.yaml, the HTTP sinks' request) is read
 * when a file read names one of its templates or beans. The files under a {@code users/} folder (the user lifecycle,
 * docs/users.md) are read only when a users feature is on.
 */
public class StreamRoutes extends DefaultRoutesCollector {

    /** the user lifecycle's route files */
    static final String USERS_FILES = "**/users/*.yaml";
    /** the settings that switch a users feature on */
    static final List<String> USERS_SWITCHES = List.of("wiz.users.schedule-enabled", "wiz.users.events.file.enabled",
            "wiz.users.events.kafka.enabled", "wiz.users.events.rabbitmq.enabled");

    /** what a route file defines and names (read once: Camel looks for its route files twice) */
    record Scan(Set<String> crawls, Map<String, Set<String>> derivedFrom, Set<String> provides, String text,
            boolean library) {
        boolean streamFile() {
            return !crawls.isEmpty() || !derivedFrom.isEmpty();
        }

        /** read only when needed: a stream file, or a library (route templates and beans, no route of its own) */
        boolean optional() {
            return streamFile() || library;
        }
    }

    private final List<String> flags;
    private final boolean everyStream;
    private final boolean usersCommand;
    private final Map<String, Scan> scans = new ConcurrentHashMap<>();

    /**
     * @param flags the streams named by --stream (empty: wiz.streams)
     * @param everyStream read every stream file (--check-schema checks every stream's query)
     * @param usersCommand --plan users or --apply users: the users files are read
     */
    public StreamRoutes(List<String> flags, boolean everyStream, boolean usersCommand) {
        this.flags = List.copyOf(flags);
        this.everyStream = everyStream;
        this.usersCommand = usersCommand;
    }

    @Override
    public Collection<Resource> findRouteResourcesFromDirectory(CamelContext context, String excludePattern,
            String includePattern) {
        Collection<Resource> found = super.findRouteResourcesFromDirectory(context, excludePattern, includePattern);
        PropertiesComponent pc = context.getPropertiesComponent();
        boolean users = usersCommand || USERS_SWITCHES.stream()
                .anyMatch(k -> Boolean.parseBoolean(pc.resolveProperty(k).orElse("false").trim()));
        List<Resource> files = new ArrayList<>();
        for (Resource r : found) {
            if (users || !AntPathMatcher.INSTANCE.match(USERS_FILES, r.getLocation())) {
                files.add(r);
            }
        }
        if (everyStream) {
            return files;
        }
        List<String> chosen = flags.isEmpty() ? Settings.list(pc.resolveProperty("wiz.streams").orElse("issues"))
                : flags;
        boolean webhook = Boolean.parseBoolean(pc.resolveProperty("wiz.webhook.enabled").orElse("false").trim());
        Map<Resource, Scan> scanned = new LinkedHashMap<>();
        for (Resource r : files) {
            scanned.put(r, scans.computeIfAbsent(r.getLocation(), l -> scan(r)));
        }
        Set<Resource> read = select(scanned, chosen, webhook);
        return files.stream().filter(read::contains).toList();
    }

    /**
     * Every stream the route files found define, read or not (crawls and derived streams); empty before the routes
     * are collected, or when every file is read (--check-schema: the catalog knows them all then).
     */
    public Set<String> defined() {
        Set<String> names = new java.util.TreeSet<>();
        scans.values().forEach(s -> {
            names.addAll(s.crawls());
            names.addAll(s.derivedFrom().keySet());
        });
        return names;
    }

    /** the files to read of these: every file that is neither a stream file nor a library, and those needed */
    static <R> Set<R> select(Map<R, Scan> files, List<String> chosen, boolean webhook) {
        Set<R> read = new LinkedHashSet<>();
        files.forEach((r, s) -> {
            if (!s.optional()) {
                read.add(r);
            }
        });
        List<String> crawls = new ArrayList<>();
        for (String stream : chosen) {
            boolean defined = false;
            for (Map.Entry<R, Scan> f : files.entrySet()) {
                if (f.getValue().crawls().contains(stream)) {
                    read.add(f.getKey());
                    defined = true;
                }
                Set<String> sources = f.getValue().derivedFrom().get(stream);
                if (sources != null) {
                    read.add(f.getKey());
                    crawls.addAll(sources);
                    defined = true;
                }
            }
            if (!defined) {
                return new LinkedHashSet<>(files.keySet());
            }
        }
        if (webhook) {
            crawls.add("issues"); // the receiver's events are applied by the issues crawl (routes/wiz/webhook.yaml)
        }
        files.forEach((r, s) -> {
            if (s.crawls().stream().anyMatch(crawls::contains)) {
                read.add(r);
            }
        });
        // a bean, route or template one stream file defines and another file uses (statusMapper, for one)
        boolean more = true;
        while (more) {
            more = false;
            for (Map.Entry<R, Scan> f : files.entrySet()) {
                if (read.contains(f.getKey())) {
                    continue;
                }
                for (R r : read) {
                    String text = files.get(r).text();
                    if (f.getValue().provides().stream().anyMatch(name -> names(text, name))) {
                        read.add(f.getKey());
                        more = true;
                        break;
                    }
                }
            }
        }
        return read;
    }

    /** what the file defines; only files with templatedRoutes are looked into */
    static Scan scan(Resource resource) {
        String text;
        try (InputStream in = resource.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read route file " + resource.getLocation() + ": " + e.getMessage(), e);
        }
        return scan(text, resource.getLocation());
    }

    /**
     * What a route file defines, read line by line rather than parsed (a YAML parse of the stream files cost a tenth
     * of a second of the start-up; Camel parses the files it reads anyway). It knows the shape the YAML DSL gives
     * these files: top-level items ({@code - beans:}, {@code - route:}, {@code - templatedRoute:}), beans named by
     * {@code - name:}, a route's {@code id:} and its {@code from:}'s {@code uri:}, a templatedRoute's
     * {@code routeTemplateRef:} and its parameters, {@code - { name: x, value: y }} or {@code - name: x} over
     * {@code value: y}. Taking too much for a definition only makes more files read, never fewer.
     */
    static Scan scan(String text, String location) {
        StringBuilder kept = new StringBuilder(text.length());
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.stripLeading().startsWith("#")) { // comments name what a file does not use
                kept.append(line).append('\n');
                lines.add(line);
            }
        }
        String uses = kept.toString();
        Set<String> crawls = new LinkedHashSet<>();
        Map<String, Set<String>> derived = new LinkedHashMap<>();
        Set<String> provides = new LinkedHashSet<>();
        Set<String> items = new LinkedHashSet<>();
        String item = "";
        String ref = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        String parameter = null;
        boolean from = false;
        lines.add("- end:");
        for (String line : lines) {
            // a top-level item (- beans:, - route:, ...) or a key: value line, its dash (a list item) noted
            int at = 0;
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
            boolean listed = line.startsWith("- ", at);
            if (listed) {
                at += 2;
                while (at < line.length() && line.charAt(at) == ' ') {
                    at++;
                }
            }
            int end = at;
            while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '-'
                    || line.charAt(end) == '_')) {
                end++;
            }
            boolean pair = end > at && end < line.length() && line.charAt(end) == ':';
            String key = pair ? line.substring(at, end) : null;
            String value = pair ? unquote(line.substring(end + 1)) : "";
            if (pair && listed && line.startsWith("- ")) {
                addStream(ref, parameters, crawls, derived);
                item = key;
                items.add(item);
                ref = null;
                parameters = new LinkedHashMap<>();
                parameter = null;
                from = false;
                continue;
            }
            switch (item) {
                case "beans" -> {
                    if (listed && "name".equals(key)) {
                        provides.add(value);
                    }
                }
                case "route", "routeTemplate", "route-template" -> {
                    if ("id".equals(key) && !value.isEmpty()) {
                        provides.add(value);
                    }
                    if (from && "uri".equals(key)) {
                        provides.add(value);
                    }
                    if ("from".equals(key)) {
                        from = value.isEmpty();
                    } else if ("steps".equals(key)) {
                        from = false; // the uri is from's, before its steps
                    }
                }
                case "templatedRoute", "templated-route" -> {
                    if ("routeTemplateRef".equals(key) || "route-template-ref".equals(key)) {
                        ref = value;
                    }
                    Matcher flow = line.indexOf('{') >= 0 ? FLOW_PARAMETER.matcher(line) : null;
                    if (flow != null && flow.find()) {
                        parameters.put(unquote(flow.group(1)), unquote(flow.group(2)));
                    } else if (listed && "name".equals(key)) {
                        parameter = value;
                    } else if ("value".equals(key) && parameter != null) {
                        parameters.put(parameter, value);
                        parameter = null;
                    }
                }
                default -> {
                }
            }
        }
        items.remove("end");
        boolean library = (items.contains("routeTemplate") || items.contains("route-template"))
                && LIBRARY_ITEMS.containsAll(items);
        return new Scan(crawls, derived, library || !crawls.isEmpty() || !derived.isEmpty() ? provides : Set.of(),
                uses, library);
    }

    /** what a library file holds: route templates and beans, no route of its own */
    private static final Set<String> LIBRARY_ITEMS = Set.of("beans", "routeTemplate", "route-template");
    /** a parameter as a flow mapping: {@code - { name: stream, value: issues }} */
    private static final Pattern FLOW_PARAMETER = Pattern.compile(
            "\\{\\s*name\\s*:\\s*([^,}]+?)\\s*,\\s*value\\s*:\\s*(\"[^\"]*\"|'[^']*'|[^,}]+?)\\s*[,}]");

    private static void addStream(String ref, Map<String, String> p, Set<String> crawls,
            Map<String, Set<String>> derived) {
        String stream = p.get("stream");
        if (stream == null) {
            return;
        }
        if (StreamCatalog.CRAWL_TEMPLATE.equals(ref)) {
            crawls.add(stream);
        } else if (StreamCatalog.DERIVED_TEMPLATE.equals(ref) && p.get("from") != null) {
            derived.computeIfAbsent(stream, s -> new LinkedHashSet<>()).add(p.get("from"));
        }
    }

    private static String unquote(String v) {
        String t = v.trim();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** whether the text names this bean, route, endpoint or template: the whole name, not part of a longer one */
    static boolean names(String text, String name) {
        for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
            int end = i + name.length();
            if ((i == 0 || !namePart(text.charAt(i - 1))) && (end == text.length() || !namePart(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean namePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
