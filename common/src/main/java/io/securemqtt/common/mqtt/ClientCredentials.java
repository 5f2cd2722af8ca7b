package io.securemqtt.common.mqtt;

import java.security.cert.X509Certificate;
import java.util.Optional;

import io.securemqtt.common.tls.ReloadingSocketFactory;
import io.securemqtt.common.tls.TlsMaterialException;

/**
 * A client's settings with its certificate and key files read and checked once, at start: the socket
 * factory every connection of the client uses (it reads the files again per connection, so that
 * renewed ones take effect), and the status topic named by the certificate's CN, where both the Will
 * and {@code online} go.
 *
 * <pre>{@code
 * ClientCredentials credentials = ClientCredentials.load(settings);   // a bad file fails here, naming it
 * MqttConnectionOptions options = MqttConnections.cleanSession(credentials);
 * }</pre>
 */
public final class ClientCredentials {

    private final MqttSettings settings;
    private final ReloadingSocketFactory sockets;
    private final String statusTopic;

    private ClientCredentials(MqttSettings settings, ReloadingSocketFactory sockets, String statusTopic) {
        this.settings = settings;
        this.sockets = sockets;
        this.statusTopic = statusTopic;
    }

    /**
     * Reads and checks the CA, certificate and key files of {@code settings}.
     *
     * @throws TlsMaterialException naming the file and the fix, e.g. a key that does not belong to the
     *                              certificate, or a CN that cannot name a status topic
     */
    public static ClientCredentials load(MqttSettings settings) {
        ReloadingSocketFactory sockets = ReloadingSocketFactory.loadNow(settings.caFile(), settings.certFile(), settings.keyFile(),
                MqttSettings.TLS_FILE_NAMES);
        // The identity from the certificate just checked, so that a bad file is reported as such first.
        return new ClientCredentials(settings, sockets, ClientStatus.topicFor(sockets.certificate(), settings.certFile(), settings.clientId()));
    }

    public MqttSettings settings() {
        return settings;
    }

    /** Reads the files again for every connection (certificate renewal), falling back to the last good ones. */
    ReloadingSocketFactory sockets() {
        return sockets;
    }

    /** The broker's certificate as it presented it at the last handshake; empty before the first. */
    public Optional<X509Certificate> brokerCertificate() {
        return sockets.serverCertificate();
    }

    /** {@code clients/<identity>/<client-id>/status}: where the Will says {@code offline} and the client {@code online}. */
    public String statusTopic() {
        return statusTopic;
    }
}
