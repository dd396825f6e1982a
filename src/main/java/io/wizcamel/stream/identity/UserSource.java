package io.wizcamel.stream.identity;

import java.util.concurrent.CompletableFuture;

import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StreamPages;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which root the users stream reads: {@code users}, or {@code userAccounts} when Wiz refuses users for want of
 * read:users (docs/streams/users.md). Wired as the stream's filter, it runs once at the start of a run: it asks for
 * the first users page itself and hands the answer on as the page fetched ahead (so the choice costs no request),
 * or, refused, points the run at the userAccounts query and says so once in the log and the history.
 */
public class UserSource implements CamelContextAware {

    public static final String ACCOUNTS = "userAccounts";
    private static final Logger LOG = LoggerFactory.getLogger(UserSource.class);

    private final boolean fallback;
    private final String accountsQueryFile;
    private CamelContext context;
    private ProducerTemplate template;

    /**
     * @param fallback whether to read userAccounts when users is refused (wiz.identity.users-fallback)
     * @param accountsQueryFile the userAccounts query's file
     */
    public UserSource(boolean fallback, String accountsQueryFile) {
        this.fallback = fallback;
        this.accountsQueryFile = accountsQueryFile;
    }

    /** the users query takes no $filterBy: returns null, having chosen the root */
    public Object filterBy(Exchange exchange) throws Exception {
        Exchange request = new DefaultExchange(exchange.getContext());
        request.getProperties().putAll(exchange.getProperties());
        request.setProperty("wizVariables", pages().variables(exchange));
        Exchange answered = template().send("direct:wiz-graphql", request);
        Exception failure = answered.getException();
        if (failure == null) {
            exchange.setProperty(StreamPages.NEXT_PAGE, CompletableFuture.completedFuture(answered));
            return null;
        }
        if (!fallback || !(failure instanceof WizApiException w) || !"UNAUTHORIZED".equals(w.code())) {
            throw failure;
        }
        String scope = exchange.getProperty("wizScope", "read:users", String.class);
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        String note = "Wiz refused users (" + scope + " missing): read userAccounts instead (id, name, email only:"
                + " no roles, projects or suspension); grant the service account " + scope + " for roles";
        LOG.warn("{} {}: {}", run.stream, run.runId, note);
        run.note(note);
        exchange.setProperty("wizQuery", ACCOUNTS);
        exchange.setProperty("wizQueryFile", accountsQueryFile);
        exchange.setProperty(StreamPages.CONNECTION, ACCOUNTS);
        return null;
    }

    private StreamPages pages() {
        return context.getRegistry().lookupByNameAndType("streamPages", StreamPages.class);
    }

    private ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
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
