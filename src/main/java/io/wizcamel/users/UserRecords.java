package io.wizcamel.users;

import java.time.Instant;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Changes as JSON: in the plan's JSON, and as the records of the {@code user-changes} stream. */
public final class UserRecords {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private UserRecords() {
    }

    /** a change as planned: action, email, fields, before, after, why */
    public static ObjectNode change(UserChange c) {
        ObjectNode n = JSON.objectNode();
        n.put("action", c.action().label());
        n.put("email", c.email());
        n.putArray("fields").addAll(c.fields().stream().map(JSON::textNode).toList());
        if (c.before() != null) {
            n.set("before", state(c.before()));
        } else {
            n.putNull("before");
        }
        if (c.after() != null) {
            n.set("after", state(c.after()));
        } else if (c.before() != null && c.action() == UserChange.Action.SUSPEND) {
            n.set("after", state(c.before()).put("active", false));
        } else {
            n.putNull("after");
        }
        n.put("why", c.why());
        return n;
    }

    /**
     * A record of the user-changes stream: the change, who made it (the channel and the trigger), its outcome
     * (applied, refused, failed) and the error when it was not applied.
     */
    public static ObjectNode record(UserChange c, String outcome, String error, String channel, String trigger,
            String runId) {
        ObjectNode n = JSON.objectNode();
        // each change is an event of its own: never one the delivery ledger takes for a repeat
        n.put("id", UUID.randomUUID().toString());
        n.put("at", Instant.now().toString());
        n.put("runId", runId);
        n.put("by", "wiz-camel " + channel + " channel (" + trigger + ")");
        n.setAll(change(c));
        if (c.before() != null) {
            n.put("userId", c.before().id());
        }
        n.put("outcome", outcome);
        n.put("error", error);
        return n;
    }

    private static ObjectNode state(DirectoryUser u) {
        ObjectNode n = JSON.objectNode();
        n.put("id", u.id()).put("name", u.name()).put("role", u.role());
        n.putArray("projects").addAll(new TreeSet<>(u.projects()).stream().map(JSON::textNode).toList());
        n.put("active", u.active());
        return n;
    }

    private static ObjectNode state(DesiredUser u) {
        ObjectNode n = JSON.objectNode();
        n.put("name", u.name()).put("role", u.role());
        n.putArray("projects").addAll(new TreeSet<>(u.projects()).stream().map(JSON::textNode).toList());
        n.put("active", u.active());
        if (u.delete()) {
            n.put("delete", true);
        }
        return n;
    }

    /** one field's value of a user, for the plan's table */
    static Object value(DirectoryUser u, String field) {
        return switch (field) {
            case "name" -> u.name();
            case "role" -> u.role();
            case "projects" -> new TreeSet<>(u.projects());
            default -> u.active();
        };
    }

    static Object value(DesiredUser u, String field) {
        return switch (field) {
            case "name" -> u.name();
            case "role" -> u.role();
            case "projects" -> new TreeSet<>(u.projects());
            default -> u.active();
        };
    }
}
