package io.securemqtt.subscriber;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last {@code capacity} article ids, to drop the duplicates QoS 1 allows: the broker
 * resends a message whose acknowledgement it did not get before a connection dropped.
 * Redeliveries come soon after the original, so a bounded memory is enough.
 */
final class RecentIds {

    static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code id}; true if it was not among the recent ones. */
    synchronized boolean firstSighting(String id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }

    synchronized int size() {
        return ids.size();
    }
}
