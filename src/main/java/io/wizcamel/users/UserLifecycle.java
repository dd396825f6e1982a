package io.wizcamel.users;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user lifecycle (bean {@code userLifecycle}): plans the changes that make Wiz's users follow the desired state,
 * applies them through the channel {@code wiz.users.channel} picks (bean {@code <channel>UserDirectory}), and turns
 * every change, applied or refused, into a record of the {@code user-changes} stream. Change events are applied one
 * at a time the same way.
 */
public class UserLifecycle implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(UserLifecycle.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** exchange property: true to apply a plan the guards refuse (--force) */
    public static final String FORCE = "wizUsersForce";
    /** exchange property: the {@link Result} of an apply */
    public static final String RESULT = "wizUsersResult";
    /** how long the roles and projects read for change events are reused */
    private static final long REFS_MILLIS = 60_000;

    private final String desiredFile;
    private final UserPlanner.Absent absent;
    private final int maxSuspendPercent;
    private final boolean allowDelete;
    private final String channel;
    private CamelContext context;
    /** one plan or event applied at a time (two at once could work on the same user) */
    private final Object lock = new Object();
    private UserReferences.Refs refs;
    private long refsAt;

    /** What an apply did. */
    public static final class Result {
        public UserPlan plan;
        public long applied;
        public long refused;
        public long failed;
        /** why the plan was not applied (a guard) or applying stopped (the directory gone), or null */
        public String stopped;
        public final List<String> lines = new ArrayList<>();
    }

    public UserLifecycle(String desiredFile, String manageAbsent, int maxSuspendPercent, boolean allowDelete,
            String channel) {
        this.desiredFile = desiredFile == null ? "" : desiredFile.trim();
        this.absent = UserPlanner.Absent.valueOf(manageAbsent.trim().toUpperCase(Locale.ROOT));
        this.maxSuspendPercent = maxSuspendPercent;
        this.allowDelete = allowDelete;
        this.channel = channel == null || channel.isBlank() ? "graphql" : channel.trim();
    }

    /** the channel's directory: the bean {@code <wiz.users.channel>UserDirectory} */
    public UserDirectory directory() {
        String name = channel + "UserDirectory";
        Object bean = context.getRegistry().lookupByName(name);
        if (bean instanceof UserDirectory d) {
            return d;
        }
        throw new IllegalArgumentException("wiz.users.channel (WIZ_USERS_CHANNEL) is '" + channel + "' but there is"
                + " no bean " + name + " implementing " + UserDirectory.class.getName() + (bean == null ? "" : " ("
                + name + " is a " + bean.getClass().getName() + ")") + ": use graphql"
                + ("scim".equals(channel) ? ", or a build with the SCIM channel" : ""));
    }

    /** the plan for the desired file as Wiz is now; changes nothing */
    public UserPlan plan() throws Exception {
        if (desiredFile.isEmpty()) {
            throw new IllegalArgumentException("wiz.users.desired-file (WIZ_USERS_DESIRED_FILE) is not set: give the"
                    + " CSV or JSON Lines file of the users Wiz should have (docs/users.md)");
        }
        UserDirectory directory = directory();
        if (!java.nio.file.Files.isReadable(Path.of(desiredFile))) { // before any request to Wiz
            throw new IllegalArgumentException("wiz.users.desired-file (WIZ_USERS_DESIRED_FILE) is '" + desiredFile
                    + "', which is not a readable file: give the CSV or JSON Lines file of the users Wiz should have");
        }
        DesiredState desired = DesiredState.read(Path.of(desiredFile), references().load());
        return UserPlanner.plan(directory, desired, absent, allowDelete);
    }

    /**
     * Plans and applies, unless a guard refuses and {@link #FORCE} is not set. The route's body becomes the
     * user-changes records; the {@link Result} goes in {@link #RESULT}; the run counts the changes.
     */
    public List<ObjectNode> apply(Exchange exchange) throws Exception {
        return oneAtATime(exchange, this::applyPlan);
    }

    private interface Work {
        List<ObjectNode> run(Exchange exchange) throws Exception;
    }

    /** one plan or event at a time, its Wiz requests counted in the exchange's run (WizGraphql) */
    private List<ObjectNode> oneAtATime(Exchange exchange, Work work) throws Exception {
        synchronized (lock) {
            WizGraphql.RUN.set(exchange.getProperty(RunStats.PROPERTY, RunStats.class));
            try {
                return work.run(exchange);
            } finally {
                WizGraphql.RUN.remove();
            }
        }
    }

    private List<ObjectNode> applyPlan(Exchange exchange) throws Exception {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        Result result = new Result();
        exchange.setProperty(RESULT, result);
        List<ObjectNode> records = new ArrayList<>();
        UserPlan plan = plan();
        result.plan = plan;
        String guard = plan.guard(maxSuspendPercent);
        boolean force = Boolean.TRUE.equals(exchange.getProperty(FORCE, Boolean.class));
        if (guard != null && !force) {
            result.stopped = guard;
            run.abandoned = guard;
            return records;
        }
        if (guard != null) {
            LOG.warn("Applying the user plan despite its guard (--force): {}", guard);
        }
        UserDirectory directory = directory();
        String trigger = run.trigger;
        for (UserChange c : plan.changes()) {
            if (result.stopped != null) {
                break;
            }
            records.add(applyOne(directory, c, trigger, run, result));
        }
        if (result.stopped != null) {
            run.abandoned = result.stopped;
        }
        return records;
    }

    /**
     * One change event (a JSON object with the desired state's fields): its change applied, or recorded as refused.
     * Throws when the directory could not be reached or refuses the credential, so that the event is not
     * acknowledged and comes again.
     */
    public List<ObjectNode> event(Exchange exchange) throws Exception {
        return oneAtATime(exchange, this::applyEvent);
    }

    private List<ObjectNode> applyEvent(Exchange exchange) throws Exception {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        String source = exchange.getProperty("wizUsersEventSource", "event", String.class);
        Result result = new Result();
        exchange.setProperty(RESULT, result);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? new byte[0] : body);
        } catch (Exception e) {
            node = null;
        }
        UserChange change;
        UserDirectory directory = directory();
        if (node == null || !node.isObject()) {
            change = new UserChange(UserChange.Action.REFUSE, null, null, null, List.of(), source
                    + ": not a JSON object with email, name, role, projects, active");
        } else {
            Object checked = DesiredState.check(source, DesiredState.fields(node), cachedReferences());
            if (checked instanceof DesiredState.Refusal && refsAge() > 0) {
                // a role or project made in Wiz since the roles and projects were read must not refuse the event
                refsAt = 0;
                checked = DesiredState.check(source, DesiredState.fields(node), cachedReferences());
            }
            if (checked instanceof DesiredState.Refusal r) {
                change = new UserChange(UserChange.Action.REFUSE, r.email(), null, null, List.of(),
                        r.source() + ": " + r.reason());
            } else {
                DesiredUser want = (DesiredUser) checked;
                Optional<DirectoryUser> current;
                try {
                    current = directory.findByEmail(want.email());
                } catch (UserDirectoryException e) {
                    throw e; // nothing known: the event stays for redelivery
                }
                change = current.map(u -> UserPlanner.diff(u, want, allowDelete)).orElseGet(() ->
                        UserPlanner.create(want));
                if (change == null) {
                    run.countChange("unchanged");
                    return List.of();
                }
            }
        }
        ObjectNode record = applyOne(directory, change, run.trigger, run, result);
        if (result.failed > 0) {
            // not a refusal (the directory unavailable, the credential refused, a create still uncertain): the event
            // is not acknowledged, and comes again
            throw new UserDirectoryException(UserDirectoryException.Kind.UNAVAILABLE, result.stopped != null
                    ? result.stopped : "the change could not be made: " + result.lines.get(result.lines.size() - 1));
        }
        return List.of(record);
    }

    private ObjectNode applyOne(UserDirectory directory, UserChange c, String trigger, RunStats run, Result result) {
        String outcome;
        String error = null;
        UserChange done = c;
        try {
            switch (c.action()) {
                case REFUSE -> throw new UserDirectoryException(UserDirectoryException.Kind.REJECTED, c.why());
                case CREATE -> done = create(directory, c);
                case DELETE -> delete(directory, c);
                default -> directory.update(c.before(), c.after() != null ? c.after()
                        : new DesiredUser(c.why(), c.email(), null, null, c.before().projects(), false, false));
            }
            outcome = "applied";
            result.applied++;
        } catch (UserDirectoryException e) {
            error = e.getMessage();
            if (e.kind() == UserDirectoryException.Kind.REJECTED) {
                outcome = "refused";
                result.refused++;
            } else {
                outcome = "failed";
                result.failed++;
                if (e.kind() != UserDirectoryException.Kind.UNCERTAIN) {
                    result.stopped = e.getMessage();
                }
            }
        }
        run.countChange(outcome);
        String line = String.format("%-8s %-10s %s%s", outcome, c.action().label(), c.email() == null ? "-"
                : c.email(), error == null || c.action() == UserChange.Action.REFUSE ? (error == null ? "" : ": "
                + error) : ": " + error);
        result.lines.add(line);
        if ("applied".equals(outcome)) {
            LOG.info("user change {}", line);
        } else {
            LOG.warn("user change {}", line);
        }
        return UserRecords.record(done, outcome, c.action() == UserChange.Action.REFUSE ? null : error,
                directory.channel(), trigger, run.runId);
    }

    /** a delete whose first answer was lost is retried and finds no user: gone is what was asked */
    private static void delete(UserDirectory directory, UserChange c) {
        try {
            directory.delete(c.before());
        } catch (UserDirectoryException e) {
            if (e.kind() != UserDirectoryException.Kind.REJECTED || directory.findByEmail(c.email()).isPresent()) {
                throw e;
            }
        }
    }

    /**
     * A create that is never made twice: when its answer did not come (UNCERTAIN), the user is looked up by email
     * before another try; found, it is made to match the desired state instead.
     */
    private UserChange create(UserDirectory directory, UserChange c) {
        UserDirectoryException uncertain = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (uncertain != null) {
                Optional<DirectoryUser> made = directory.findByEmail(c.email());
                if (made.isPresent()) {
                    LOG.info("user {}: the create timed out but Wiz made it; not creating it again", c.email());
                    directory.update(made.get(), c.after());
                    return new UserChange(c.action(), c.email(), null, c.after(), c.fields(), c.why()
                            + " (the create's answer was lost; found by email, not created twice)");
                }
            }
            try {
                directory.create(c.after());
                return c;
            } catch (UserDirectoryException e) {
                if (e.kind() != UserDirectoryException.Kind.UNCERTAIN) {
                    throw e;
                }
                uncertain = e;
            }
        }
        throw uncertain;
    }

    /** how long ago the cached roles and projects were read (0: just now) */
    private synchronized long refsAge() {
        return refs == null ? 0 : System.currentTimeMillis() - refsAt;
    }

    /** the roles and projects for change events, re-read after a minute */
    private synchronized UserReferences.Refs cachedReferences() {
        long now = System.currentTimeMillis();
        if (refs == null || now - refsAt > REFS_MILLIS) {
            refs = references().load();
            refsAt = now;
        }
        return refs;
    }

    private UserReferences references() {
        UserReferences r = context.getRegistry().lookupByNameAndType("userReferences", UserReferences.class);
        if (r == null) {
            r = new UserReferences();
            r.setCamelContext(context);
        }
        return r;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
