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
        RecentIds ids = new RecentIds(RecentIds.DEFAULT_MAX_IDS);
        for (int i = 0; i < 50_000; i++) {
            ids.firstSighting("id-" + i);
        }
        assertEquals(RecentIds.DEFAULT_MAX_IDS, ids.size());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecentIds(0));
        assertThrows(IllegalArgumentException.class, () -> new RecentIds(10, 0));
    }

    @Test
    void longIdsAreBoundedByTheirTotalLengthNotTheirCount() {
        RecentIds ids = new RecentIds(RecentIds.DEFAULT_MAX_IDS);
        // The attack, had ids no length limit: 1,500 ids of 60 KB each.
        for (int i = 0; i < 1_500; i++) {
            ids.firstSighting(String.format("%05d", i) + "x".repeat(60_000));
        }
        assertTrue(ids.characters() <= RecentIds.DEFAULT_MAX_CHARACTERS, ids.characters() + " characters kept");
        assertEquals(RecentIds.DEFAULT_MAX_CHARACTERS / 60_005, ids.size());
        assertFalse(ids.firstSighting("01499" + "x".repeat(60_000)), "the newest is still remembered");
    }

    @Test
    void theLongestValidIdsFillTheCharacterBudgetBeforeTheCount() {
        RecentIds ids = new RecentIds(RecentIds.DEFAULT_MAX_IDS);
        for (int i = 0; i < 50_000; i++) {
            ids.firstSighting(String.format("%064d", i));
        }
        assertEquals(8_192, ids.size());
        assertEquals(RecentIds.DEFAULT_MAX_CHARACTERS, ids.characters());
    }

    @Test
    void forgettingGivesBackTheCharacters() {
        RecentIds ids = new RecentIds(2, 10);
        assertTrue(ids.firstSighting("aaaa"));
        assertTrue(ids.firstSighting("bbbb"));
        assertTrue(ids.firstSighting("cccc"), "evicts aaaa: three ids are over the count");
        assertEquals(8, ids.characters());
        assertTrue(ids.firstSighting("dddddddd"), "evicts bbbb and cccc: 16 characters are over the budget");
        assertEquals(1, ids.size());
        assertEquals(8, ids.characters());
        assertTrue(ids.firstSighting("aaaa"), "aaaa was forgotten");
    }
}
