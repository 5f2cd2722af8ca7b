package io.securemqtt.common.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.Pem;

/**
 * Reads the CA, certificate and key files again for every connection it makes, so that renewed files
 * take effect at Paho's next automatic reconnect, without restarting the client.
 *
 * <p>Paho 1.2.5 calls only {@link #createSocket()}, once per connection attempt (its
 * {@code TCPNetworkModule.start}), so the files are read once per attempt. Their contents are
 * compared with those of the material in use: only changed files are checked and turned into a new
 * TLS context, by {@link TlsContexts}, limited to TLS 1.3 and 1.2 and to its cipher suites like every
 * socket of ours.
 *
 * <p>Files that cannot be used (half written by a renewal, expired, from another CA) do not cut the
 * client off: it keeps connecting with the last good material, and logs one warning per distinct
 * problem. Only without any good material does a connection fail, with an {@link SSLException} that
 * carries the problem; Paho then retries as for any failed connect.
 */
public final class ReloadingSocketFactory extends DelegatingSocketFactory {


    private final Path caFile;
    private final Path certFile;
    private final Path keyFile;
    private final TlsFileNames names;
    private final Clock clock;
    private final Logger log;

    /** The last good material; written under the lock, read without it only for the cipher suite lists. */
    private volatile Loaded current;
    /** The server's certificate at the last completed handshake, for its expiry gauge. */
    private volatile X509Certificate serverCertificate;
    /** The message of the last warning, so that a problem that lasts is logged once, not at every reconnect. */
    private String problem;

    /** The material and where it came from. */
    private record Loaded(TlsContexts.Material material, SSLSocketFactory sockets, byte[] contents) {
    }

    /** A factory that reads the files at its first connection; see {@link #loadNow} to read them at once. */
    public ReloadingSocketFactory(Path caFile, Path certFile, Path keyFile, TlsFileNames names) {
        this(caFile, certFile, keyFile, names, Clock.systemUTC(), LoggerFactory.getLogger(ReloadingSocketFactory.class));
    }

    /** For tests: their own clock, to travel past a certificate's end, and their own logger, to read what is logged. */
    ReloadingSocketFactory(Path caFile, Path certFile, Path keyFile, TlsFileNames names, Clock clock, Logger log) {
        this.caFile = caFile;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.names = names;
        this.clock = clock;
        this.log = log;
    }

    /**
     * A factory that has read the files already, so that a bad configuration fails at startup and
     * not at the first connect. Nothing is logged: the caller reports a failure, and the startup line
     * says what was configured.
     *
     * @throws TlsMaterialException naming the file and the fix, as {@link TlsContexts#fromPem} does
     */
    public static ReloadingSocketFactory loadNow(Path caFile, Path certFile, Path keyFile, TlsFileNames names) {
        ReloadingSocketFactory factory = new ReloadingSocketFactory(caFile, certFile, keyFile, names);
        synchronized (factory) {
            factory.current = factory.read(factory.contents(), factory.clock.instant());
        }
        return factory;
    }

    /**
     * The client certificate of the material last read, first in the certificate file: what the next
     * connection presents unless the files change meanwhile.
     *
     * @throws IllegalStateException if no material was read yet (a factory not made by {@link #loadNow}, before its first connection)
     */
    public X509Certificate certificate() {
        Loaded loaded = current;
        if (loaded == null) {
            throw new IllegalStateException("no TLS material read yet from " + certFile);
        }
        return loaded.material().certificate();
    }

    /**
     * The server's own certificate as it presented it at the last completed handshake, or empty
     * before the first: what a client can know of the broker's renewal without reading its files.
     */
    public Optional<X509Certificate> serverCertificate() {
        return Optional.ofNullable(serverCertificate);
    }

    @Override
    protected Socket adjust(Socket socket) throws IOException {
        // Each MQTT packet is written and flushed whole: Nagle's algorithm would only hold a small
        // packet (the CONNECT after the TLS Finished, an acknowledgement) back until the previous one is acknowledged.
        socket.setTcpNoDelay(true);
        if (socket instanceof SSLSocket tls) {
            tls.addHandshakeCompletedListener(this::handshakeCompleted);
        }
        return socket;
    }

    private void handshakeCompleted(HandshakeCompletedEvent event) {
        try {
            if (event.getPeerCertificates()[0] instanceof X509Certificate certificate) {
                serverCertificate = certificate;
            }
        } catch (SSLPeerUnverifiedException e) {
            // Cannot happen once the handshake verified the server; nothing to record if it does.
        }
    }

