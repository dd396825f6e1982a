package io.wizcamel.stream;

/**
 * Told when a run of a stream starts and ends (after its history record is written). The beans of this type in the
 * registry are told; the launcher binds the operations monitor (progress, metrics, health, sync now) as one.
 */
public interface RunListener {

    default void runStarted(RunStats run) {
    }

    void runEnded(RunStats run);
}
