package io.securemqtt.subscriber;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the most recent article ids, to drop the duplicates QoS 1 allows: the broker resends a
 * message whose acknowledgement it did not get before a connection dropped. Redeliveries come soon
 * after the original, so a bounded memory is enough.
 *
 * <p>Bounded twice: by the number of ids and by their total length, so that long ids make it
 * remember fewer, never hold more bytes. The oldest go first.
 */
final class RecentIds {

    static final int DEFAULT_MAX_IDS = 10_000;
    /**
     * Ids are ASCII ({@code Article.ID_ALPHABET}), one byte a character in a Java string: 512 KiB of
     * ids at most, plus about 100 bytes of string and map entry around each, some 1.5 MiB in all. A
     * UUID is 36 characters, so 10,000 UUIDs fit; 10,000 ids of 64 characters would not, and it then
     * keeps the latest 8,192.
     */
    static final long DEFAULT_MAX_CHARACTERS = 512 * 1024;

    private final int maxIds;
    private final long maxCharacters;
    private final LinkedHashMap<String, Boolean> ids = new LinkedHashMap<>();
    private long characters;

    RecentIds(int maxIds) {
        this(maxIds, DEFAULT_MAX_CHARACTERS);
    }

    RecentIds(int maxIds, long maxCharacters) {
        if (maxIds < 1) {
            throw new IllegalArgumentException("maxIds must be positive, got " + maxIds);
        }
        if (maxCharacters < 1) {
            throw new IllegalArgumentException("maxCharacters must be positive, got " + maxCharacters);
        }
        this.maxIds = maxIds;
        this.maxCharacters = maxCharacters;
    }

    /** Records {@code id}; true if it was not among the recent ones. */
    synchronized boolean firstSighting(String id) {
        if (ids.putIfAbsent(id, Boolean.TRUE) != null) {
            return false;
        }
        characters += id.length();
        Iterator<Map.Entry<String, Boolean>> oldest = ids.entrySet().iterator();
        while (ids.size() > maxIds || characters > maxCharacters) {
            characters -= oldest.next().getKey().length();
            oldest.remove();
        }
        return true;
    }

    synchronized int size() {
        return ids.size();
    }

    /** The total length of the ids remembered. */
    synchronized long characters() {
        return characters;
    }
}
