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

    private final Counter published;
    private final Counter acknowledged;
    private final Counter failed;

    PublisherMetrics(MeterRegistry registry) {
        published = Counter.builder(PUBLISHED)
                .description("Articles the publisher tried to publish, including those skipped while disconnected")
                .register(registry);
        acknowledged = Counter.builder(ACKNOWLEDGED)
                .description("Articles the broker acknowledged (PUBACK with a success reason code)")
                .register(registry);
        failed = Counter.builder(FAILED)
                .description("Articles not published: not connected, refused by the broker (e.g. PUBACK 0x87), or lost with the connection")
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
}
