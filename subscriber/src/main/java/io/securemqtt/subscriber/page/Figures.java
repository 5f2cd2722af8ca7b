package io.securemqtt.subscriber.page;

/**
 * The numbers at the top of the page, as {@code GET /figures} sends them in JSON: numbers and
 * booleans only, all of them the subscriber's own (its counts, its clock, its certificate file), so
 * nothing a publisher sent can reach the page through them. E.g.
 * {@code {"now":1746383401250,"lastMinute":2,"lastHour":41,"perMinute":[0,…,2],
 * "latency":{"articles":41,"p50Millis":12,"p99Millis":48},"connected":true,"since":1746380000000,
 * "certificateDaysLeft":364.2}}.
 *
 * @param now                 the subscriber's clock, epoch milliseconds: the page measures "for how long" from it, not
 *                            from the browser's clock
 * @param lastMinute          articles received in the current second and the 59 before it
 * @param lastHour            articles received in the current minute and the 59 before it
 * @param perMinute           the same 60 minutes one by one, oldest first
 * @param latency             over the last hour's articles (at most {@link LatencyWindow#CAPACITY}); null if none
 * @param connected           whether the subscriber is connected to the broker
 * @param since               epoch milliseconds: since when connected, or not connected
 * @param certificateDaysLeft days until the client certificate expires, with their fraction; null if its file cannot be read
 */
record Figures(long now, long lastMinute, long lastHour, long[] perMinute, Latency latency, boolean connected, long since,
        Double certificateDaysLeft) {

    /**
     * @param articles  how many latencies the percentiles are of
     * @param p50Millis from publishedAt to receipt, half the articles took no longer
     * @param p99Millis 99 in 100 took no longer
     */
    record Latency(int articles, long p50Millis, long p99Millis) {
    }
}
