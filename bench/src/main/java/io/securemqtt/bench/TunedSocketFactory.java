package io.securemqtt.bench;

import java.io.IOException;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import io.securemqtt.common.tls.DelegatingSocketFactory;

/**
 * The product's socket factory with socket options set on each new socket. Paho 1.2.5 asks for an
 * unconnected socket ({@link #createSocket()}) and connects it itself, so options set here apply
 * before the TCP handshake, when buffer sizes still count.
 */
final class TunedSocketFactory extends DelegatingSocketFactory {

    private final SSLSocketFactory delegate;
    private final int bufferBytes;
    private final boolean noDelay;

    TunedSocketFactory(SocketFactory delegate, int bufferBytes, boolean noDelay) {
        this.delegate = (SSLSocketFactory) delegate;
        this.bufferBytes = bufferBytes;
        this.noDelay = noDelay;
    }

    @Override
    protected SSLSocketFactory delegate() {
        return delegate;
    }

    @Override
    protected Socket adjust(Socket socket) throws IOException {
        if (bufferBytes > 0) {
            socket.setSendBufferSize(bufferBytes);
            socket.setReceiveBufferSize(bufferBytes);
        }
        if (noDelay) {
            socket.setTcpNoDelay(true);
        }
        return socket;
    }
}
