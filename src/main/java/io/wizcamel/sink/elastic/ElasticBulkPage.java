package io.wizcamel.sink.elastic;

import java.util.List;

/**
 * A page of records as bulk requests still to make. The sink's retries resume it where it stopped: batches the
 * cluster took are skipped, and a batch it took in part sends only the rest.
 */
public class ElasticBulkPage {

    private final List<ElasticBulkBatch> batches;

    ElasticBulkPage(List<ElasticBulkBatch> batches) {
        this.batches = List.copyOf(batches);
    }

    /** the first batch with items the cluster has not taken; null when all are done */
    public ElasticBulkBatch current() {
        for (ElasticBulkBatch b : batches) {
            if (!b.isDone()) {
                return b;
            }
        }
        return null;
    }

    public boolean isDone() {
        return current() == null;
    }

    public List<ElasticBulkBatch> batches() {
        return batches;
    }
}
