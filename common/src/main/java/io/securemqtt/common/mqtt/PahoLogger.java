package io.securemqtt.common.mqtt;

import java.util.ResourceBundle;

import org.eclipse.paho.mqttv5.client.logging.JSR47Logger;
import org.eclipse.paho.mqttv5.client.logging.Logger;
import org.eclipse.paho.mqttv5.client.logging.LoggerFactory;

/**
 * The logger Paho gets ({@link #install}): its trace (CONFIG, FINE, FINER, FINEST) is dropped at the
 * call, and its INFO, WARNING and SEVERE lines go to Paho's own java.util.logging logger, made at the
 * first such line, so that they read exactly as before.
 *
 * <p>Why: Paho 1.2.5 makes a logger for every token, that is for every message, and its default one
 * looks up a java.util.logging logger each time and asks it, level by level, whether trace is on;
 * {@link io.securemqtt.common.program.LogFormat} keeps {@code org.eclipse.paho} at WARNING, so
 * the answer is always no. This one answers without asking. The price: Paho's trace can no longer be
 * turned on through java.util.logging's levels.
 */
public final class PahoLogger implements Logger {

    private ResourceBundle catalog;
    private String loggerId;
    private String resourceName;
    /** Paho's own logger, for the lines that are not trace; made at the first of them. */
    private Logger lines;

    /** Made by Paho's {@link LoggerFactory}, by reflection, for each of its objects that logs. */
    public PahoLogger() {
    }

    /** Makes this Paho's logger class; every Paho object made afterwards uses it. Idempotent. */
    public static void install() {
        LoggerFactory.setLogger(PahoLogger.class.getName());
    }

    @Override
    public void initialise(ResourceBundle messageCatalog, String loggerID, String resourceName) {
        this.catalog = messageCatalog;
        this.loggerId = loggerID;
        this.resourceName = resourceName;
    }

    @Override
    public void setResourceName(String logContext) {
        this.resourceName = logContext;
        if (lines != null) {
            lines.setResourceName(logContext);
        }
    }

    /** Paho's own logger; Paho may log from several threads, hence the lock (taken only for these rare lines). */
    private synchronized Logger lines() {
        if (lines == null) {
            JSR47Logger logger = new JSR47Logger();
            logger.initialise(catalog, loggerId, resourceName);
            lines = logger;
        }
        return lines;
    }

    private static boolean isTrace(int level) {
        return level > INFO;
    }

    @Override
    public boolean isLoggable(int level) {
        return !isTrace(level) && lines().isLoggable(level);
    }

    @Override
    public void log(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        if (!isTrace(level)) {
            lines().log(level, sourceClass, sourceMethod, msg, inserts, thrown);
        }
    }

    @Override
    public void trace(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
        // Paho's trace: off, see the class comment.
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg) {
        log(SEVERE, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg) {
        log(WARNING, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg) {
        log(INFO, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
    }

    @Override
    public String formatMessage(String msg, Object[] inserts) {
        return lines().formatMessage(msg, inserts);
    }

    @Override
    public void dumpTrace() {
    }
}
