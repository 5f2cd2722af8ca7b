package io.securemqtt.common;

import java.net.Socket;
import java.util.List;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Enables only the given TLS versions on every socket it creates. The JDK's defaults depend on
 * {@code java.security} settings of the machine; this makes "TLS 1.2 or newer" a property of our
 * code instead.
 */
public final class ProtocolLimitingSocketFactory extends DelegatingSocketFactory {

    private final SSLSocketFactory delegate;
    private final String[] protocols;

    public ProtocolLimitingSocketFactory(SSLSocketFactory delegate, List<String> protocols) {
        this.delegate = delegate;
        this.protocols = protocols.toArray(new String[0]);
    }

    @Override
    protected SSLSocketFactory delegate() {
        return delegate;
    }

    @Override
    protected Socket adjust(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(protocols);
        }
        return socket;
    }
}
