package io.securemqtt.bench;

/** What a benchmark does with each message its subscriber receives; called on Paho's callback thread. */
@FunctionalInterface
interface Receipts {

    /**
     * @param receivedNanos {@link System#nanoTime()} when Paho handed the message over
     */
    void received(long receivedNanos, byte[] payload);
}
