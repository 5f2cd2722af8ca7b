package io.securemqtt.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocketFactory;

/**
 * An SSL socket factory that hands every {@code createSocket} to another factory and may adjust
 * each socket it returns: the one place that lists the seven overloads, for the factories that
 * limit protocols, reload key material or set socket options.
 */
public abstract class DelegatingSocketFactory extends SSLSocketFactory {

    /** The factory to create the next socket with. */
    protected abstract SSLSocketFactory delegate() throws IOException;

    /**
     * The factory whose cipher suites this one reports: the delegate by default. Cipher suites do not
     * depend on key material, so a factory whose {@link #delegate()} does I/O may name a cheaper one.
     */
    protected SSLSocketFactory cipherSuiteSource() {
        try {
            return delegate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return cipherSuiteSource().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return cipherSuiteSource().getSupportedCipherSuites();
    }

    /** What to do to each new socket before the caller gets it; nothing by default. */
    protected Socket adjust(Socket socket) throws IOException {
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        // Paho's path: an unconnected socket it then connects with its own timeout.
        return adjust(delegate().createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return adjust(delegate().createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return adjust(delegate().createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return adjust(delegate().createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return adjust(delegate().createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return adjust(delegate().createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return adjust(delegate().createSocket(address, port, localAddress, localPort));
    }
}
