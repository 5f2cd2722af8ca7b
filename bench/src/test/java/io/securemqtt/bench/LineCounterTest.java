package io.securemqtt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** mosquitto_sub's output counted as receipts: one a line, whatever the chunks it arrives in. */
class LineCounterTest {

    private static final Duration IDLE = Duration.ofSeconds(30);

    @Test
    void countsTheLinesOfEveryChunkAndWhenTheFirstAndLatestCame() throws Exception {
        try (PipedOutputStream subscriber = new PipedOutputStream();
                LineCounter counter = new LineCounter(new PipedInputStream(subscriber), "test")) {
            subscriber.write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
            subscriber.flush();
            assertTrue(counter.await(2, IDLE));
            long first = counter.lines().firstNanos();

            subscriber.write("three\nfour\nfive\n".getBytes(StandardCharsets.US_ASCII));
            subscriber.flush();

            assertTrue(counter.await(5, IDLE));
            assertEquals(5, counter.lines().count());
            assertEquals(first, counter.lines().firstNanos());
            assertTrue(counter.lines().lastNanos() > first, "the latest chunk came after the first");
        }
    }

    @Test
    void outputThatEndsShortOfTheExpectedLinesIsNotAllArrived() throws InterruptedException, IOException {
        try (LineCounter counter = new LineCounter(
                new ByteArrayInputStream("one\ntwo\nunfinished".getBytes(StandardCharsets.US_ASCII)), "test")) {
            assertFalse(counter.await(3, IDLE));
            assertEquals(2, counter.lines().count());
        }
    }
}
