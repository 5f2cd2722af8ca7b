package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void remembersIds() {
        RecentIds ids = new RecentIds(3);
        assertTrue(ids.firstSighting("a"));
        assertFalse(ids.firstSighting("a"));
    }

    @Test
    void forgetsTheOldestBeyondCapacity() {
        RecentIds ids = new RecentIds(3);
        for (String id : new String[] {"a", "b", "c", "d"}) {
            assertTrue(ids.firstSighting(id));
        }
        assertEquals(3, ids.size());
        assertFalse(ids.firstSighting("d"));
        assertTrue(ids.firstSighting("a"), "a was evicted when d arrived");
    }

    @Test
    void staysBoundedUnderLoad() {
        RecentIds ids = new RecentIds(RecentIds.DEFAULT_CAPACITY);
        for (int i = 0; i < 50_000; i++) {
            ids.firstSighting("id-" + i);
        }
        assertEquals(RecentIds.DEFAULT_CAPACITY, ids.size());
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecentIds(0));
    }
}
