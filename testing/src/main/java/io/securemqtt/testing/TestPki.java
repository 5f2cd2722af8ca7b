package io.securemqtt.testing;

import io.securemqtt.certgen.Main;
import io.securemqtt.certgen.pki.CertificateAuthority;
import io.securemqtt.certgen.pki.IssuedCertificate;
import io.securemqtt.certgen.pki.KeyPurpose;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A PKI written by our own certgen, exactly as Compose's certgen step writes it. */
public record TestPki(Path dir) {

    public static TestPki generate(Path dir, String... options) {
        Main.generate(dir, options);
        return new TestPki(dir);
    }

    public Path ca() {
        return files().caCertificate();
    }

    public Path cert(String identity) {
        return files().certificate(identity);
    }

    public Path key(String identity) {
        return files().key(identity);
    }

    /** The file with {@code identity}'s secret client id suffix, one line (certgen's {@code NAME.clientid}). */
    public Path clientIdSuffix(String identity) {
        return files().clientIdSuffix(identity);
    }

    /**
     * Writes {@code stem.crt}/{@code stem.key}: a client certificate for {@code identity} signed by
     * this PKI's CA, with the validity and extended key usages a test needs (certgen's CLI only
     * makes good ones).
     */
    public void issueClient(String stem, String identity, Instant notBefore, Instant notAfter, Set<KeyPurpose> usages) {
        PkiDirectory directory = files();
        CertificateAuthority ca = directory.loadCertificateAuthority();
        directory.save(stem, ca.issueClient(identity, KeyType.EC_P256, notBefore, notAfter, usages));
    }

    /**
     * Writes {@code stem.crt}/{@code stem.key}: a client certificate for {@code identity} from an
     * impostor CA with exactly our CA's name but a key of its own.
     */
    public void issueFromLookAlikeCa(String stem, String identity) {
        Instant now = Instant.now();
        CertificateAuthority impostor = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256,
                now.minusSeconds(3600), now.plusSeconds(86_400));
        IssuedCertificate issued = impostor.issueClient(identity, KeyType.EC_P256, now.minusSeconds(3600),
                now.plusSeconds(86_400));
        files().save(stem, issued);
    }

    /**
     * The variables that give a program {@code identity}'s files, as Compose sets them:
     * {@code MQTT_CA_FILE}, {@code MQTT_CERT_FILE}, {@code MQTT_KEY_FILE}. A mutable map, for a test
     * to add to.
     */
    public Map<String, String> tlsEnvironment(String identity) {
        Map<String, String> environment = new HashMap<>();
        environment.put("MQTT_CA_FILE", ca().toString());
        environment.put("MQTT_CERT_FILE", cert(identity).toString());
        environment.put("MQTT_KEY_FILE", key(identity).toString());
        return environment;
    }

    /** The layout is certgen's: where it writes each file. */
    private PkiDirectory files() {
        return new PkiDirectory(dir);
    }
}
