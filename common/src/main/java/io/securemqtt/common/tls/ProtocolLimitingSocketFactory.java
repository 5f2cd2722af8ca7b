package io.securemqtt.common.tls;

import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Enables only the given TLS versions, and optionally only the given cipher suites, on every socket
 * it creates. The JDK's defaults depend on {@code java.security} settings of the machine; this makes
 * "TLS 1.2 or newer, forward secret and authenticated encryption only" a property of our code instead.
 */
public final class ProtocolLimitingSocketFactory extends DelegatingSocketFactory {

    private final SSLSocketFactory delegate;
    private final String[] protocols;
    /** Null: the JDK's default suites. */
    private final String[] cipherSuites;

    /** Limits the protocols only, keeping the JDK's default cipher suites (tests that play odd clients). */
    public ProtocolLimitingSocketFactory(SSLSocketFactory delegate, List<String> protocols) {
        this.delegate = delegate;
        this.protocols = protocols.toArray(new String[0]);
        this.cipherSuites = null;
    }

    /**
     * @param cipherSuites the suites to offer, in order of preference; those this JDK does not support
     *                     are left out (ChaCha20 is missing from some FIPS setups), and if none is left
     *                     the factory refuses to exist rather than fall back to the defaults
     * @throws IllegalArgumentException if this JDK supports none of {@code cipherSuites}
     */
    public ProtocolLimitingSocketFactory(SSLSocketFactory delegate, List<String> protocols, List<String> cipherSuites) {
        this.delegate = delegate;
        this.protocols = protocols.toArray(new String[0]);
        Set<String> supported = Set.of(delegate.getSupportedCipherSuites());
        this.cipherSuites = cipherSuites.stream().filter(supported::contains).toArray(String[]::new);
        if (this.cipherSuites.length == 0) {
            throw new IllegalArgumentException("this JDK supports none of the cipher suites " + cipherSuites);
        }
    }

    @Override
    protected SSLSocketFactory delegate() {
        return delegate;
    }

    /** The suites every socket gets, so that whoever asks (Paho's logging, tests) sees the truth. */
    @Override
    public String[] getDefaultCipherSuites() {
        return cipherSuites == null ? super.getDefaultCipherSuites() : cipherSuites.clone();
    }

    @Override
    protected Socket adjust(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(protocols);
            if (cipherSuites != null) {
                ssl.setEnabledCipherSuites(cipherSuites);
            }
        }
        return socket;
    }

    @Override
    public String toString() {
        return "ProtocolLimitingSocketFactory" + Arrays.toString(protocols)
                + (cipherSuites == null ? "" : Arrays.toString(cipherSuites));
    }
}
