package io.wizcamel.kamelet;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The Wiz source Kamelet's engine (kamelets/wiz-source.kamelet.yaml, docs/kamelet.md). Each poll is one run of the
 * bundle's own stream routes (token, paging, retries, SAFE filters, status map, JQ mapping, watermark: the route files
 * the jar carries under routes/), in a private Camel context configured from the Kamelet's properties. Its
 * pages are handed to the Kamelet's route one at a time as an iterator of records (JSON text) that the route splits;
 * the run commits its watermark only after the last page was taken and the consumer asked for more, so a failure in
 * the consuming route leaves the watermark where it was (at least once, never lost).
 */
public class WizSource implements AutoCloseable {

    private static final Object END = new Object();
    private static final String ROUTES = "classpath:routes/";
    /** the delivery of the private context: each page to the Kamelet's iterator, no dead letters to replay */
    private static final String HANDOFF = """
            - route:
                id: wiz-deliver
                from:
                  uri: direct:wiz-deliver
                  steps:
                    - bean:
                        ref: wizKameletHandoff
                        method: deliver
            - route:
                id: wiz-replay-dead-letters
                from:
                  uri: direct:wiz-replay-dead-letters
                  steps:
                    - setBody:
                        constant: ""
            """;

    private final Properties settings = new Properties();
    private String stream = "issues";
    private CamelContext context;
    private ProducerTemplate template;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wiz-source-run");
        t.setDaemon(true);
        return t;
    });
    /** the page being handed over, or END, or the run's failure */
    private final SynchronousQueue<Object> pages = new SynchronousQueue<>();
    /** the consumer finished a page (true) or gave up (false) */
    private final SynchronousQueue<Boolean> taken = new SynchronousQueue<>();

    private void set(String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.setProperty(key, value.trim());
        }
    }

    public void setApiUrl(String v) {
        set("wiz.api-url", v);
    }

    public void setTokenUrl(String v) {
        set("wiz.token-url", v);
    }

    public void setClientId(String v) {
        set("wiz.client-id", v);
    }

    public void setClientSecret(String v) {
        set("wiz.client-secret", v);
    }

    public void setStream(String v) {
        stream = v.trim();
        set("wiz.streams", stream);
    }

    public void setPageSize(String v) {
        set("wiz.page-size", v);
    }

    public void setSeverities(String v) {
        set("wiz.severities", v);
    }

    public void setCloudPlatforms(String v) {
        set("wiz.cloud-platforms", v);
    }

    public void setStateDir(String v) {
        set("wiz.state-dir", v);
    }

    public void setMappingFile(String v) {
        set("wiz.mapping-file", v);
    }

    private synchronized ProducerTemplate template() throws Exception {
        if (template == null) {
            DefaultCamelContext c = new DefaultCamelContext();
            c.getCamelContextExtension().setName("wiz-source-" + stream);
            c.getPropertiesComponent().setInitialProperties(SettingsSchema.load().defaults());
            c.getPropertiesComponent().setOverrideProperties(settings);
            c.getRegistry().bind("wizKameletHandoff", this);
            var loader = PluginHelper.getRoutesLoader(c);
            for (String file : List.of("wiz/http-call.yaml", "wiz/token.yaml", "wiz/api.yaml", "wiz/stream.yaml",
                    "wiz/derived.yaml",
                    "streams/" + stream + ".yaml")) {
                var resource = ResourceHelper.resolveMandatoryResource(c, ROUTES + file);
                loader.loadRoutes(resource);
            }
            loader.loadRoutes(ResourceHelper.fromString("wiz-kamelet-handoff.yaml", HANDOFF));
            c.start();
            context = c;
            template = c.createProducerTemplate();
        }
        return template;
    }

    /** one run of the stream: its records, page by page, as JSON text */
    public Iterator<String> records() throws Exception {
        ProducerTemplate t = template();
        runs.submit(() -> {
            Exchange done = t.request("direct:wiz-" + stream + "-sync", e -> e.setProperty("wizTrigger", "kamelet"));
            try {
                pages.put(done.getException() != null ? done.getException() : END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new Records();
    }

    /** the private context's delivery: hands the page over and waits until the consumer is done with it */
    public void deliver(List<ObjectNode> records, @ExchangeProperty(RunStats.PROPERTY) RunStats run) throws Exception {
        pages.put(records);
        if (!taken.take()) {
            throw new IllegalStateException("the Kamelet's route stopped taking records; the run keeps its watermark");
        }
        run.sink("kamelet").delivered += records.size();
    }

    /** a run's records; closing it before the end fails the run (its watermark stays) */
    private final class Records implements Iterator<String>, Closeable {
        private Iterator<ObjectNode> page;
        private boolean holding;
        private boolean ended;

        @Override
        @SuppressWarnings("unchecked")
        public boolean hasNext() {
            while (!ended && (page == null || !page.hasNext())) {
                try {
                    if (holding) {
                        holding = false;
                        taken.put(true);
                    }
                    Object next = pages.take();
                    if (next == END) {
                        ended = true;
                    } else if (next instanceof Exception e) {
                        ended = true;
                        throw new IllegalStateException("Wiz " + stream + " run failed: " + e.getMessage(), e);
                    } else {
                        page = ((List<ObjectNode>) next).iterator();
                        holding = true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return !ended;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next().toString();
        }

        @Override
        public void close() {
            if (holding) {
                holding = false;
                ended = true;
                try {
                    taken.put(false);
                    pages.take(); // the run's end (its failure)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        runs.shutdownNow();
        if (context != null) {
            context.close();
        }
    }
}
