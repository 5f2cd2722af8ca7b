package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.eclipse.paho.mqttv5.client.logging.JSR47Logger;
import org.eclipse.paho.mqttv5.client.logging.Logger;
import org.eclipse.paho.mqttv5.client.logging.LoggerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paho's trace is dropped without asking java.util.logging; its warnings read exactly as Paho's own logger writes them. */
class PahoLoggerTest {

    /** A name of Paho's, as its classes name their loggers. */
    private static final String NAME = "org.eclipse.paho.mqttv5.client.internal.ClientState";

    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger(NAME);
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void record() {
        jul.addHandler(recorder);
        jul.setUseParentHandlers(false);
        // Everything on: what is dropped is dropped by PahoLogger, not by java.util.logging's level.
        jul.setLevel(Level.ALL);
    }

    @AfterEach
    void stopRecording() {
        jul.removeHandler(recorder);
        jul.setUseParentHandlers(true);
        jul.setLevel(null);
    }

    @Test
    void everyPahoObjectMadeAfterAClientGetsIt() {
        MqttConnections.newClient(new MqttSettings("localhost", 8883, Path.of("ca.crt"), Path.of("c.crt"), Path.of("c.key"), "paho-logger"));
        assertInstanceOf(PahoLogger.class, LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, NAME));
    }

    @Test
    void traceIsDroppedEvenWhereJavaUtilLoggingWouldTakeIt() {
        Logger logger = pahoLogger();
        assertFalse(logger.isLoggable(Logger.FINE));
        assertFalse(logger.isLoggable(Logger.CONFIG));
        logger.fine(NAME, "send", "617", new Object[] {"key"});
        logger.finest(NAME, "send", "617", new Object[] {"key"}, new RuntimeException());
        logger.config(NAME, "send", "617");
        logger.trace(Logger.FINE, NAME, "send", "617", new Object[] {"key"}, null);
        logger.log(Logger.FINER, NAME, "send", "617", new Object[] {"key"}, null);
        assertEquals(List.of(), records);
    }

    @Test
    void warningsAndWorseAreWrittenAsPahosOwnLoggerWritesThem() {
        Logger logger = pahoLogger();
        Logger pahos = new JSR47Logger();
        pahos.initialise(catalog(), NAME, null);
        pahos.setResourceName("client-1");
        RuntimeException cause = new RuntimeException("boom");
        for (Logger each : List.of(pahos, logger)) {
            each.warning(NAME, "checkForActivity", "513", new Object[] {"ping-key"});
            each.severe(NAME, "handleRunException", "804", null, cause);
            each.info(NAME, "messageArrivedComplete", "723", new Object[] {"PUBCOMP"});
        }
        assertEquals(6, records.size());
        for (int line = 0; line < 3; line++) {
            LogRecord expected = records.get(line);
            LogRecord actual = records.get(line + 3);
            assertEquals(expected.getLevel(), actual.getLevel());
            assertEquals(expected.getMessage(), actual.getMessage());
            assertEquals(expected.getLoggerName(), actual.getLoggerName());
            assertEquals(expected.getSourceClassName(), actual.getSourceClassName());
            assertEquals(expected.getSourceMethodName(), actual.getSourceMethodName());
            assertEquals(expected.getThrown(), actual.getThrown());
        }
        assertTrue(records.get(3).getMessage().startsWith("client-1: "), records.get(3).getMessage());
        assertTrue(logger.isLoggable(Logger.WARNING));
    }

    private static Logger pahoLogger() {
        PahoLogger logger = new PahoLogger();
        logger.initialise(catalog(), NAME, null);
        logger.setResourceName("client-1");
        return logger;
    }

    private static java.util.ResourceBundle catalog() {
        return java.util.ResourceBundle.getBundle(LoggerFactory.MQTT_CLIENT_MSG_CAT);
    }
}
