package io.securemqtt.exporter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The broker's figures as its {@code $SYS} topics last gave them, served as {@code mosquitto_*}
 * metrics. Only the {@link SysTopic}s are kept, one value each, so memory stays the same whatever
 * the broker sends; a value that is not what its topic carries costs one warning and one
 * {@code mosquitto_sys_values_ignored_total}, and the last good value stays.
 *
 * <p>Before a topic's first good value its metric is NaN (and {@code mosquitto_info} absent).
 */
final class BrokerFigures {

    static final String UP = "mosquitto.up";
    static final String IGNORED = "mosquitto.sys.values.ignored";
    static final String VERSION_TAG = "version";
    /** Mosquitto publishes {@code $SYS} every {@code sys_interval}, 10 s by default: three missed updates mean it is not up. */
    static final Duration STALE_AFTER = Duration.ofSeconds(30);
    /** How much of a refused value a warning shows. */
    static final int MAX_LOGGED_VALUE_LENGTH = 32;

    private static final Logger log = LoggerFactory.getLogger(BrokerFigures.class);

    private final Clock clock;
    private final BooleanSupplier connected;
    private final Map<SysTopic, Figure> figures = new EnumMap<>(SysTopic.class);
    private final Counter ignored;
    private final VersionInfo version;
    private volatile Instant lastUpdate;

    /**
     * @param connected whether the exporter is connected to the broker now (its {@code /health})
     */
    BrokerFigures(MeterRegistry registry, Clock clock, BooleanSupplier connected) {
        this.clock = clock;
        this.connected = connected;
        for (SysTopic topic : SysTopic.values()) {
            if (topic.kind() != SysTopic.Kind.INFO) {
                Figure figure = new Figure();
                figures.put(topic, figure);
                register(registry, topic, figure);
            }
        }
        version = new VersionInfo(registry, SysTopic.VERSION);
        ignored = Counter.builder(IGNORED)
                .description("$SYS values ignored because they were not what their topic carries (each logged as a warning)")
                .register(registry);
        Gauge.builder(UP, this, figures -> figures.isUp() ? 1 : 0)
                .description("1 while connected to the broker and a $SYS update came within the last " + STALE_AFTER.toSeconds() + " s")
                .strongReference(true)
                .register(registry);
    }

    private static void register(MeterRegistry registry, SysTopic topic, Figure figure) {
        if (topic.kind() == SysTopic.Kind.COUNTER) {
            FunctionCounter.builder(topic.metric(), figure, Figure::value)
                    .description(topic.description() + " (" + topic.topic() + ")")
                    .register(registry);
        } else {
            Gauge.builder(topic.metric(), figure, Figure::value)
                    .description(topic.description() + " (" + topic.topic() + ")")
                    .strongReference(true)
                    .register(registry);
        }
    }

    /**
     * Takes one {@code $SYS} message. Never throws: it runs on Paho's callback thread, where an
     * exception would drop the connection.
     */
    void accept(String topic, byte[] payload) {
        Optional<SysTopic> known = SysTopic.of(topic);
        if (known.isEmpty()) {
            return;
        }
        SysTopic sys = known.get();
        SysValue.Parsed parsed = sys.value().read(payload);
        if (!parsed.ok()) {
            ignored.increment();
            log.warn("$SYS value ignored: topic={} value=\"{}\" reason={}", sys.topic(), shown(payload), parsed.problem());
            return;
        }
        if (sys.kind() == SysTopic.Kind.INFO) {
            version.set(parsed.text());
        } else {
            figures.get(sys).set(parsed.number());
        }
        lastUpdate = clock.instant();
    }

    /** Connected, and the broker's last good {@code $SYS} value is at most {@link #STALE_AFTER} old. */
    boolean isUp() {
        Instant last = lastUpdate;
        return connected.getAsBoolean() && last != null && !last.plus(STALE_AFTER).isBefore(clock.instant());
    }

    /** The first characters of a refused payload, for its warning; LogFormat escapes control characters. */
    static String shown(byte[] payload) {
        if (payload == null) {
            return "";
        }
        int bytes = Math.min(payload.length, MAX_LOGGED_VALUE_LENGTH);
        String start = new String(payload, 0, bytes, StandardCharsets.UTF_8);
        return payload.length <= MAX_LOGGED_VALUE_LENGTH ? start : start + "...(" + payload.length + " bytes)";
    }

    /** One topic's last good value. */
    private static final class Figure {

        private volatile double value = Double.NaN;

        double value() {
            return value;
        }

        void set(double value) {
            this.value = value;
        }
    }
}
