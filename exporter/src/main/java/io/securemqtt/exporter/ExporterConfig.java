package io.securemqtt.exporter;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;
import io.securemqtt.common.mqtt.DefaultClientId;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * The exporter's configuration, read once from the environment.
 *
 * @param mqtt           broker and TLS identity ({@code MQTT_*}, as every client)
 * @param brokerCertFile the broker's certificate, whose days left it reports ({@code BROKER_CERT_FILE})
 * @param crlFile        the CRL the broker checks, whose next update it reports ({@code CRL_FILE})
 */
public record ExporterConfig(MqttSettings mqtt, Path brokerCertFile, Path crlFile) {

    /** The start of the default client id, {@code exporter-<secret suffix>} ({@link DefaultClientId}). */
    public static final String DEFAULT_CLIENT_ID = "exporter";
    public static final String BROKER_CERT_FILE = "BROKER_CERT_FILE";
    public static final String CRL_FILE = "CRL_FILE";
    /** Where Compose delivers the broker's public files beside the exporter's own (certgen/compose-certs.sh). */
    public static final Path DEFAULT_BROKER_CERT_FILE = Path.of("/certs/server.crt");
    public static final Path DEFAULT_CRL_FILE = Path.of("/certs/crl.pem");

    public ExporterConfig {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(brokerCertFile, "brokerCertFile");
        Objects.requireNonNull(crlFile, "crlFile");
    }

    /**
     * Reads the {@code MQTT_*} variables as every client does, {@code BROKER_CERT_FILE} and
     * {@code CRL_FILE}. The two files need not exist yet: they are read at each scrape, and a missing
     * one is a warning and a NaN, not a reason to stop watching the broker.
     *
     * @throws ConfigException naming the variable that is missing or malformed
     */
    public static ExporterConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        MqttSettings mqtt = MqttSettings.fromEnvironment(env, DefaultClientId.of(DEFAULT_CLIENT_ID));
        return new ExporterConfig(mqtt, env.optionalPath(BROKER_CERT_FILE).orElse(DEFAULT_BROKER_CERT_FILE),
                env.optionalPath(CRL_FILE).orElse(DEFAULT_CRL_FILE));
    }
}
