package io.wizcamel.ops;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.wizcamel.webhook.WebhookStats;

/**
 * The webhook receiver's counters ({@link WebhookStats}) as Micrometer meters beside the runs' (wiz_webhook_*):
 * events received, refused by reason, deduplicated, queued and processed, and the longest delay from an event's
 * arrival to its delivery. They read the receiver's own counts when scraped.
 */
public final class WebhookMetrics {

    private WebhookMetrics() {
    }

    public static void register(MeterRegistry registry, WebhookStats stats) {
        FunctionCounter.builder("wiz.webhook.received", stats, s -> s.received)
                .description("webhook requests that reached the receiver's checks of their body").register(registry);
        for (String reason : WebhookStats.REFUSALS) {
            FunctionCounter.builder("wiz.webhook.refused", stats, s -> s.refusedFor(reason)).tag("reason", reason)
                    .description("webhook requests refused, by reason").register(registry);
        }
        FunctionCounter.builder("wiz.webhook.deduplicated", stats, s -> s.deduplicated)
                .description("events Wiz sent again, acknowledged and not applied twice").register(registry);
        FunctionCounter.builder("wiz.webhook.queued", stats, s -> s.queued)
                .description("events accepted (202) and queued").register(registry);
        FunctionCounter.builder("wiz.webhook.processed", stats, s -> s.processed)
                .description("events applied: their issues re-read and delivered").register(registry);
        TimeGauge.builder("wiz.webhook.delay.max", stats, TimeUnit.MILLISECONDS, s -> s.maxDelayMs)
                .description("the longest time from an event's arrival to its delivery since start").register(registry);
    }
}
