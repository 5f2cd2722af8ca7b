package io.securemqtt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The product's socket factory with socket options set on each new socket. Paho 1.2.5 asks for an
 * unconnected socket ({@link #createSocket()}) and connects it itself, so options set here apply
 * before the TCP handshake, when buffer sizes still count.
 */
final class TunedSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final int bufferBytes;
    private final boolean noDelay;

    TunedSocketFactory(SocketFactory delegate, int bufferBytes, boolean noDelay) {
        this.delegate = (SSLSocketFactory) delegate;
        this.bufferBytes = bufferBytes;
        this.noDelay = noDelay;
    }

    private Socket tune(Socket socket) throws IOException {
        if (bufferBytes > 0) {
            socket.setSendBufferSize(bufferBytes);
            socket.setReceiveBufferSize(bufferBytes);
        }
        if (noDelay) {
            socket.setTcpNoDelay(true);
        }
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return tune(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return tune(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return tune(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tune(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tune(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tune(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tune(delegate.createSocket(address, port, localAddress, localPort));
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
