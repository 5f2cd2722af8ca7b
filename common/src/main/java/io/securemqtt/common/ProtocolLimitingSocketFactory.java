package io.securemqtt.common;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Enables only the given TLS versions on every socket it creates. The JDK's defaults depend on
 * {@code java.security} settings of the machine; this makes "TLS 1.2 or newer" a property of our
 * code instead.
 */
public final class ProtocolLimitingSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final String[] protocols;

    public ProtocolLimitingSocketFactory(SSLSocketFactory delegate, List<String> protocols) {
        this.delegate = delegate;
        this.protocols = protocols.toArray(new String[0]);
    }

    private Socket limit(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(protocols);
        }
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        // Paho's path: an unconnected socket it then connects with its own timeout.
        return limit(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return limit(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return limit(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return limit(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return limit(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return limit(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return limit(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
