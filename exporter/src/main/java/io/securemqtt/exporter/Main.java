package io.securemqtt.exporter;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.program.ClientProgram;

/**
 * Serves the broker's own figures ({@code $SYS/#}) and the days left on its certificate and CRL
 * on {@code /metrics}, for Prometheus, until stopped.
 *
 * <p>Exit status, as for every {@link ClientProgram}: 0 after a requested stop, 1 if the broker
 * refuses us for good, 2 for a configuration error (a variable, or a certificate or key file).
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ClientProgram.exit(run(System.getenv()));
    }

    static int run(Map<String, String> environment) {
        return ClientProgram.run("exporter", log, environment,
                monitoring -> plan(ExporterConfig.fromEnvironment(environment), monitoring));
    }

    private static ClientProgram.Plan plan(ExporterConfig config, Monitoring monitoring) {
        BrokerFigures figures = new BrokerFigures(monitoring.registry(), monitoring.clock(), monitoring.connection()::isConnected);
        new FileDaysLeft(FileDaysLeft.Dated.BROKER_CERTIFICATE, ExporterConfig.BROKER_CERT_FILE, config.brokerCertFile(),
                monitoring.clock()).register(monitoring.registry());
        new FileDaysLeft(FileDaysLeft.Dated.CRL_NEXT_UPDATE, ExporterConfig.CRL_FILE, config.crlFile(),
                monitoring.clock()).register(monitoring.registry());
        ClientCredentials credentials = ClientCredentials.load(config.mqtt());
        return new ClientProgram.Plan(credentials,
                "filter=" + SysSubscription.FILTER + " brokerCert=" + config.brokerCertFile() + " crl=" + config.crlFile(),
                () -> SysSubscription.start(credentials, figures, monitoring)::close);
    }
}
