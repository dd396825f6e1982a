package io.wizcamel.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * Takes an authenticated webhook request: checks that it is a JSON event naming an issue, and queues it durably
 * before answering 202. Wiz's payload is an operator-edited template, so it is read loosely: the issue id from
 * {@code issue.id} (or {@code issueId}), the trigger from {@code trigger.type} in any case, and the event's time from
 * {@code eventTime}, {@code timestamp}, {@code issue.updatedAt} or {@code issue.statusChangedAt}; without one, an
 * identical body counts as the same event. Everything else in the payload is a hint only: the issue is re-read.
 */
public class WebhookIntake {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookQueue queue;
    private final WebhookStats stats;

    public WebhookIntake(WebhookQueue queue, WebhookStats stats) {
        this.queue = queue;
        this.stats = stats;
    }

    public void accept(Exchange exchange) throws Exception {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        stats.received();
        if (body == null || body.length == 0) {
            refuse(exchange, 400, "bad-body", "the body is empty: Wiz sends the event as a JSON object");
            return;
        }
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            refuse(exchange, 400, "bad-body", "the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (event == null || !event.isObject()) {
            refuse(exchange, 400, "bad-body", "the body is not a JSON object");
            return;
        }
        String issueId = text(event.path("issue").path("id"), text(event.path("issueId"), null));
        if (issueId == null || issueId.length() > 200 || !issueId.matches("[\\w.:-]+")) {
            refuse(exchange, 422, "no-issue-id", "the event names no issue: the body must carry issue.id"
                    + " (java -jar wiz-camel.jar --webhook-setup prints a body template)");
            return;
        }
        String trigger = text(event.path("trigger").path("type"), "UPDATED").toUpperCase(Locale.ROOT);
        String time = text(event.path("eventTime"), text(event.path("timestamp"),
                text(event.path("issue").path("updatedAt"), text(event.path("issue").path("statusChangedAt"),
                        null))));
        if (time == null) {
            time = "sha256:" + sha256(body);
        }
        switch (queue.offer(issueId + "|" + trigger + "|" + time, issueId, trigger, time)) {
            case QUEUED -> {
                stats.queued();
                WebhookAuth.answer(exchange, 202, "queued");
            }
            case DUPLICATE -> {
                stats.deduplicated();
                WebhookAuth.answer(exchange, 200, "already received");
            }
            case FULL -> {
                stats.refused("queue-full");
                WebhookAuth.answer(exchange, 503, "too many events waiting; send again later");
                exchange.getMessage().setHeader("Retry-After", "30");
            }
        }
    }

    private void refuse(Exchange exchange, int status, String reason, String message) {
        stats.refused(reason);
        WebhookAuth.answer(exchange, status, message);
    }

    private static String text(JsonNode node, String otherwise) {
        return node.isValueNode() && !node.asText().isBlank() ? node.asText().trim() : otherwise;
    }

    private static String sha256(byte[] body) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}
