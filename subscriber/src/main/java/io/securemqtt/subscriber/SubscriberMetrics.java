package io.securemqtt.subscriber;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.securemqtt.common.article.Article;

/**
 * What the subscriber counts, as {@code /metrics} shows it: articles received, payloads that were
 * not articles, repeated ids, articles whose handling failed, and how long articles took from their
 * {@code publishedAt} to us.
 */
final class SubscriberMetrics {

    static final String RECEIVED = "articles.received";
    static final String INVALID = "articles.invalid";
    static final String DUPLICATE = "articles.duplicate";
    static final String FAILED = "articles.failed";
    static final String LATENCY = "articles.latency";

    /**
     * The longest latency recorded; longer ones are recorded as this. A publishedAt that far back is a
     * wrong clock, not a slow broker, and the Timer counts in nanoseconds, which overflow at 292 years.
     */
    static final Duration LONGEST_LATENCY = Duration.ofDays(36_525);

    /**
     * Fixed buckets rather than Micrometer's percentile histogram (some 70 of them): milliseconds
     * on a healthy stack, seconds around a reconnect, up to hours for articles queued while the
     * subscriber was away.
     */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
    };

    private final Clock clock;
    private final Counter received;
    private final Counter invalid;
    private final Counter duplicates;
    private final Counter failed;
    private final Timer latency;

    SubscriberMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        received = Counter.builder(RECEIVED)
                .description("Articles received and handed to the handler (repeated ids not included)")
                .register(registry);
        invalid = Counter.builder(INVALID)
                .description("Messages ignored because their payload was not a valid article, or named another topic")
                .register(registry);
        duplicates = Counter.builder(DUPLICATE)
                .description("Articles ignored because their id had been received recently (QoS 1 redelivery)")
                .register(registry);
        failed = Counter.builder(FAILED)
                .description("Articles received whose handling failed with an unexpected error (logged at ERROR); acknowledged all the same")
                .register(registry);
        latency = Timer.builder(LATENCY)
                .description("Time from an article's publishedAt to its receipt by the subscriber")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /**
     * Counts {@code article} and its latency. Publisher and subscriber may run on different clocks:
     * a negative latency is a clock skew, counted as zero rather than dropped, so that the
     * histogram's count stays that of the articles received; one from before the clock could be
     * right counts as {@link #LONGEST_LATENCY}.
     */
    void received(Article article) {
        received.increment();
        Duration elapsed = Duration.between(article.publishedAt(), clock.instant());
        if (elapsed.isNegative()) {
            elapsed = Duration.ZERO;
        } else if (elapsed.compareTo(LONGEST_LATENCY) > 0) {
            elapsed = LONGEST_LATENCY;
        }
        latency.record(elapsed);
    }

    void invalid() {
        invalid.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void failed() {
        failed.increment();
    }
}
