package io.wizcamel.delivery;

import java.io.IOException;
import java.util.List;

/**
 * A sink whose output a run may take back: it writes as the run goes but makes its output visible only when the
 * ledger publishes the run, and throws it away when the run fails. Both calls must be safe to repeat: after a crash
 * the ledger repeats whichever was under way. Any bean of this type in the registry is one; the file sink is.
 */
public interface TransactionalSink {

    /** the sink's name, as in wiz.sinks */
    String sink();

    /** makes the run's output visible; returns what it published (file names, for the history) */
    List<String> publish(String stream, String runId) throws IOException;

    /** throws away what the run wrote */
    void discard(String stream, String runId) throws IOException;
}
