package io.securemqtt.common.mqtt;

import java.util.Map;

/**
 * Names of the MQTT 5 reason codes this project can meet, for messages a person reads. Codes from
 * 0x80 up are failures.
 */
public final class ReasonCodes {

    public static final int NOT_AUTHORIZED = 0x87;
    public static final int SESSION_TAKEN_OVER = 0x8E;
    public static final int PACKET_TOO_LARGE = 0x95;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x00, "success"),
            Map.entry(0x01, "granted QoS 1"),
            Map.entry(0x02, "granted QoS 2"),
            Map.entry(0x10, "no matching subscribers"),
            Map.entry(0x80, "unspecified error"),
            Map.entry(0x81, "malformed packet"),
            Map.entry(0x82, "protocol error"),
            Map.entry(0x83, "implementation specific error"),
            Map.entry(0x84, "unsupported protocol version"),
            Map.entry(0x85, "client identifier not valid"),
            Map.entry(0x86, "bad user name or password"),
            Map.entry(NOT_AUTHORIZED, "not authorized"),
            Map.entry(0x88, "server unavailable"),
            Map.entry(0x89, "server busy"),
            Map.entry(0x8A, "banned"),
            Map.entry(0x8C, "bad authentication method"),
            Map.entry(SESSION_TAKEN_OVER, "session taken over"),
            Map.entry(0x8F, "topic filter invalid"),
            Map.entry(0x90, "topic name invalid"),
            Map.entry(0x91, "packet identifier in use"),
            Map.entry(PACKET_TOO_LARGE, "packet too large"),
            Map.entry(0x97, "quota exceeded"),
            Map.entry(0x99, "payload format invalid"),
            Map.entry(0x9E, "shared subscriptions not supported"),
            Map.entry(0xA1, "subscription identifiers not supported"),
            Map.entry(0xA2, "wildcard subscriptions not supported"));

    private ReasonCodes() {
    }

    public static boolean isFailure(int code) {
        return code >= 0x80;
    }

    /** E.g. {@code 0x87 (not authorized)}. */
    public static String describe(int code) {
        return String.format("0x%02X (%s)", code, NAMES.getOrDefault(code, "reason code " + code));
    }

    /** The first failure among {@code codes}, or -1 if there is none (a null or empty array is success). */
    public static int firstFailure(int[] codes) {
        if (codes != null) {
            for (int code : codes) {
                if (isFailure(code)) {
                    return code;
                }
            }
        }
        return -1;
    }
}
