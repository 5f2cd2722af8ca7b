package io.securemqtt.bench;

/**
 * One run of the persistence section on one variant's broker.
 *
 * @param variant the persistence variant, e.g. {@code snapshot}
 * @param mode    {@link #ONLINE} or {@link #BACKLOG}
 * @param run     the figures: for a backlog, published/s is the queueing and received/s the draining
 */
record PersistenceResult(String variant, String mode, ThroughputResult run) {

    /** The subscriber is connected throughout ({@link JavaThroughput}, {@link CThroughput}). */
    static final String ONLINE = "online";
    /** The subscriber is away while the messages are queued, then drains them ({@link JavaBacklog}, {@link CBacklog}). */
    static final String BACKLOG = "backlog";

    /** The broker's CPU time per message over the whole run, in microseconds; NaN if not measured. */
    double brokerMicrosPerMessage() {
        return run.cpu() == null ? Double.NaN : run.cpu().brokerMicrosPerMessage(run.sent());
    }

    /** The JSON keys' prefix, e.g. {@code persistence_sqlite_sync_full_java_backlog}. */
    String key() {
        return "persistence_" + variant.replace('-', '_') + "_" + run.client() + "_" + mode;
    }
}
