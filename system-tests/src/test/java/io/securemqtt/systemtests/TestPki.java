package io.securemqtt.systemtests;

import io.securemqtt.certgen.Main;
import io.securemqtt.certgen.pki.CertificateAuthority;
import io.securemqtt.certgen.pki.IssuedCertificate;
import io.securemqtt.certgen.pki.KeyPurpose;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import io.securemqtt.common.mqtt.MqttSettings;

/** A PKI written by our own certgen, exactly as Compose's certgen step writes it. */
record TestPki(Path dir) {

    static TestPki generate(Path dir, String... options) {
        Main.generate(dir, options);
        return new TestPki(dir);
    }

    Path ca() {
        return dir.resolve("ca.crt");
    }

    Path cert(String identity) {
        return dir.resolve(identity + ".crt");
    }

    Path key(String identity) {
        return dir.resolve(identity + ".key");
    }

    /** The file with {@code identity}'s secret client id suffix, one line (certgen's {@code NAME.clientid}). */
    Path clientIdSuffix(String identity) {
        return dir.resolve(identity + ".clientid");
    }

    /**
     * Writes {@code stem.crt}/{@code stem.key}: a client certificate for {@code identity} signed by
     * this PKI's CA, with the validity and extended key usages a test needs (certgen's CLI only
     * makes good ones).
     */
    void issueClient(String stem, String identity, Instant notBefore, Instant notAfter, Set<KeyPurpose> usages) {
        PkiDirectory directory = new PkiDirectory(dir);
        CertificateAuthority ca = directory.loadCertificateAuthority();
        directory.save(stem, ca.issueClient(identity, KeyType.EC_P256, notBefore, notAfter, usages));
    }

    /**
     * Writes {@code stem.crt}/{@code stem.key}: a client certificate for {@code identity} from an
     * impostor CA with exactly our CA's name but a key of its own.
     */
    void issueFromLookAlikeCa(String stem, String identity) {
        Instant now = Instant.now();
        CertificateAuthority impostor = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256,
                now.minusSeconds(3600), now.plusSeconds(86_400));
        IssuedCertificate issued = impostor.issueClient(identity, KeyType.EC_P256, now.minusSeconds(3600),
                now.plusSeconds(86_400));
        new PkiDirectory(dir).save(stem, issued);
    }

    /** Connection settings for {@code identity}, as its container's environment would give them. */
    MqttSettings settings(MosquittoContainer broker, String identity, String clientId) {
        return new MqttSettings(broker.mqttsHost(), broker.mqttsPort(), ca(), cert(identity), key(identity), clientId);
    }
}
