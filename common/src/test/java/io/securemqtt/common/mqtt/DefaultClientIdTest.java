package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;
import io.securemqtt.common.tls.TlsMaterialException;

/** The default client id, {@code <program>-<secret suffix>[-<replica>]}, from the files certgen writes. */
class DefaultClientIdTest {

    private static final String SUFFIX = "k3v9q0x2m7a1z8c4b6n5";

    /** Real material: a suffix problem is reported only once the certificate and key are known to be good. */
    @TempDir
    static Path pki;
    @TempDir
    Path certs;
    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void generatePki() {
        io.securemqtt.certgen.Main.generate(pki);
    }

    @BeforeEach
    void certgenFiles() throws Exception {
        for (String file : List.of("ca.crt", "subscriber.crt", "subscriber.key")) {
            Files.copy(pki.resolve(file), certs.resolve(file));
        }
        env.put("MQTT_CA_FILE", certs.resolve("ca.crt").toString());
        env.put("MQTT_CERT_FILE", certs.resolve("subscriber.crt").toString());
        env.put("MQTT_KEY_FILE", certs.resolve("subscriber.key").toString());
        Files.writeString(certs.resolve("subscriber.clientid"), SUFFIX + "\n");
    }

    private MqttSettings read(DefaultClientId defaultClientId) {
        return MqttSettings.fromEnvironment(new Environment(env), defaultClientId);
    }

    @Test
    void theSuffixBesideTheCertificate() {
        assertEquals("subscriber-" + SUFFIX, read(DefaultClientId.of("subscriber")).clientId());
    }

    @Test
    void aReplicaAppendsItsName() {
        assertEquals("publisher-" + SUFFIX + "-3f2a1b0c9d8e", read(DefaultClientId.replica("publisher", "3f2a1b0c9d8e")).clientId());
    }

    @Test
    void aLongReplicaNameKeepsItsEndWithinTheLimit() {
        String podName = "publisher-deployment-7d9f8c6b5-" + "x".repeat(30) + "-q2w3e";
        String clientId = read(DefaultClientId.replica("publisher", podName)).clientId();
        assertEquals(MqttSettings.MAX_CLIENT_ID_LENGTH, clientId.length());
        assertTrue(clientId.startsWith("publisher-" + SUFFIX + "-"), clientId);
        assertTrue(clientId.endsWith("-q2w3e"), clientId);
    }

    @Test
    void mqttClientIdIsUsedAsIsWithoutTheFile() throws Exception {
        Files.delete(certs.resolve("subscriber.clientid"));
        env.put("MQTT_CLIENT_ID", "reader-1");
        assertEquals("reader-1", read(DefaultClientId.of("subscriber")).clientId());
    }

    @Test
    void anExplicitSuffixFile() throws Exception {
        Path elsewhere = Files.writeString(certs.resolve("other-name"), "0123456789abcdefghij\n");
        env.put("MQTT_CLIENT_ID_SUFFIX_FILE", elsewhere.toString());
        assertEquals("subscriber-0123456789abcdefghij", read(DefaultClientId.of("subscriber")).clientId());
    }

    @Test
    void aFileWrittenByHandWithoutTheNewlineWillDo() throws Exception {
        Files.writeString(certs.resolve("subscriber.clientid"), SUFFIX);
        assertEquals("subscriber-" + SUFFIX, read(DefaultClientId.of("subscriber")).clientId());
    }

    @Test
    void aMissingFileNamesTheVariableAndTheFile() throws Exception {
        Files.delete(certs.resolve("subscriber.clientid"));
        ConfigException e = assertThrows(ConfigException.class, () -> read(DefaultClientId.of("subscriber")));
        assertEquals("MQTT_CLIENT_ID", e.variable());
        assertEquals("MQTT_CLIENT_ID is not set, so the client id is subscriber-<secret suffix>, which needs the client id suffix file "
                + certs.resolve("subscriber.clientid") + ", which does not exist; certgen writes it beside the certificate, deliver it"
                + " with the key; or set MQTT_CLIENT_ID (a client id another identity can guess lets it take our session)", e.getMessage());
    }

