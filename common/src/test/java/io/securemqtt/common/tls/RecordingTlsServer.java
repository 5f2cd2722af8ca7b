package io.securemqtt.common.tls;

import io.securemqtt.testing.MqttWire;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.x509.Certificates;

/**
 * A TLS server on the loopback interface that demands a client certificate, as Mosquitto does, and
 * records the serial number of the certificate each client presents. It speaks just enough MQTT for
 * Paho to connect (a CONNACK to the CONNECT, then silence); any other first byte it echoes.
 */
public final class RecordingTlsServer implements AutoCloseable {

    /** The names the programs give the files, so that the messages checked here are those users read. */
    private static final TlsFileNames NAMES = MqttSettings.TLS_FILE_NAMES;

    public static final int TIMEOUT_MS = 10_000;

    /** MQTT 5 CONNACK: no session present, reason 0 (success), no properties. */
    private static final byte[] CONNACK = {0x20, 0x03, 0x00, 0x00, 0x00};
    private static final int CONNECT = 0x10;

    private final SSLServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<String> serials = new LinkedBlockingQueue<>();
    private final Set<SSLSocket> connections = ConcurrentHashMap.newKeySet();

    /** Serves with {@code dir}'s server certificate and trusts its CA, as read now: later changes to the files do not matter. */
    public RecordingTlsServer(Path dir) throws IOException {
        SSLContext context = TlsContexts.fromPem(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"), NAMES);
        socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        socket.setNeedClientAuth(true);
        threads.submit(this::acceptAll);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The serial number of {@code certificate} as {@link #nextSerial} reports it, for tests outside tls. */
    public static String serial(X509Certificate certificate) {
        return Certificates.serial(certificate);
    }

    /**
     * The serial number (hex, as {@link Certificates#serial} writes it) of the client
     * certificate of the next handshake, or {@code "handshake failed: ..."}.
     */
    public String nextSerial() throws InterruptedException {
        String serial = serials.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (serial == null) {
            throw new AssertionError("no TLS handshake within " + TIMEOUT_MS + " ms");
        }
        return serial;
    }

    /** Closes every open connection, as a restarting broker would. */
    public void dropConnections() throws IOException {
        for (SSLSocket connection : connections) {
            connection.close();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        dropConnections();
        threads.shutdownNow();
    }

    private Void acceptAll() throws IOException {
        while (!socket.isClosed()) {
            SSLSocket connection = (SSLSocket) socket.accept();
            connections.add(connection);
            threads.submit(() -> serve(connection));
        }
        return null;
    }

    private Void serve(SSLSocket connection) throws IOException {
        try (connection) {
            connection.setSoTimeout(TIMEOUT_MS);
            try {
                connection.startHandshake();
                X509Certificate client = (X509Certificate) connection.getSession().getPeerCertificates()[0];
                serials.add(Certificates.serial(client));
            } catch (IOException e) {
                serials.add("handshake failed: " + e.getMessage());
                return null;
            }
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            int first = in.read();
            if (first == CONNECT) {
                // The rest of the CONNECT: its remaining length, then that many bytes.
                new DataInputStream(in).readFully(new byte[MqttWire.readRemainingLength(in)]);
                out.write(CONNACK);
                out.flush();
                connection.setSoTimeout(0);
                // Silence until the client or dropConnections() closes the connection.
                while (in.read() >= 0) {
                    // PINGREQ, DISCONNECT: nothing to answer for these tests.
                }
            } else if (first >= 0) {
                out.write(first);
                out.flush();
                // Until the client closes: a TLS 1.3 server's close waits for the client's close_notify.
                in.read();
            }
        } catch (IOException e) {
            // The connection ended, by dropConnections() or the client: nothing to record.
        } finally {
            connections.remove(connection);
        }
        return null;
    }
}
