package io.wizcamel.config;

import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.sink.file.FileParts;
import io.wizcamel.stream.StatusMapper;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.quartz.CronExpression;

/**
 * Checks the configuration before any route starts, so that a wrong value stops start-up with a message naming the
 * key, its environment variable and what to do, instead of failing later mid-sync. Returns the values it derives.
 */
public final class ConfigCheck {

    public static final int MAX_PAGE_SIZE = 500;
    /** Wiz's gateway cuts requests off near 120 s; a client timeout above that only hides the cut */
    static final int MAX_TIMEOUT_SECONDS = 115;
    public static final Set<String> SEVERITIES = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL");
    public static final Set<String> STATUSES = Set.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED");

    private final Function<String, String> config;
    private final List<String> problems = new ArrayList<>();

    private ConfigCheck(Function<String, String> config) {
        this.config = config;
    }

    /**
     * @param config looks a key up (application.properties, overridden by its environment variable)
     * @return derived settings to add to the configuration (the normalised GraphQL URL)
     * @throws IllegalArgumentException naming every key that is wrong
     */
    public static Map<String, String> check(Function<String, String> config) {
        ConfigCheck c = new ConfigCheck(config);
        Map<String, String> derived = new LinkedHashMap<>();
        URI api = c.url("wiz.api-url", "the tenant's API Endpoint URL from Wiz > User Settings > Tenant");
        if (api != null) {
            String path = api.toString().replaceAll("/+$", "");
            derived.put("wiz.graphql-url", path.endsWith("/graphql") ? path : path + "/graphql");
        }
        c.url("wiz.token-url", "https://auth.app.wiz.io/oauth/token, or your tenant's token URL");
        c.required("wiz.client-id", "the service account's Client ID");
        c.required("wiz.client-secret", "the service account's Client Secret");
        c.integer("wiz.page-size", 1, MAX_PAGE_SIZE, "Wiz serves at most " + MAX_PAGE_SIZE + " issues a page");
        c.values("wiz.severities", SEVERITIES);
        c.values("wiz.statuses", STATUSES);
        c.required("wiz.cloud-platforms", "for example AWS,Azure,GCP");
        c.bool("wiz.skip-deleted");
        c.bool("wiz.scheduler-enabled");
        c.cron("wiz.schedule");
        c.cron("wiz.full-sync-schedule");
        try {
            StatusMapper.parse(config.apply("wiz.status-map"));
        } catch (IllegalArgumentException e) {
            c.problems.add(e.getMessage() + " [" + env("wiz.status-map") + "]");
        }
        c.required("wiz.status-fallback", "the status given to a Wiz status the map does not know");
        c.integer("wiz.rate-limit", 1, 100, "requests per second to the Wiz API");
        c.integer("wiz.request-timeout-seconds", 1, MAX_TIMEOUT_SECONDS,
                "Wiz's gateway cuts requests off near 120 s, so stay under it");
        c.integer("wiz.retry.max-retries", 0, 100, "retries of one request");
        c.integer("wiz.retry.initial-delay-ms", 0, 600_000, "first backoff delay");
        c.integer("wiz.retry.max-delay-ms", 0, 600_000, "longest backoff delay");
        c.integer("wiz.retry.max-total-seconds", 0, 86_400, "total time spent retrying one request");
        c.integer("wiz.watermark-overlap-seconds", 0, 86_400, "how far back each incremental sync looks again");
        try {
            new SinkRoster(config.apply("wiz.sinks"));
        } catch (IllegalArgumentException e) {
            c.problems.add(e.getMessage());
        }
        c.integer("wiz.sink-retries", 0, 100, "retries of a page a sink failed to take");
        c.integer("wiz.sink-retry-delay-ms", 0, 600_000, "first delay before a sink retry");
        try {
            new FileParts(config.apply("wiz.sink.file.formats"), 1, 1, null);
        } catch (IllegalArgumentException e) {
            c.problems.add(e.getMessage());
        }
        c.integer("wiz.sink.file.roll-bytes", 1024, Long.MAX_VALUE, "bytes after which a file rolls over");
        c.integer("wiz.sink.file.roll-seconds", 1, Long.MAX_VALUE, "seconds after which a file rolls over");
        io.wizcamel.sink.SinkSettingsCheck.check(c);
        c.required("wiz.output-dir", "where files are written");
        c.required("wiz.state-dir", "where checkpoints and history are kept");
        if (!c.problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration error: " + String.join("; ", c.problems));
        }
        return derived;
    }

    /** a problem found by a check of its own, with what to do */
    public void problem(String message) {
        problems.add(message);
    }

    /** a setting exactly as configured (untrimmed), or null */
    public String raw(String key) {
        return config.apply(key);
    }

    /** whether wiz.sinks names the sink: a sink that is off must not demand its settings */
    public boolean enabled(String sink) {
        return Settings.list(value("wiz.sinks")).contains(sink);
    }

    /** wiz.page-size → WIZ_PAGE_SIZE, the environment variable that overrides it */
    public static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String value(String key) {
        String v = config.apply(key);
        return v == null ? "" : v.trim();
    }

    public boolean required(String key, String hint) {
        if (value(key).isEmpty()) {
            problems.add(key + " (" + env(key) + ") is not set: give " + hint);
            return false;
        }
        return true;
    }

    public URI url(String key, String hint) {
        if (!required(key, hint)) {
            return null;
        }
        String v = value(key);
        try {
            URI uri = new URI(v);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (Exception ignored) {
            // reported below
        }
        problems.add(key + " (" + env(key) + ") is '" + v + "', which is not an http(s) URL: give " + hint);
        return null;
    }

    public void integer(String key, long min, long max, String meaning) {
        String v = value(key);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                problems.add(key + " (" + env(key) + ") is " + n + ": it must be between " + min + " and " + max
                        + " (" + meaning + ")");
            }
        } catch (NumberFormatException e) {
            problems.add(key + " (" + env(key) + ") is '" + v + "', not a whole number (" + meaning + ")");
        }
    }

    public void bool(String key) {
        String v = value(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(key + " (" + env(key) + ") is '" + v + "': use true or false");
        }
    }

    public void values(String key, Set<String> allowed) {
        List<String> given = Settings.list(value(key));
        if (given.isEmpty()) {
            problems.add(key + " (" + env(key) + ") is empty: list some of " + new java.util.TreeSet<>(allowed));
        }
        for (String g : given) {
            if (!allowed.contains(g.toUpperCase(Locale.ROOT))) {
                problems.add(key + " (" + env(key) + ") has '" + g + "', which Wiz does not know: use "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private void cron(String key) {
        String v = value(key);
        try {
            new CronExpression(v);
        } catch (ParseException e) {
            problems.add(key + " (" + env(key) + ") is '" + v + "', not a Quartz cron expression (" + e.getMessage()
                    + "); example: 0 15 1 * * ? for 01:15 every day");
        }
    }
}
