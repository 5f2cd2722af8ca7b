package io.securemqtt.exporter;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code $SYS} topics the exporter keeps, each with its metric and the only values it may
 * carry. Any other topic under {@code $SYS/#} is ignored without being stored: what is kept is this
 * fixed set, whatever the broker sends.
 */
enum SysTopic {

    CLIENTS_CONNECTED("$SYS/broker/clients/connected", "mosquitto.clients.connected", Kind.GAUGE, SysValue.COUNT,
            "Clients connected to the broker"),
    MESSAGES_RECEIVED("$SYS/broker/messages/received", "mosquitto.messages.received", Kind.COUNTER, SysValue.COUNT,
            "Messages of every kind the broker received since it started"),
    MESSAGES_SENT("$SYS/broker/messages/sent", "mosquitto.messages.sent", Kind.COUNTER, SysValue.COUNT,
            "Messages of every kind the broker sent since it started"),
    MESSAGES_DROPPED("$SYS/broker/publish/messages/dropped", "mosquitto.messages.dropped", Kind.COUNTER, SysValue.COUNT,
            "PUBLISH messages the broker dropped since it started (a full queue, or a packet over a client's maximum size)"),
    MESSAGES_STORED("$SYS/broker/store/messages/count", "mosquitto.messages.stored", Kind.GAUGE, SysValue.COUNT,
            "Messages the broker holds: retained, and queued for sessions"),
    MESSAGES_STORED_BYTES("$SYS/broker/store/messages/bytes", "mosquitto.messages.stored.bytes", Kind.GAUGE, SysValue.COUNT,
            "Payload bytes of the messages the broker holds"),
    SUBSCRIPTIONS("$SYS/broker/subscriptions/count", "mosquitto.subscriptions", Kind.GAUGE, SysValue.COUNT,
            "Subscriptions the broker holds, of connected and away sessions"),
    UPTIME("$SYS/broker/uptime", "mosquitto.uptime.seconds", Kind.GAUGE, SysValue.UPTIME,
            "Seconds since the broker started"),
    VERSION("$SYS/broker/version", "mosquitto.info", Kind.INFO, SysValue.VERSION,
            "The broker's version, in the label version; always 1");

    /** How the metric shows the value. */
    enum Kind {
        GAUGE, COUNTER, INFO
    }

    private static final Map<String, SysTopic> BY_TOPIC = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(SysTopic::topic, Function.identity()));

    private final String topic;
    private final String metric;
    private final Kind kind;
    private final SysValue value;
    private final String description;

    SysTopic(String topic, String metric, Kind kind, SysValue value, String description) {
        this.topic = topic;
        this.metric = metric;
        this.kind = kind;
        this.value = value;
        this.description = description;
    }

    /** The known topic of that name; empty for every other, which is ignored. */
    static Optional<SysTopic> of(String topic) {
        return Optional.ofNullable(topic == null ? null : BY_TOPIC.get(topic));
    }

    String topic() {
        return topic;
    }

    /** Micrometer's name; Prometheus adds {@code _total} to a counter's. */
    String metric() {
        return metric;
    }

    Kind kind() {
        return kind;
    }

    SysValue value() {
        return value;
    }

    String description() {
        return description;
    }
}
