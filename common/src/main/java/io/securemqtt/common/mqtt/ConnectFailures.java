package io.securemqtt.common.mqtt;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Turns what Paho and the JDK throw on a failed connect into a message that says what to check.
 * Paho wraps the real cause, often twice; the cause chain is where the answer is.
 */
final class ConnectFailures {

    private static final Pattern TLS_ALERT = Pattern.compile("Received fatal alert: (\\w+)");

    private ConnectFailures() {
    }

    static BrokerConnectionException explain(MqttSettings settings, Throwable failure) {
        String target = settings.serverUri() + " as client '" + settings.clientId() + "'";
        String prefix = "cannot connect to " + target + ": ";

        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof UnknownHostException) {
                return new BrokerConnectionException(prefix + "host '" + settings.host() + "' is unknown; check "
                        + MqttSettings.HOST + " and that the broker's container is on this network", failure, true);
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return new BrokerConnectionException(prefix + "connection refused; is the broker up and listening on port "
                        + settings.port() + "? check " + MqttSettings.HOST + " and " + MqttSettings.PORT, failure, true);
            }
            if (cause instanceof SocketTimeoutException) {
                return new BrokerConnectionException(prefix + "no answer within " + MqttConnections.CONNECTION_TIMEOUT_SECONDS
                        + " s; is the broker up? check " + MqttSettings.HOST + " and " + MqttSettings.PORT, failure, true);
            }
            if (message.contains("No subject alternative") || message.contains("No name matching")) {
                return new BrokerConnectionException(prefix + "the broker's certificate is not valid for host name '" + settings.host()
                        + "' (" + message + "); set " + MqttSettings.HOST + " to a name in its subject alternative names, "
                        + "or reissue the server certificate with this name", failure, false);
            }
            if (cause instanceof CertPathBuilderException || message.contains("PKIX path")) {
                return new BrokerConnectionException(prefix + "the broker's certificate is not signed by the CA in "
                        + settings.caFile() + " (" + MqttSettings.CA_FILE + "); use the CA that issued the broker's certificate", failure, false);
            }
            Matcher alert = TLS_ALERT.matcher(message);
            if (alert.find()) {
                return new BrokerConnectionException(prefix + "the broker ended the TLS handshake with alert '" + alert.group(1)
                        + "': it probably rejected our client certificate " + settings.certFile() + " (" + MqttSettings.CERT_FILE
                        + "); it must be issued by the CA the broker trusts, not be expired and not be revoked (the broker"
                        + " also refuses everyone while its crl.pem is past its next update: run certgen)", failure, false);
            }
            if (cause instanceof SSLException || cause instanceof EOFException) {
                return new BrokerConnectionException(prefix + "TLS failed (" + message + "); the broker may have rejected our client certificate "
                        + settings.certFile() + " (" + MqttSettings.CERT_FILE + "), or may not speak TLS on port " + settings.port(), failure, true);
            }
        }

        if (failure instanceof MqttException mqtt) {
            int code = mqtt.getReasonCode();
            if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
                return new BrokerConnectionException(prefix + "no CONNACK within the timeout; is the broker overloaded or not an MQTT broker?", failure, true);
            }
            if (code == 0x85) {
                return new BrokerConnectionException(prefix + "the broker refused client id '" + settings.clientId()
                        + "' (" + ReasonCodes.describe(code) + "); change " + MqttSettings.CLIENT_ID, failure, false);
            }
            if (code == 0x86 || code == ReasonCodes.NOT_AUTHORIZED || code == 0x8A) {
                return new BrokerConnectionException(prefix + "the broker refused us: " + ReasonCodes.describe(code)
                        + "; the user name is the CN of " + settings.certFile() + ", check the broker's ACL and that it trusts our CA", failure, false);
            }
            if (code == 0x88 || code == 0x89) {
                return new BrokerConnectionException(prefix + ReasonCodes.describe(code), failure, true);
            }
            if (code >= 0x80 && code <= 0xFF) {
                return new BrokerConnectionException(prefix + "the broker refused the connection: " + ReasonCodes.describe(code), failure, false);
            }
        }
        if (failure instanceof IllegalArgumentException && String.valueOf(failure.getMessage()).contains("hostname")) {
            // Java's SNI check: reached only if MqttSettings validation was bypassed.
            return new BrokerConnectionException(prefix + failure.getMessage() + "; check " + MqttSettings.HOST, failure, false);
        }
        return new BrokerConnectionException(prefix + failure.getMessage(), failure, true);
    }
}
