package io.securemqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 for a test's own servers, or for a client to find nothing listening. */
public final class LoopbackPort {

    private LoopbackPort() {
    }

    /** A port that nobody listened on a moment ago: the kernel's choice, so that parallel runs do not meet. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
