package io.securemqtt.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MQTT's variable-length "remaining length" (MQTT 5.0, 1.5.5), for tests that speak MQTT bytes by
 * hand: a client that sends what Paho never would, a server that answers only what a test needs.
 */
public final class MqttWire {

    private MqttWire() {
    }

    /** Reads a remaining length, 7 bits a byte, least significant first. */
    public static int readRemainingLength(InputStream in) throws IOException {
        int length = 0;
        int shift = 0;
        int digit;
        do {
            digit = in.read();
            if (digit < 0) {
                throw new EOFException("connection closed in the middle of a packet");
            }
            length |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        return length;
    }

    /** Writes {@code length} as a remaining length. */
    public static void writeRemainingLength(OutputStream out, long length) throws IOException {
        do {
            int digit = (int) (length % 128);
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }
}
