package io.securemqtt.systemtests;

import io.securemqtt.certgen.store.PemFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import io.securemqtt.common.tls.ProtocolLimitingSocketFactory;

/**
 * A bare Paho client whose TLS material is read with certgen's PEM reader and plain JCA, independent
 * of the product's {@code TlsContexts}: the rejection tests play clients that our own code would refuse to be.
 */
final class RawTlsClient {

    private RawTlsClient() {
    }

    /** Trusts {@code ca}; presents {@code cert}/{@code key} when both are given, nothing otherwise. */
    static SSLContext context(Path ca, Path cert, Path key) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.readCertificate(ca));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        if (cert != null && key != null) {
            identity.setKeyEntry("client", PemFiles.readPrivateKey(key), new char[0],
                    new Certificate[] {PemFiles.readCertificate(cert)});
        }
        kmf.init(identity, new char[0]);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** Connects and returns the client (caller disconnects), or throws what Paho reported. */
    static MqttClient connect(String serverUri, SSLContext tls) throws MqttException {
        return connect(serverUri, tls, null);
    }

    /** As {@link #connect(String, SSLContext)}, offering only the given TLS versions (e.g. "TLSv1.1"). */
    static MqttClient connect(String serverUri, SSLContext tls, String[] protocols) throws MqttException {
        MqttClient client = new MqttClient(serverUri, "raw-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(5);
        options.setAutomaticReconnect(false);
        if (tls != null) {
            options.setSocketFactory(protocols == null ? tls.getSocketFactory() : new ProtocolLimitingSocketFactory(tls.getSocketFactory(), List.of(protocols)));
            options.setHttpsHostnameVerificationEnabled(true);
        }
        try {
            client.connect(options);
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }
}