    /**
     * The material to connect with: the files' as they are now if they can be used, else the last good.
     *
     * @throws SSLException carrying the problem (naming the file) if no good material was ever read
     */
    synchronized SSLSocketFactory sockets() throws SSLException {
        Instant now = clock.instant();
        byte[] contents = contents();
        Loaded previous = current;
        if (previous != null && contents != null && Arrays.equals(contents, previous.contents())
                && !now.isAfter(previous.material().validUntil())) {
            // The files are what is in use: nothing to check again, only perhaps a problem that is gone.
            recovered(previous);
            return previous.sockets();
        }
        Loaded loaded;
        try {
            loaded = read(contents, now);
        } catch (TlsMaterialException e) {
            return fallBack(previous, e);
        }
        current = loaded;
        if (previous == null) {
            // The first material of a factory not loaded at startup: worth a line only after a warning.
            if (problem != null) {
                logCertificate("loaded", loaded);
            }
            problem = null;
            return loaded.sockets();
        }
        boolean newCertificate = !previous.material().certificate().equals(loaded.material().certificate());
        boolean newAuthorities = !previous.material().authorities().equals(loaded.material().authorities());
        if (newCertificate) {
            logCertificate("reloaded", loaded);
        }
        if (newAuthorities) {
            log.info("TLS CA certificates reloaded: file={} subjects={}", caFile, loaded.material().authorities().stream()
                    .map(authority -> authority.getSubjectX500Principal().getName()).collect(Collectors.joining("; ")));
        }
        if (!newCertificate && !newAuthorities) {
            recovered(loaded);
        }
        problem = null;
        return loaded.sockets();
    }

    /**
     * Checks the files and builds their TLS context.
     *
     * @param contents the files' contents read just before, or null if one could not be read
     */
    private Loaded read(byte[] contents, Instant now) {
        TlsContexts.Material material = TlsContexts.load(caFile, certFile, keyFile, names, now);
        // A renewal that wrote a file while we read it: use what was checked, but read it all again next time.
        byte[] stable = contents != null && Arrays.equals(contents, contents()) ? contents : null;
        return new Loaded(material, TlsContexts.socketFactory(material.context()), stable);
    }

    private SSLSocketFactory fallBack(Loaded previous, TlsMaterialException e) throws SSLException {
        String message = e.getMessage();
        boolean repeated = message.equals(problem);
        problem = message;
        if (previous == null) {
            if (!repeated) {
                log.warn("TLS material unusable, cannot connect until it is fixed: {}", message);
            }
            throw new SSLException(message, e);
        }
        if (!repeated) {
            log.warn("TLS material unusable, connecting with the previous client certificate serial={} meanwhile: {}",
                    Certificates.serial(previous.material().certificate()), message);
        }
        return previous.sockets();
    }

    private void logCertificate(String what, Loaded loaded) {
        X509Certificate certificate = loaded.material().certificate();
        log.info("TLS client certificate {}: file={} subject={} serial={} notAfter={}", what, certFile,
                certificate.getSubjectX500Principal().getName(), Certificates.serial(certificate), certificate.getNotAfter().toInstant());
    }

    /** One line when the files are usable again after a warning, the certificate in use unchanged. */
    private void recovered(Loaded loaded) {
        if (problem != null) {
            problem = null;
            log.info("TLS material usable again: file={} serial={}", certFile, Certificates.serial(loaded.material().certificate()));
        }
    }

    /**
     * A digest of the three files' contents, or null if one cannot be read: then they are checked
     * again, and {@link TlsContexts} names the file and the fix.
     */
    private byte[] contents() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : List.of(caFile, certFile, keyFile)) {
                if (Files.size(file) > Pem.MAX_FILE_SIZE) { // not a PEM file, and TlsContexts will say so
                    return null;
                }
                byte[] bytes = Files.readAllBytes(file);
                // The length first: no two different sets of files digest the same bytes.
                digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) ':');
                digest.update(bytes);
            }
            return digest.digest();
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            // Every JDK has SHA-256.
            throw new IllegalStateException("the JDK has no SHA-256: " + e.getMessage(), e);
        }
    }

    /** The socket factory of the material to connect with, read again for every socket. */
    @Override
    protected SSLSocketFactory delegate() throws SSLException {
        return sockets();
    }

    /** The last material read: no reason to read the files again for the cipher suites. */
    @Override
    protected SSLSocketFactory cipherSuiteSource() {
        Loaded loaded = current;
        return loaded != null ? loaded.sockets() : (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
}
