package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentlyAcknowledgedTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(5 * SECOND);
    private final RecentlyAcknowledged recent = new RecentlyAcknowledged(Duration.ofSeconds(2), 1_000, clock::get);

    @Test
    void nothingIsPublishedAgainWithoutALoss() {
        acknowledge("a", 10);
        assertEquals(List.of(), ids(recent.takeForRepublish()));
    }

    @Test
    void aLossKeepsTheWindowBeforeTheLastAcknowledgementEvenWhenNoticedLate() {
        acknowledge("old", 10);
        clock.addAndGet(3 * SECOND);
        acknowledge("a", 10);
        clock.addAndGet(SECOND);
        acknowledge("b", 10);
        clock.addAndGet(60 * SECOND); // a vanished host is noticed only at the keep-alive timeout
        recent.connectionLost();
        clock.addAndGet(10 * SECOND);

        assertEquals(List.of("a", "b"), ids(recent.takeForRepublish()));
        assertEquals(List.of(), ids(recent.takeForRepublish()), "taken once per reconnect");
        assertEquals(0, recent.bytes());
    }

    @Test
    void anAcknowledgementReportedAfterTheLossIsPublishedAgainToo() {
        acknowledge("a", 10);
        recent.connectionLost();
        clock.addAndGet(5 * SECOND); // nothing is dropped for age until the reconnect
        acknowledge("late", 10);

        assertEquals(List.of("a", "late"), ids(recent.takeForRepublish()));
    }

    @Test
    void whatFailsToGoOutAgainIsKeptForTheNextReconnect() {
        acknowledge("a", 10);
        recent.connectionLost();
        assertEquals(List.of("a"), ids(recent.takeForRepublish()));
        recent.connectionLost(); // lost again while publishing again: the buffer is empty
        clock.addAndGet(SECOND);
        acknowledge("a", 10); // the failure puts it back

        assertEquals(List.of("a"), ids(recent.takeForRepublish()));
    }

    @Test
    void memoryIsBoundedInPayloadBytesDroppingTheOldestFirst() {
        for (int i = 0; i < 25; i++) {
            acknowledge("n" + i, 100);
        }
        assertTrue(recent.bytes() <= 1_000, "bytes kept: " + recent.bytes());
        recent.connectionLost();

        List<String> kept = ids(recent.takeForRepublish());
        assertEquals(10, kept.size());
        assertEquals("n15", kept.get(0));
        assertEquals("n24", kept.get(9));
    }

    private void acknowledge(String id, int bytes) {
        recent.acknowledged("articulos/marca/futbol", id, new byte[bytes]);
    }

    private static List<String> ids(List<RecentlyAcknowledged.Sent> sent) {
        return sent.stream().map(RecentlyAcknowledged.Sent::id).toList();
    }
}
