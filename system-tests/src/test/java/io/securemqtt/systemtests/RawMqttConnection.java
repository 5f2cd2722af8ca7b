package io.securemqtt.systemtests;

import io.securemqtt.testing.MqttWire;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * MQTT 5 written by hand over mutual TLS, for a hostile client that ignores the limits the broker
 * announces: Paho refuses to send a packet above the broker's Maximum Packet Size, so it cannot show
 * that the broker itself refuses one. Speaks CONNECT, PUBLISH with QoS 1, and reads what comes back.
 *
 * <p>A reader thread takes every packet the broker sends from the moment the CONNACK is in, so that a
 * DISCONNECT sent while we are still writing a huge PUBLISH is not lost when the connection breaks.
 */
final class RawMqttConnection implements AutoCloseable {

    /** A packet from the broker: its type (upper four bits of the first byte) and reason code, or the connection's end. */
    record Reply(int type, int reasonCode, String closed) {

        static final int PUBACK = 4;
        static final int DISCONNECT = 14;

        static Reply closed(String how) {
            return new Reply(-1, -1, how);
        }

        boolean isPuback() {
            return type == PUBACK;
        }

        boolean isDisconnect() {
            return type == DISCONNECT;
        }

        @Override
        public String toString() {
            return closed != null ? "connection closed (" + closed + ")" : "packet type " + type + String.format(" reason 0x%02X", reasonCode);
        }
    }

    private static final int TIMEOUT_MS = 30_000;
    private static final int CHUNK = 64 * 1024;

    private final SSLSocket socket;
    private final OutputStream out;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private int nextPacketId = 1;

    private RawMqttConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /**
     * Connects with a clean session as {@code clientId} and waits for a successful CONNACK.
     *
     * @throws IOException if the broker refuses the connection or the TLS handshake fails
     */
    static RawMqttConnection connect(SSLContext tls, String host, int port, String clientId) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        RawMqttConnection connection = new RawMqttConnection(socket);
        try {
            connection.sendConnect(clientId);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = in.readUnsignedByte() >> 4;
            byte[] body = new byte[MqttWire.readRemainingLength(in)];
            in.readFully(body);
            if (type != 2 || body.length < 2 || body[1] != 0) {
                throw new IOException("no successful CONNACK: type " + type + " reason " + (body.length > 1 ? body[1] & 0xFF : -1));
            }
            Thread reader = new Thread(() -> connection.readAll(in), "raw-mqtt-reader-" + clientId);
            reader.setDaemon(true);
            reader.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends a QoS 1 PUBLISH whose payload is {@code prefix}, then {@code size - prefix - suffix}
     * times {@code filler}, then {@code suffix}, written in chunks without building it in memory;
     * then returns the broker's first answer. Writing stops quietly if the broker closes the
     * connection meanwhile: the answer says why.
     */
    Reply publish(String topic, String prefix, char filler, String suffix, long size) throws InterruptedException {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        long fill = size - head.length - tail.length;
        if (fill < 0) {
            throw new IllegalArgumentException("size " + size + " is smaller than the prefix and suffix");
        }
        int packetId = nextPacketId++;
        long remaining = 2 + topicBytes.length + 2 + 1 + size; // topic, packet id, no properties, payload
        try {
            out.write(0x32); // PUBLISH, QoS 1
            MqttWire.writeRemainingLength(out, remaining);
            out.write(topicBytes.length >> 8);
            out.write(topicBytes.length);
            out.write(topicBytes);
            out.write(packetId >> 8);
            out.write(packetId);
            out.write(0);
            out.write(head);
            byte[] chunk = new byte[CHUNK];
            java.util.Arrays.fill(chunk, (byte) filler);
            while (fill > 0) {
                int n = (int) Math.min(CHUNK, fill);
                out.write(chunk, 0, n);
                fill -= n;
            }
            out.write(tail);
            out.flush();
        } catch (IOException e) {
            // The broker cut us off; what it said before is in the replies.
        }
        Reply reply = replies.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new AssertionError("no answer from the broker within " + TIMEOUT_MS / 1000 + " s to a publish of " + size + " bytes");
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void sendConnect(String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] variableHeader = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02 /* clean start */, 0, 60 /* keep alive */, 0 /* no properties */};
        out.write(0x10);
        MqttWire.writeRemainingLength(out, variableHeader.length + 2 + id.length);
        out.write(variableHeader);
        out.write(id.length >> 8);
        out.write(id.length);
        out.write(id);
        out.flush();
    }

    private void readAll(DataInputStream in) {
        try {
            socket.setSoTimeout(0);
            while (true) {
                int first = in.read();
                if (first < 0) {
                    replies.add(Reply.closed("end of stream"));
                    return;
                }
                byte[] body = new byte[MqttWire.readRemainingLength(in)];
                in.readFully(body);
                int type = first >> 4;
                // PUBACK: packet id, then the reason code if any; DISCONNECT: the reason code if any. None means success.
                int at = type == Reply.PUBACK ? 2 : 0;
                replies.add(new Reply(type, body.length > at ? body[at] & 0xFF : 0, null));
            }
        } catch (EOFException e) {
            replies.add(Reply.closed("end of stream"));
        } catch (IOException e) {
            replies.add(Reply.closed(String.valueOf(e.getMessage())));
        }
    }
}
