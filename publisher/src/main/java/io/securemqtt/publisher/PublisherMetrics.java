package io.securemqtt.publisher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the publisher counts, as {@code /metrics} shows it. Every article counted as published ends up
 * counted once more, as acknowledged or as failed: {@code published - acknowledged - failed} is the
 * number still awaiting the broker's PUBACK.
 */
final class PublisherMetrics {

    static final String PUBLISHED = "articles.published";
    static final String ACKNOWLEDGED = "articles.acknowledged";
    static final String FAILED = "articles.failed";
    /** Tagged with the PUBACK's reason code, e.g. {@code reason="0x87"}, or {@code reason="unreadable"}. */
    static final String REFUSED = "articles.refused";
    /** Not counted as published again: the article was acknowledged once already. */
    static final String REPUBLISHED = "articles.republished";

    private final Counter published;
    private final Counter acknowledged;
    private final Counter failed;
    private final Counter republished;
    private final MeterRegistry registry;

    PublisherMetrics(MeterRegistry registry) {
        this.registry = registry;
        published = Counter.builder(PUBLISHED)
                .description("Articles the publisher tried to publish, including those skipped while disconnected")
                .register(registry);
        acknowledged = Counter.builder(ACKNOWLEDGED)
                .description("Articles the broker acknowledged (PUBACK with a success reason code)")
                .register(registry);
        failed = Counter.builder(FAILED)
                .description("Articles not published: not connected, refused by the broker (e.g. PUBACK 0x87), or lost with the connection")
                .register(registry);
        republished = Counter.builder(REPUBLISHED)
                .description("Articles acknowledged shortly before a lost connection and acknowledged again after the reconnect,"
                        + " in case the broker died before storing them")
                .register(registry);
    }

    void published() {
        published.increment();
    }

    void acknowledged() {
        acknowledged.increment();
    }

    void failed() {
        failed.increment();
    }

    void republished() {
        republished.increment();
    }

    /**
     * One of the failed: the broker refused it. Few distinct reasons exist (a handful of PUBACK codes),
     * so few series.
     */
    void refused(String reason) {
        Counter.builder(REFUSED)
                .description("Articles the broker refused, by PUBACK reason code (also counted as failed)")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
