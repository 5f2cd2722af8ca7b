package io.securemqtt.exporter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code mosquitto_info{version="2.1.2"} 1}: the broker's version as a label, the one series that
 * changes its labels. At most one series at a time: a new version replaces the old one, so a
 * broker that changes version all day costs nothing more than one that never does.
 */
final class VersionInfo {

    private final MeterRegistry registry;
    private final SysTopic topic;
    private String version;
    private Gauge gauge;

    VersionInfo(MeterRegistry registry, SysTopic topic) {
        this.registry = registry;
        this.topic = topic;
    }

    /** @param version already checked ({@link SysValue#VERSION}): safe as a label value */
    synchronized void set(String version) {
        if (version.equals(this.version)) {
            return;
        }
        if (gauge != null) {
            registry.remove(gauge);
        }
        this.version = version;
        gauge = Gauge.builder(topic.metric(), () -> 1)
                .description(topic.description() + " (" + topic.topic() + ")")
                .tag(BrokerFigures.VERSION_TAG, version)
                .strongReference(true)
                .register(registry);
    }
}