    @Test
    void aMissingExplicitFileNamesItsVariable() {
        env.put("MQTT_CLIENT_ID_SUFFIX_FILE", certs.resolve("nowhere.clientid").toString());
        ConfigException e = assertThrows(ConfigException.class, () -> read(DefaultClientId.replica("publisher", "h1")));
        assertEquals("MQTT_CLIENT_ID_SUFFIX_FILE", e.variable());
        assertTrue(e.getMessage().startsWith("MQTT_CLIENT_ID is not set, so the client id is publisher-<secret suffix>-<replica>, which needs"
                + " the client id suffix file " + certs.resolve("nowhere.clientid") + " (MQTT_CLIENT_ID_SUFFIX_FILE), which does not exist"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "short\n", "K3V9Q0X2M7A1Z8C4B6N5\n", "k3v9q0x2m7a1z8c4b6n5\n\n", "k3v9q0x2m7a1z8c4b6n5\r\n",
            "k3v9q0x2m7a1z8c4b6n5x\n", "k3v9q0x2m7a1-8c4b6n5\n"})
    void aMalformedFileIsRefusedWithoutShowingItsContent(String content) throws Exception {
        Files.writeString(certs.resolve("subscriber.clientid"), content);
        ConfigException e = assertThrows(ConfigException.class, () -> read(DefaultClientId.of("subscriber")));
        assertEquals("MQTT_CLIENT_ID", e.variable());
        assertTrue(e.getMessage().contains(certs.resolve("subscriber.clientid") + ", which does not hold a suffix as certgen writes it"
                + " (20 characters from a-z and 0-9, then a newline; found " + content.length() + " bytes)"), e.getMessage());
        if (content.length() > 8) {
            assertFalse(e.getMessage().contains(content.strip().substring(0, 8)), e.getMessage());
        }
    }

    @Test
    void aHugeFileIsNotReadWhole() throws Exception {
        Files.write(certs.resolve("subscriber.clientid"), new byte[10 * 1024 * 1024]);
        ConfigException e = assertThrows(ConfigException.class, () -> read(DefaultClientId.of("subscriber")));
        assertTrue(e.getMessage().contains("found 65+ bytes"), e.getMessage());
    }

    @Test
    void aFileThatCannotBeReadSaysSo() throws Exception {
        Path file = certs.resolve("subscriber.clientid");
        Files.delete(file);
        Files.createDirectory(file);
        ConfigException e = assertThrows(ConfigException.class, () -> read(DefaultClientId.of("subscriber")));
        assertEquals("MQTT_CLIENT_ID", e.variable());
        assertTrue(e.getMessage().contains(file + ", which cannot be read: "), e.getMessage());
    }

    @Test
    void aCertificateNotNamedDotCrtNeedsTheExplicitVariable() throws Exception {
        Files.move(certs.resolve("subscriber.crt"), certs.resolve("subscriber.pem"));
        env.put("MQTT_CERT_FILE", certs.resolve("subscriber.pem").toString());
        ConfigException e = assertThrows(ConfigException.class, () -> read(DefaultClientId.of("subscriber")));
        assertEquals("MQTT_CLIENT_ID", e.variable());
        assertTrue(e.getMessage().contains("set MQTT_CLIENT_ID_SUFFIX_FILE to the identity's .clientid file, or set MQTT_CLIENT_ID"),
                e.getMessage());
    }

    @Test
    void aMissingCertificateIsReportedBeforeTheSuffixBesideIt() throws Exception {
        Files.delete(certs.resolve("subscriber.crt"));
        Files.delete(certs.resolve("subscriber.clientid"));
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> read(DefaultClientId.of("subscriber")));
        assertTrue(e.getMessage().contains(certs.resolve("subscriber.crt").toString()), e.getMessage());
    }

    @Test
    void generatedByCertgenTheSuffixIsReadAsItIs() throws Exception {
        env.put("MQTT_CERT_FILE", pki.resolve("subscriber.crt").toString());
        String suffix = Files.readString(pki.resolve("subscriber.clientid")).strip();
        assertEquals("subscriber-" + suffix, read(DefaultClientId.of("subscriber")).clientId());
    }

    @Test
    void aReplicaNameThatIsNoTopicLevelIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> read(DefaultClientId.replica("subscriber", "a/b")));
        assertEquals("MQTT_CLIENT_ID", e.variable());
        assertTrue(e.getMessage().startsWith("MQTT_CLIENT_ID is not set, and the default client id 'subscriber-" + SUFFIX + "-a/b' contains"),
                e.getMessage());
    }
}
